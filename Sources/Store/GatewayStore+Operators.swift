import Foundation
import GRDB

/// Operators and API keys (`operators`, `api_keys`, migration `v4_operators`).
extension GatewayStore: OperatorStore {
    public func operatorAccount(named name: String) throws(StoreError) -> OperatorAccount? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT name, password_hash, created_at, updated_at FROM operators WHERE name = ?
                """, arguments: [name])
            else { return nil }
            return OperatorAccount(name: try row.decode(forColumn: "name"),
                                   passwordHash: try row.decode(forColumn: "password_hash"),
                                   createdAt: try row.decode(forColumn: "created_at"),
                                   updatedAt: try row.decode(forColumn: "updated_at"))
        }
    }

    public func saveOperator(name: String, passwordHash: String, at time: Date) throws(StoreError) {
        try write { db in
            // One statement: adding and replacing cannot race, and a replaced password
            // keeps the operator's `created_at`.
            try db.execute(sql: """
                INSERT INTO operators (name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash,
                                                 updated_at = excluded.updated_at
                """, arguments: [name, passwordHash, time, time])
        }
    }

    @discardableResult
    public func removeOperator(named name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM operators WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func operatorNames() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM operators ORDER BY name") }
    }

    public func addAPIKey(name: String, keyHash: String, prefix: String,
                          at time: Date) throws(StoreError) -> APIKeyRecord {
        try write { db in
            // Checked first for a message that names the key; the UNIQUE constraints
            // still guard against a concurrent writer (mapped to `.duplicateID` too).
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_keys WHERE name = ?", arguments: [name]) == true {
                throw StoreError(.duplicateID, "an API key named \(name) exists already")
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_keys WHERE key_hash = ?", arguments: [keyHash]) == true {
                throw StoreError(.duplicateID, "another API key has the same secret")
            }
            try db.execute(sql: """
                INSERT INTO api_keys (name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?)
                """, arguments: [name, keyHash, prefix, time])
            // Read back: the database keeps milliseconds, and the record returned here
            // should equal the one listings return later.
            guard let record = try Self.fetchAPIKey(db, where: "id = ?", db.lastInsertedRowID) else {
                throw StoreError(.databaseFailure, "API key \(name) vanished after being added")
            }
            return record
        }
    }

    public func apiKey(withHash keyHash: String) throws(StoreError) -> APIKeyRecord? {
        try read { db in try Self.fetchAPIKey(db, where: "key_hash = ?", keyHash) }
    }

    public func apiKeys() throws(StoreError) -> [APIKeyRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.apiKeyColumns) FROM api_keys ORDER BY name")
                .map(Self.apiKeyRecord(from:))
        }
    }

    @discardableResult
    public func revokeAPIKey(named name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM api_keys WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func touchAPIKey(id: Int64, at time: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?", arguments: [time, id])
        }
    }

    // MARK: Queries

    private static let apiKeyColumns = "id, name, prefix, created_at, last_used_at"

    private static func fetchAPIKey(_ db: Database, where condition: String,
                                    _ value: some DatabaseValueConvertible) throws -> APIKeyRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(apiKeyColumns) FROM api_keys WHERE \(condition)",
                                         arguments: [value])
        else { return nil }
        return try apiKeyRecord(from: row)
    }

    private static func apiKeyRecord(from row: Row) throws -> APIKeyRecord {
        APIKeyRecord(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"),
                     prefix: try row.decode(forColumn: "prefix"), createdAt: try row.decode(forColumn: "created_at"),
                     lastUsedAt: try row.decode(forColumn: "last_used_at"))
    }
}
