import Foundation
import Testing
import Store

/// Call records through the `CallRecordStore` protocol, on a temporary database file.
@Suite struct CallRecordTests {
    /// Runs `body` with a store on a fresh temporary file, then deletes it.
    private func withStore(_ body: (any CallRecordStore) throws -> Void) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try GatewayStore(path: folder.path("gateway.sqlite"))
        try body(store)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func insertAndReadBackEveryField() throws {
        try withStore { store in
            let full = CallRecord(id: "c1", direction: CallRecord.inbound, webIdentity: "agent-7",
                                  destination: "sip:+15551230000@carrier.example", trunk: "carrier",
                                  sipCallId: "a84b4c76e66710@pc33.example.org", startedAt: time(0.25),
                                  answeredAt: time(3.5), endedAt: time(65.125), hangupSide: "sip",
                                  cause: "normal", sipStatus: 200, q850: 16)
            let bare = CallRecord(id: "c2", direction: CallRecord.echo, destination: "*43", startedAt: time(10))
            try store.insert(full)
            try store.insert(bare)
            #expect(try store.record(id: "c1") == full.loaded())
            #expect(try store.record(id: "c2") == bare.loaded())
            #expect(try store.record(id: "nope") == nil)
        }
    }

    @Test func duplicateIDAndBadDirectionAreRejected() throws {
        try withStore { store in
            try store.insert(sampleRecord(id: "c1", startedAt: time(0)))
            do throws(StoreError) {
                try store.insert(sampleRecord(id: "c1", startedAt: time(1)))
                Issue.record("expected duplicateID")
            } catch {
                #expect(error.kind == .duplicateID)
            }
            do throws(StoreError) {
                try store.insert(sampleRecord(id: "c2", startedAt: time(1), direction: "sideways"))
                Issue.record("expected invalidRecord")
            } catch {
                #expect(error.kind == .invalidRecord)
            }
            #expect(try store.recentRecords(limit: 10).map(\.id) == ["c1"])
        }
    }

    @Test func updateReplacesTheRecord() throws {
        try withStore { store in
            var record = sampleRecord(id: "c1", startedAt: time(0))
            try store.insert(record)
            record.answeredAt = time(2)
            record.endedAt = time(30)
            record.hangupSide = "web"
            record.cause = "normal"
            record.sipStatus = 200
            record.trunk = nil
            try store.update(record)
            #expect(try store.record(id: "c1") == record.loaded())
            do throws(StoreError) {
                try store.update(sampleRecord(id: "missing", startedAt: time(0)))
                Issue.record("expected notFound")
            } catch {
                #expect(error.kind == .notFound)
            }
        }
    }

    @Test func answeredAndEndedAreSetOnce() throws {
        try withStore { store in
            try store.insert(sampleRecord(id: "c1", startedAt: time(0)))
            #expect(try store.markAnswered(id: "c1", at: time(4)))
            #expect(try !store.markAnswered(id: "c1", at: time(5)))
            #expect(try store.markEnded(id: "c1", at: time(60), side: "sip", cause: "normal", sipStatus: nil, q850: 16))
            #expect(try !store.markEnded(id: "c1", at: time(61), side: "web", cause: "other", sipStatus: 500, q850: 41))
            #expect(try !store.markAnswered(id: "unknown", at: time(1)))
            #expect(try !store.markEnded(id: "unknown", at: time(1), side: nil, cause: nil, sipStatus: nil, q850: nil))
            let record = try #require(try store.record(id: "c1"))
            #expect(record.answeredAt == time(4))
            #expect(record.endedAt == time(60))
            #expect(record.hangupSide == "sip" && record.cause == "normal")
            #expect(record.sipStatus == nil && record.q850 == 16)
            #expect(!record.isOpen)

            // A call that never got answered cannot be marked answered after it ended.
            try store.insert(sampleRecord(id: "c2", startedAt: time(100)))
            #expect(try store.markEnded(id: "c2", at: time(160), side: "gateway", cause: "not_answered", sipStatus: 480, q850: 19))
            #expect(try !store.markAnswered(id: "c2", at: time(161)))
            #expect(try store.record(id: "c2")?.answeredAt == nil)
        }
    }

    @Test func recentRecordsAreNewestFirstAndLimited() throws {
        try withStore { store in
            // Inserted out of order; two share a start time (the later insert comes first).
            for (id, start) in [("b", 20.0), ("a", 10.0), ("d", 40.0), ("c", 30.0), ("c2", 30.0)] {
                try store.insert(sampleRecord(id: id, startedAt: time(start)))
            }
            #expect(try store.recentRecords(limit: 10).map(\.id) == ["d", "c2", "c", "b", "a"])
            #expect(try store.recentRecords(limit: 2).map(\.id) == ["d", "c2"])
            #expect(try store.recentRecords(limit: 0) == [])
            #expect(try store.recentRecords(limit: -5) == [])
        }
    }

    @Test func openRecordsAreClosedAfterACrash() throws {
        try withStore { store in
            try store.insert(sampleRecord(id: "done", startedAt: time(0)))
            try store.markEnded(id: "done", at: time(10), side: "web", cause: "normal", sipStatus: nil, q850: nil)
            try store.insert(sampleRecord(id: "ringing", startedAt: time(30)))
            try store.insert(sampleRecord(id: "talking", startedAt: time(20)))
            try store.markAnswered(id: "talking", at: time(25))

            #expect(try store.openRecords().map(\.id) == ["talking", "ringing"])
            #expect(try store.closeOpenRecords(at: time(1000), cause: "gateway_restart") == 2)
            #expect(try store.openRecords() == [])
            #expect(try store.closeOpenRecords(at: time(2000), cause: "gateway_restart") == 0)

            let talking = try #require(try store.record(id: "talking"))
            #expect(talking.endedAt == time(1000))
            #expect(talking.cause == "gateway_restart" && talking.hangupSide == "gateway")
            #expect(talking.answeredAt == time(25))
            let done = try #require(try store.record(id: "done"))
            #expect(done.endedAt == time(10) && done.cause == "normal" && done.hangupSide == "web")
        }
    }

    @Test func storeIsUsableFromManyTasks() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store: any CallRecordStore = try GatewayStore(path: folder.path("gateway.sqlite"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try store.insert(sampleRecord(id: "t\(index)", startedAt: time(Double(index))))
                    _ = try await store.recentRecords(limit: 5)
                }
            }
            try await group.waitForAll()
        }
        // In async code the suspending readers are used.
        #expect(try await store.recentRecords(limit: 100).count == 20)
        #expect(try await store.recentRecords(limit: 1).first?.id == "t19")
        #expect(try await store.record(id: "t7")?.startedAt == time(7))
        #expect(try await store.record(id: "none") == nil)
        #expect(try await store.openRecords().count == 20)
        #expect(try store.closeOpenRecords(at: time(100), cause: "shutdown") == 20)
        #expect(try await store.openRecords() == [])
    }
}
