import Foundation
import GRDB

/// What the admin console's call record search asks for; every field narrows the result.
public struct CallRecordFilter: Sendable, Equatable {
    /// Text found in the id, identity, destination, trunk or SIP Call-ID (case-insensitive).
    public var text: String?
    public var direction: String?
    public var cause: String?
    /// Calls started at or after `since` and before `until`.
    public var since: Date?
    public var until: Date?

    public init(text: String? = nil, direction: String? = nil, cause: String? = nil, since: Date? = nil, until: Date? = nil) {
        self.text = text
        self.direction = direction
        self.cause = cause
        self.since = since
        self.until = until
    }

    /// SQL conditions and their arguments; the text is a bound LIKE pattern with its
    /// wildcards escaped, so a search for "50%" finds that text and nothing else.
    func sqlConditions() -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let text, !text.isEmpty {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let columns = ["id", "web_identity", "destination", "trunk", "sip_call_id"]
            conditions.append("(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
            arguments += Array(repeating: "%\(escaped)%", count: columns.count)
        }
        if let direction { conditions.append("direction = ?"); arguments.append(direction) }
        if let cause { conditions.append("cause = ?"); arguments.append(cause) }
        if let since { conditions.append("started_at >= ?"); arguments.append(since) }
        if let until { conditions.append("started_at < ?"); arguments.append(until) }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), StatementArguments(arguments))
    }
}

extension GatewayStore {
    /// Up to `limit` records matching `filter`, the most recently started first.
    public func searchRecords(_ filter: CallRecordFilter, limit: Int) async throws(StoreError) -> [CallRecord] {
        try await asyncRead { db in
            let (conditions, arguments) = filter.sqlConditions()
            return try Row.fetchAll(db, sql: """
                SELECT \(CallRecordColumns.list) FROM call_record WHERE \(conditions)
                ORDER BY started_at DESC, rowid DESC LIMIT ?
                """, arguments: arguments + [max(0, limit)]).map(CallRecord.init(row:))
        }
    }
}
