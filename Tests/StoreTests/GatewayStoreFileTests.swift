import Foundation
import Testing
import Store

/// The file-backed store: creation, schema, journal mode, durability across reopen.
@Suite struct GatewayStoreFileTests {
    @Test func createsItsFolderMigratesAndUsesWAL() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("nested/data/gateway.sqlite")
        let store = try GatewayStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events", "v4_operators", "v5_call_links", "v6_settings"])
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func recordsSurviveReopeningAndMigrationsRunOnce() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("gateway.sqlite")
        let record = sampleRecord(id: "call-1", startedAt: time(0))
        do {
            let store = try GatewayStore(path: path)
            try store.insert(record)
        }
        let reopened = try GatewayStore(path: path)
        #expect(try reopened.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events", "v4_operators", "v5_call_links", "v6_settings"])
        #expect(try reopened.record(id: "call-1") == record.loaded())
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func unusablePathIsCannotOpen() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        // A regular file where the folder should be.
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.url.appendingPathComponent("blocker"))
        do {
            _ = try GatewayStore(path: folder.path("blocker/gateway.sqlite"))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .cannotOpen)
        }
    }

    @Test func notADatabaseIsAnError() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let path = folder.path("garbage.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try GatewayStore(path: path) }
    }

    @Test func inMemoryStoreHasTheSameSchema() throws {
        let store = try GatewayStore.inMemory()
        #expect(try store.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events", "v4_operators", "v5_call_links", "v6_settings"])
        #expect(try store.journalMode() == "memory")
        try store.insert(sampleRecord(id: "m", startedAt: time(0)))
        #expect(try store.record(id: "m")?.destination == "+15551230000")
    }
}
