import Foundation
import GRDB

/// Call events (`call_event`, migration `v3_call_events`): what happened to a call
/// along the way, kept apart from its `call_record` row and deleted with it.
extension GatewayStore {
    public func addEvent(callID: String, _ event: CallRecordEvent) throws(StoreError) {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM call_record WHERE id = ?", arguments: [callID]) != nil else {
                throw StoreError(.notFound, "no call record with id \(callID)")
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM call_event WHERE call_id = ?",
                                         arguments: [callID]) ?? 0
            if count < CallRecordEvent.maximumPerCall {
                try Self.insertEvent(db, callID: callID, event)
                return
            }
            // Past the bound: the first event dropped leaves one marker at its time, so a
            // reader knows the list is incomplete and from when; the rest go silently.
            let lastKind = try String.fetchOne(db, sql: """
                SELECT kind FROM call_event WHERE call_id = ? ORDER BY id DESC LIMIT 1
                """, arguments: [callID])
            guard lastKind != CallRecordEvent.eventsTruncated else { return }
            let marker = CallRecordEvent(
                at: event.at, kind: CallRecordEvent.eventsTruncated,
                detail: "more than \(CallRecordEvent.maximumPerCall) events; later ones were dropped")
            try Self.insertEvent(db, callID: callID, marker)
        }
    }

    public func events(callID: String) throws(StoreError) -> [CallRecordEvent] {
        try read { db in try Self.fetchEvents(db, callID: callID) }
    }

    public func events(callID: String) async throws(StoreError) -> [CallRecordEvent] {
        try await asyncRead { db in try Self.fetchEvents(db, callID: callID) }
    }

    // MARK: Queries shared with the call record readers

    /// The call's events, oldest first: `id` grows with every insert, unlike `at`,
    /// which two events may share.
    static func fetchEvents(_ db: Database, callID: String) throws -> [CallRecordEvent] {
        try Row.fetchAll(db, sql: """
            SELECT at, kind, detail FROM call_event WHERE call_id = ? ORDER BY id
            """, arguments: [callID]).map { row in
            CallRecordEvent(at: try row.decode(forColumn: "at"),
                            kind: try row.decode(forColumn: "kind"),
                            detail: try row.decode(forColumn: "detail"))
        }
    }

    private static func insertEvent(_ db: Database, callID: String, _ event: CallRecordEvent) throws {
        try db.execute(sql: "INSERT INTO call_event (call_id, at, kind, detail) VALUES (?, ?, ?, ?)",
                       arguments: [callID, event.at, event.kind, event.detail])
    }
}
