import Foundation
import GRDB

/// Call links and their uses (`call_links`, `call_link_uses`, migration `v5_call_links`).
extension GatewayStore: CallLinkStore {
    static let callLinkColumns = """
        id, label, destination_kind, destination, context, display_name, dial_pad, valid_from, valid_until,
        hours_days, hours_from, hours_to, hours_time_zone, one_time, created_by, created_at, revoked_at, spent_at
        """

    public func addCallLink(_ link: CallLinkRow) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO call_links (\(Self.callLinkColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [link.id, link.label, link.destinationKind, link.destination, link.context,
                                       link.displayName, link.dialPad, link.validFrom, link.validUntil, link.hoursDays,
                                       link.hoursFrom, link.hoursTo, link.hoursTimeZone, link.oneTime, link.createdBy,
                                       link.createdAt, link.revokedAt, link.spentAt])
        }
    }

    public func callLinks() throws(StoreError) -> [CallLinkRow] {
        try read { db in
            // rowid breaks ties between links made within the same millisecond.
            try Row.fetchAll(db, sql: "SELECT \(Self.callLinkColumns) FROM call_links ORDER BY created_at DESC, rowid DESC")
                .map(Self.callLinkRow)
        }
    }

    public func callLink(id: String) throws(StoreError) -> CallLinkRow? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.callLinkColumns) FROM call_links WHERE id = ?", arguments: [id])
                .map(Self.callLinkRow)
        }
    }

    @discardableResult
    public func revokeCallLink(id: String, at time: Date) throws(StoreError) -> Bool {
        try stamp("revoked_at", id: id, at: time)
    }

    @discardableResult
    public func markCallLinkSpent(id: String, at time: Date) throws(StoreError) -> Bool {
        try stamp("spent_at", id: id, at: time)
    }

    /// Sets a time column once: COALESCE keeps a time already there.
    private func stamp(_ column: String, id: String, at time: Date) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE call_links SET \(column) = COALESCE(\(column), ?) WHERE id = ?", arguments: [time, id])
            return db.changesCount > 0
        }
    }

    public func recordCallLinkUse(_ use: CallLinkUse) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO call_link_uses (link_id, at, call_id, outcome, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [use.linkID, use.at, use.callID, use.outcome.rawValue, use.detail])
        }
    }

    public func callLinkUses(linkID: String, limit: Int) throws(StoreError) -> [CallLinkUse] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT link_id, at, call_id, outcome, detail FROM call_link_uses WHERE link_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [linkID, max(limit, 0)]).map { row in
                let outcome: String = try row.decode(forColumn: "outcome")
                return CallLinkUse(linkID: try row.decode(forColumn: "link_id"), at: try row.decode(forColumn: "at"),
                                   callID: try row.decode(forColumn: "call_id"),
                                   outcome: CallLinkUse.Outcome(rawValue: outcome) ?? .refused,
                                   detail: try row.decode(forColumn: "detail"))
            }
        }
    }

    public func callLinkUsage() throws(StoreError) -> [String: CallLinkUsage] {
        try read { db in
            var usage: [String: CallLinkUsage] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT link_id, COUNT(*) AS uses, MAX(at) AS last FROM call_link_uses GROUP BY link_id") {
                usage[try row.decode(forColumn: "link_id")] = CallLinkUsage(uses: try row.decode(forColumn: "uses"),
                                                                           lastUsedAt: try row.decode(forColumn: "last"))
            }
            return usage
        }
    }

    static func callLinkRow(_ row: Row) throws -> CallLinkRow {
        CallLinkRow(id: try row.decode(forColumn: "id"), label: try row.decode(forColumn: "label"),
                    destinationKind: try row.decode(forColumn: "destination_kind"),
                    destination: try row.decode(forColumn: "destination"), context: try row.decode(forColumn: "context"),
                    displayName: try row.decode(forColumn: "display_name"), dialPad: try row.decode(forColumn: "dial_pad"),
                    validFrom: try row.decode(forColumn: "valid_from"), validUntil: try row.decode(forColumn: "valid_until"),
                    hoursDays: try row.decode(forColumn: "hours_days"), hoursFrom: try row.decode(forColumn: "hours_from"),
                    hoursTo: try row.decode(forColumn: "hours_to"), hoursTimeZone: try row.decode(forColumn: "hours_time_zone"),
                    oneTime: try row.decode(forColumn: "one_time"), createdBy: try row.decode(forColumn: "created_by"),
                    createdAt: try row.decode(forColumn: "created_at"), revokedAt: try row.decode(forColumn: "revoked_at"),
                    spentAt: try row.decode(forColumn: "spent_at"))
    }
}
