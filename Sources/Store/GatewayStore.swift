import Foundation
import GRDB

/// The gateway's embedded SQLite database (through GRDB): call records and dialplan
/// revisions now, agents and call links later.
///
/// A file database is a GRDB `DatabasePool`, which puts SQLite in write-ahead-log
/// mode: readers never wait for the writer, and a crash loses at most the last
/// transactions, never the file. The synchronous methods may wait for the disk or for
/// another writer: call them from a dedicated thread or serial queue off the
/// networking threads, never on a SwiftNIO event loop. The `async` readers of
/// `CallRecordStore` suspend instead, so request handlers can call them directly.
public final class GatewayStore: Sendable {
    /// A `DatabasePool` for files, a `DatabaseQueue` in memory; the code does not care which.
    let writer: any DatabaseWriter

    /// Opens (or creates) the database at `path`, creating its folder, and brings the
    /// schema up to date.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, migratingUpTo: nil)
    }

    /// Opens the database at `path` and applies migrations up to `lastMigration` only
    /// (all of them when nil): lets tests build a database as an older release left it.
    init(path: String, migratingUpTo lastMigration: String?) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotOpen, "cannot create folder \(folder.path): \(error.localizedDescription)")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
        } catch {
            throw StoreError(.cannotOpen, "cannot open \(path): \(error)")
        }
        writer = pool
        try migrate(upTo: lastMigration)
    }

    private init(writer: any DatabaseWriter) throws(StoreError) {
        self.writer = writer
        try migrate()
    }

    /// A private in-memory database with the current schema, for tests.
    public static func inMemory() throws(StoreError) -> GatewayStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            throw StoreError(.cannotOpen, "cannot open an in-memory database: \(error)")
        }
        return try GatewayStore(writer: queue)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        // Wait for a concurrent writer (another process, a backup) instead of failing.
        configuration.busyMode = .timeout(5)
        configuration.label = "gateway-store"
        return configuration
    }

    private func migrate(upTo lastMigration: String? = nil) throws(StoreError) {
        do {
            if let lastMigration {
                try StoreMigrations.migrator.migrate(writer, upTo: lastMigration)
            } else {
                try StoreMigrations.migrator.migrate(writer)
            }
        } catch {
            throw StoreError(.migrationFailed, "\(error)")
        }
    }

    // MARK: Health

    /// SQLite's journal mode: `wal` for file databases, `memory` in memory.
    public func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a healthy database, else the problems found.
    public func integrityCheck() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// `PRAGMA foreign_key_check`: one line per row whose parent is missing (e.g. a
    /// dialplan revision file left behind by its revision); empty when all is well.
    public func foreignKeyCheck() throws(StoreError) -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                row.description
            }
        }
    }

    /// Identifiers of the schema migrations applied, in order (e.g. `v1_call_records`).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try StoreMigrations.migrator.appliedMigrations(db) }
    }

    // MARK: Access with error mapping

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError(mapping: error)
        }
    }

    /// Reads on GRDB's reader queue, suspending (not blocking) the caller.
    func asyncRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw StoreError(mapping: error)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(mapping: error)
        }
    }
}

extension StoreError {
    /// Sorts a database error into a kind callers can act on.
    init(mapping error: any Error) {
        if let storeError = error as? StoreError {
            self = storeError
            return
        }
        guard let databaseError = error as? DatabaseError else {
            self.init(.databaseFailure, "\(error)")
            return
        }
        switch databaseError.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            self.init(.duplicateID, databaseError.message ?? "\(databaseError)")
        case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_NOTNULL:
            self.init(.invalidRecord, databaseError.message ?? "\(databaseError)")
        default:
            self.init(.databaseFailure, "\(databaseError)")
        }
    }
}
