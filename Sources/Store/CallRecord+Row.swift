import Foundation
import GRDB

/// Column names of `call_record`, in one place for every statement.
enum CallRecordColumns {
    static let names = ["id", "direction", "web_identity", "destination", "trunk", "sip_call_id",
                        "started_at", "answered_at", "ended_at", "hangup_side", "cause", "sip_status", "q850"]
    static let list = names.joined(separator: ", ")
    static let placeholders = names.map { ":" + $0 }.joined(separator: ", ")
    static let assignments = names.dropFirst().map { "\($0) = :\($0)" }.joined(separator: ", ")
}

extension CallRecord {
    /// Named arguments matching `CallRecordColumns.names`.
    var databaseArguments: StatementArguments {
        [
            "id": id, "direction": direction, "web_identity": webIdentity, "destination": destination,
            "trunk": trunk, "sip_call_id": sipCallId, "started_at": startedAt, "answered_at": answeredAt,
            "ended_at": endedAt, "hangup_side": hangupSide, "cause": cause, "sip_status": sipStatus, "q850": q850,
        ]
    }

    /// Decodes a row; throws (never traps) if a value does not have the expected type.
    init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"),
            direction: try row.decode(forColumn: "direction"),
            webIdentity: try row.decode(forColumn: "web_identity"),
            destination: try row.decode(forColumn: "destination"),
            trunk: try row.decode(forColumn: "trunk"),
            sipCallId: try row.decode(forColumn: "sip_call_id"),
            startedAt: try row.decode(forColumn: "started_at"),
            answeredAt: try row.decode(forColumn: "answered_at"),
            endedAt: try row.decode(forColumn: "ended_at"),
            hangupSide: try row.decode(forColumn: "hangup_side"),
            cause: try row.decode(forColumn: "cause"),
            sipStatus: try row.decode(forColumn: "sip_status"),
            q850: try row.decode(forColumn: "q850")
        )
    }
}
