import Foundation
import GRDB
import Testing
@testable import Store

/// Events kept with a call record: what happened to the call along the way.
@Suite struct CallEventTests {
    private let dropped = CallRecordEvent(at: time(12.5), kind: CallRecordEvent.browserDropped, detail: "ICE consent lost")
    private let resumed = CallRecordEvent(at: time(14.25), kind: CallRecordEvent.browserResumed, detail: "path came back")
    // Same instant as the next one: order comes from insertion, not from `at`.
    private let droppedAgain = CallRecordEvent(at: time(20), kind: CallRecordEvent.browserDropped, detail: "signaling closed")
    private let refused = CallRecordEvent(at: time(20), kind: CallRecordEvent.resumeRefused, detail: "token expired — café ☎")
    private let bare = CallRecordEvent(at: time(21.125), kind: "custom_kind")

    @Test func kindsAreTheDocumentedWords() {
        #expect(CallRecordEvent.browserDropped == "browser_dropped")
        #expect(CallRecordEvent.browserResumed == "browser_resumed")
        #expect(CallRecordEvent.resumeRefused == "resume_refused")
        #expect(CallRecordEvent.eventsTruncated == "events_truncated")
        #expect(CallRecordEvent.maximumPerCall == 1000)
    }

    @Test func eventsComeBackOldestFirstWithExactValues() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store: any CallRecordStore = try GatewayStore(path: folder.path("gateway.sqlite"))
        let record = sampleRecord(id: "c1", startedAt: time(0))
        try store.insert(record)
        try store.insert(sampleRecord(id: "c2", startedAt: time(1)))
        #expect(try store.events(callID: "c1") == [])
        #expect(try store.record(id: "c1") == record.loaded([]))

        let added = [dropped, resumed, droppedAgain, refused, bare]
        for event in added {
            try store.addEvent(callID: "c1", event)
        }
        try store.addEvent(callID: "c2", resumed)

