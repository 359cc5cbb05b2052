import Foundation
import Testing
@testable import Store

/// Upgrading a database written before dialplan revisions existed.
@Suite struct DialplanRevisionMigrationTests {
    @Test func v2LeavesCallRecordsUntouched() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("gateway.sqlite")
        let ended = CallRecord(id: "old-1", direction: CallRecord.inbound, webIdentity: "agent-7",
                               destination: "+15551230000", trunk: "carrier", sipCallId: "x@pc33.example.org",
                               startedAt: time(0.5), answeredAt: time(2), endedAt: time(30.125),
                               hangupSide: "sip", cause: "normal", sipStatus: 200, q850: 16)
        let open = sampleRecord(id: "old-2", startedAt: time(40))
        do {
            let v1 = try GatewayStore(path: path, migratingUpTo: "v1_call_records")
            #expect(try v1.appliedMigrations() == ["v1_call_records"])
            try v1.insert(ended)
            try v1.insert(open)
        }
        let upgraded = try GatewayStore(path: path)
        #expect(try upgraded.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events", "v4_operators", "v5_call_links", "v6_settings"])
        #expect(try upgraded.record(id: "old-1") == ended.loaded())
        #expect(try upgraded.record(id: "old-2") == open.loaded())
        #expect(try upgraded.recentRecords(limit: 10) == [open, ended])
        #expect(try upgraded.openRecords() == [open])
        #expect(try upgraded.revisions(limit: 10) == [])
        let saved = try upgraded.saveRevision(files: [DialplanRevisionFile(name: "default.yaml", contents: "contexts: {}\n")],
                                              source: DialplanRevision.startup, note: nil, at: time(50))
        #expect(saved.isNew && saved.revision.id == 1)
        #expect(try upgraded.recentRecords(limit: 10) == [open, ended])
        #expect(try upgraded.integrityCheck() == ["ok"])
        #expect(try upgraded.foreignKeyCheck() == [])
    }
}
