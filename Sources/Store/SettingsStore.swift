import Foundation
import GRDB

/// A setting changed in the admin console: its JSON text and who changed it last.
public struct StoredSetting: Sendable, Equatable {
    public var value: String
    public var updatedBy: String
    public var updatedAt: Date

    public init(value: String, updatedBy: String, updatedAt: Date) {
        self.value = value
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}

/// Settings by key (migration `v6_settings`). The methods may block on disk I/O: call
/// them off the networking threads.
public protocol SettingsStore: Sendable {
    func setting(_ key: String) throws(StoreError) -> StoredSetting?
    /// Adds or replaces the setting.
    func saveSetting(_ key: String, _ setting: StoredSetting) throws(StoreError)
    /// False when there was none.
    @discardableResult
    func removeSetting(_ key: String) throws(StoreError) -> Bool
}

extension GatewayStore: SettingsStore {
    public func setting(_ key: String) throws(StoreError) -> StoredSetting? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT value, updated_by, updated_at FROM settings WHERE key = ?", arguments: [key])
                .map { row in
                    StoredSetting(value: try row.decode(forColumn: "value"), updatedBy: try row.decode(forColumn: "updated_by"),
                                  updatedAt: try row.decode(forColumn: "updated_at"))
                }
        }
    }

    public func saveSetting(_ key: String, _ setting: StoredSetting) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                                                updated_at = excluded.updated_at
                """, arguments: [key, setting.value, setting.updatedBy, setting.updatedAt])
        }
    }

    @discardableResult
    public func removeSetting(_ key: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [key])
            return db.changesCount > 0
        }
    }
}
