import Foundation
import Store

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a store on a fresh temporary file, checks the file's integrity after
/// it, then deletes it.
func withFileStore(_ body: (GatewayStore) throws -> Void) throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let store = try GatewayStore(path: folder.path("gateway.sqlite"))
    try body(store)
    guard try store.integrityCheck() == ["ok"] else { throw StoreError(.databaseFailure, "integrity check failed") }
}

/// A fixed point in time plus whole seconds (no clock reads in tests).
func time(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: 1_750_000_000 + seconds)
}

func sampleRecord(id: String, startedAt: Date, direction: String = CallRecord.outbound) -> CallRecord {
    CallRecord(id: id, direction: direction, webIdentity: "alice", destination: "+15551230000",
               trunk: "carrier", sipCallId: "\(id)@gw.example.org", startedAt: startedAt)
}

extension CallRecord {
    /// The record as `record(id:)` returns it: with its events loaded.
    func loaded(_ events: [CallRecordEvent] = []) -> CallRecord {
        var copy = self
        copy.events = events
        return copy
    }
}
