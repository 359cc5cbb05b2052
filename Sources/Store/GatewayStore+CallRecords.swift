import Foundation
import GRDB

extension GatewayStore: CallRecordStore {
    public func insert(_ record: CallRecord) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO call_record (\(CallRecordColumns.list))
                VALUES (\(CallRecordColumns.placeholders))
                """, arguments: record.databaseArguments)
        }
    }

    public func update(_ record: CallRecord) throws(StoreError) {
        let changed = try write { db in
            try db.execute(sql: """
                UPDATE call_record SET \(CallRecordColumns.assignments) WHERE id = :id
                """, arguments: record.databaseArguments)
            return db.changesCount
        }
        if changed == 0 {
            throw StoreError(.notFound, "no call record with id \(record.id)")
        }
    }

    @discardableResult
    public func markAnswered(id: String, at time: Date) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE call_record SET answered_at = ?
                WHERE id = ? AND answered_at IS NULL AND ended_at IS NULL
                """, arguments: [time, id])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func markEnded(id: String, at time: Date, side: String?, cause: String?,
                          sipStatus: Int?, q850: Int?) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE call_record
                SET ended_at = ?, hangup_side = ?, cause = ?, sip_status = ?, q850 = ?
                WHERE id = ? AND ended_at IS NULL
                """, arguments: [time, side, cause, sipStatus, q850, id])
            return db.changesCount > 0
        }
    }

    public func record(id: String) throws(StoreError) -> CallRecord? {
        try read { db in try Self.fetchRecord(db, id: id) }
    }

    public func recentRecords(limit: Int) throws(StoreError) -> [CallRecord] {
        try read { db in try Self.fetchRecent(db, limit: limit) }
    }

    public func openRecords() throws(StoreError) -> [CallRecord] {
        try read { db in try Self.fetchOpen(db) }
    }

    public func record(id: String) async throws(StoreError) -> CallRecord? {
        try await asyncRead { db in try Self.fetchRecord(db, id: id) }
    }

    public func recentRecords(limit: Int) async throws(StoreError) -> [CallRecord] {
        try await asyncRead { db in try Self.fetchRecent(db, limit: limit) }
    }

    public func openRecords() async throws(StoreError) -> [CallRecord] {
        try await asyncRead { db in try Self.fetchOpen(db) }
    }

    @discardableResult
    public func closeOpenRecords(at time: Date, cause: String) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE call_record SET ended_at = ?, cause = ?, hangup_side = 'gateway'
                WHERE ended_at IS NULL
                """, arguments: [time, cause])
            return db.changesCount
        }
    }

    // MARK: Queries shared by the blocking and suspending readers

    /// One record with its events, read in one transaction so they agree.
    private static func fetchRecord(_ db: Database, id: String) throws -> CallRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(CallRecordColumns.list) FROM call_record WHERE id = ?",
                                         arguments: [id]) else {
            return nil
        }
        var record = try CallRecord(row: row)
        record.events = try fetchEvents(db, callID: id)
        return record
    }

    private static func fetchRecent(_ db: Database, limit: Int) throws -> [CallRecord] {
        // rowid breaks ties between calls started in the same millisecond: later insert first.
        try Row.fetchAll(db, sql: """
            SELECT \(CallRecordColumns.list) FROM call_record
            ORDER BY started_at DESC, rowid DESC LIMIT ?
            """, arguments: [max(0, limit)]).map(CallRecord.init(row:))
    }

    private static func fetchOpen(_ db: Database) throws -> [CallRecord] {
        try Row.fetchAll(db, sql: """
            SELECT \(CallRecordColumns.list) FROM call_record
            WHERE ended_at IS NULL ORDER BY started_at, rowid
            """).map(CallRecord.init(row:))
    }
}