        #expect(try store.events(callID: "c1") == added)
        #expect(try store.events(callID: "c2") == [resumed])
        #expect(try store.record(id: "c1") == record.loaded(added))
        let read = try #require(try store.events(callID: "c1").last)
        #expect(read.detail == nil && read.at == time(21.125) && read.kind == "custom_kind")
        #expect(try store.events(callID: "c1")[3].detail == "token expired — café ☎")
        // Lists of records do not load events.
        #expect(try store.recentRecords(limit: 10).map(\.events) == [nil, nil])
        #expect(try store.openRecords().map(\.events) == [nil, nil])
        // Replacing the record neither drops nor duplicates its events.
        var ended = record
        ended.endedAt = time(30)
        ended.events = [bare]
        try store.update(ended)
        #expect(try store.events(callID: "c1") == added)
    }

    /// In `async` code the suspending readers are picked; they read the same.
    @Test func suspendingReadersAgree() async throws {
        let store: any CallRecordStore = try GatewayStore.inMemory()
        try store.insert(sampleRecord(id: "c1", startedAt: time(0)))
        #expect(try await store.events(callID: "c1") == [])
        try store.addEvent(callID: "c1", dropped)
        try store.addEvent(callID: "c1", resumed)
        #expect(try await store.events(callID: "c1") == [dropped, resumed])
        #expect(try await store.record(id: "c1")?.events == [dropped, resumed])
        #expect(try await store.recentRecords(limit: 1).first?.events == nil)
        #expect(try await store.events(callID: "other") == [])
    }

    @Test func unknownCallIsNotFound() throws {
        let store = try GatewayStore.inMemory()
        do throws(StoreError) {
            try store.addEvent(callID: "nope", dropped)
            Issue.record("expected notFound")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.message.contains("nope"))
        }
        #expect(try store.events(callID: "nope") == [])
        #expect(try store.foreignKeyCheck() == [])
    }

    /// The API cannot delete records yet; a future retention job deleting them with SQL
    /// must take their events along.
    @Test func eventsAreDeletedWithTheirRecord() throws {
        let store = try GatewayStore.inMemory()
        try store.insert(sampleRecord(id: "gone", startedAt: time(0)))
        try store.insert(sampleRecord(id: "kept", startedAt: time(1)))
        try store.addEvent(callID: "gone", dropped)
        try store.addEvent(callID: "gone", resumed)
        try store.addEvent(callID: "kept", refused)
        try store.writer.write { db in
            try db.execute(sql: "DELETE FROM call_record WHERE id = ?", arguments: ["gone"])
        }
        let remaining = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT call_id FROM call_event ORDER BY id")
        }
        #expect(remaining == ["kept"])
        #expect(try store.events(callID: "kept") == [refused])
        #expect(try store.foreignKeyCheck() == [])
    }

    @Test func aCallKeepsAThousandEventsAndOneTruncationMarker() throws {
        let store = try GatewayStore.inMemory()
        try store.insert(sampleRecord(id: "flappy", startedAt: time(0)))
        try store.insert(sampleRecord(id: "calm", startedAt: time(0)))
        let limit = CallRecordEvent.maximumPerCall
        let kept = (0..<limit).map { index in
            CallRecordEvent(at: time(Double(index)), kind: index.isMultiple(of: 2) ? CallRecordEvent.browserDropped
                                                                                   : CallRecordEvent.browserResumed,
                            detail: "#\(index)")
        }
        for event in kept {
            try store.addEvent(callID: "flappy", event)
        }
        #expect(try store.events(callID: "flappy") == kept)

        // Past the bound: no error, the first extra event becomes the marker (at its
        // time), the rest are dropped, even another marker-looking event.
        try store.addEvent(callID: "flappy", CallRecordEvent(at: time(5000), kind: CallRecordEvent.browserDropped))
        try store.addEvent(callID: "flappy", CallRecordEvent(at: time(5001), kind: CallRecordEvent.browserResumed))
        try store.addEvent(callID: "flappy", CallRecordEvent(at: time(5002), kind: CallRecordEvent.eventsTruncated))
        let marker = CallRecordEvent(at: time(5000), kind: CallRecordEvent.eventsTruncated,
                                     detail: "more than 1000 events; later ones were dropped")
        let stored = try store.events(callID: "flappy")
        #expect(stored.count == limit + 1)
        #expect(stored == kept + [marker])
        #expect(try store.record(id: "flappy")?.events == kept + [marker])

        // The bound is per call.
        try store.addEvent(callID: "calm", refused)
        #expect(try store.events(callID: "calm") == [refused])
        // An unknown call is still an error past anyone's bound.
        #expect(throws: StoreError.self) { try store.addEvent(callID: "nope", dropped) }
    }

    @Test func upgradingFromV2KeepsRecordsAndRevisions() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("gateway.sqlite")
        let ended = CallRecord(id: "old-1", direction: CallRecord.inbound, webIdentity: "agent-7",
                               destination: "+15551230000", trunk: "carrier", sipCallId: "x@pc33.example.org",
                               startedAt: time(0.5), answeredAt: time(2), endedAt: time(30.125),
                               hangupSide: "sip", cause: "normal", sipStatus: 200, q850: 16)
        let open = sampleRecord(id: "old-2", startedAt: time(40))
        let files = [DialplanRevisionFile(name: "default.yaml", contents: "contexts: {}\n")]
        let revision: DialplanRevision
        do {
            let v2 = try GatewayStore(path: path, migratingUpTo: "v2_dialplan_revisions")
            #expect(try v2.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions"])
            try v2.insert(ended)
            try v2.insert(open)
            revision = try v2.saveRevision(files: files, source: DialplanRevision.startup, note: "boot", at: time(1)).revision
        }
        let upgraded = try GatewayStore(path: path)
        #expect(try upgraded.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events", "v4_operators", "v5_call_links", "v6_settings"])
        #expect(try upgraded.record(id: "old-1") == ended.loaded([]))
        #expect(try upgraded.record(id: "old-2") == open.loaded([]))
        #expect(try upgraded.recentRecords(limit: 10) == [open, ended])
        #expect(try upgraded.openRecords() == [open])
        #expect(try upgraded.revision(id: 1) == revision)
        #expect(try upgraded.latestRevision() == revision)

        try upgraded.addEvent(callID: "old-2", dropped)
        #expect(try upgraded.record(id: "old-2") == open.loaded([dropped]))
        #expect(try upgraded.integrityCheck() == ["ok"])
        #expect(try upgraded.foreignKeyCheck() == [])
    }

    @Test func jsonLeavesOutEventsNotLoadedAndReadsOlderJSON() throws {
        let record = sampleRecord(id: "j", startedAt: time(0))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = try #require(String(data: encoder.encode(record), encoding: .utf8))
        #expect(!plain.contains("events"))
        #expect(try JSONDecoder().decode(CallRecord.self, from: Data(plain.utf8)) == record)

        let loaded = record.loaded([dropped, bare])
        let withEvents = try encoder.encode(loaded)
        #expect(try JSONDecoder().decode(CallRecord.self, from: withEvents) == loaded)
        let object = try #require(try JSONSerialization.jsonObject(with: withEvents) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.count == 2)
        #expect(events[0]["kind"] as? String == "browser_dropped")
        #expect(events[0]["detail"] as? String == "ICE consent lost")
        #expect(events[1]["kind"] as? String == "custom_kind")
        #expect(events[1]["detail"] == nil)

        let empty = try encoder.encode(record.loaded([]))
        #expect(String(data: empty, encoding: .utf8)?.contains("\"events\":[]") == true)
    }
}
