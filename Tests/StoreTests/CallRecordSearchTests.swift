import Foundation
import Testing
import Store

/// The admin console's call record search.
@Suite struct CallRecordSearchTests {
    func withRecords(_ body: (GatewayStore) async throws -> Void) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try GatewayStore(path: folder.path("gateway.sqlite"))
        var first = sampleRecord(id: "c1", startedAt: time(0))
        first.destination = "+12125550100"
        first.cause = "normal_clearing"
        var second = sampleRecord(id: "c2", startedAt: time(60), direction: CallRecord.inbound)
        second.webIdentity = "bob"
        second.destination = "+4420794600_%"
        second.cause = "user_busy"
        let third = CallRecord(id: "c3", direction: CallRecord.echo, webIdentity: "carol", destination: "*43",
                               startedAt: time(120))
        for record in [first, second, third] { try store.insert(record) }
        try await body(store)
    }

    func ids(_ store: GatewayStore, _ filter: CallRecordFilter, limit: Int = 50) async throws -> [String] {
        try await store.searchRecords(filter, limit: limit).map(\.id)
    }

    @Test func everyFieldNarrowsTheResultNewestFirst() async throws {
        try await withRecords { (store: GatewayStore) async throws in
            #expect(try await ids(store, CallRecordFilter()) == ["c3", "c2", "c1"])
            #expect(try await ids(store, CallRecordFilter(), limit: 2) == ["c3", "c2"])
            #expect(try await ids(store, CallRecordFilter(text: "2125550")) == ["c1"])
            #expect(try await ids(store, CallRecordFilter(text: "BOB")) == ["c2"])          // case-insensitive
            #expect(try await ids(store, CallRecordFilter(text: "carrier")) == ["c2", "c1"])  // the trunk
            #expect(try await ids(store, CallRecordFilter(direction: CallRecord.inbound)) == ["c2"])
            #expect(try await ids(store, CallRecordFilter(cause: "normal_clearing")) == ["c1"])
            #expect(try await ids(store, CallRecordFilter(since: time(60))) == ["c3", "c2"])
            #expect(try await ids(store, CallRecordFilter(until: time(60))) == ["c1"])
            #expect(try await ids(store, CallRecordFilter(text: "alice", direction: CallRecord.outbound)) == ["c1"])
        }
    }

    @Test func wildcardsInTheTextAreLiteral() async throws {
        try await withRecords { (store: GatewayStore) async throws in
            #expect(try await ids(store, CallRecordFilter(text: "_%")) == ["c2"])
            #expect(try await ids(store, CallRecordFilter(text: "%")) == ["c2"])
            #expect(try await ids(store, CallRecordFilter(text: "' OR 1=1 --")) == [])
        }
    }
}
