import Foundation
import Store

/// Call records as CSV (RFC 4180) for `GET /api/calls.csv`: one header line, one line per
/// call, CRLF line ends, fields quoted when they hold a comma, quote or line break.
enum CallRecordCSV {
    static let columns = ["id", "direction", "identity", "destination", "trunk", "sip_call_id", "started_at",
                          "answered_at", "ended_at", "duration_s", "hangup_side", "cause", "sip_status", "q850"]

    static func text(_ records: [CallRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        var lines = [columns.joined(separator: ",")]
        for record in records {
            let duration = record.answeredAt.flatMap { answered in
                record.endedAt.map { String(format: "%.1f", $0.timeIntervalSince(answered)) }
            }
            let fields: [String?] = [
                record.id, record.direction, record.webIdentity, record.destination, record.trunk, record.sipCallId,
                formatter.string(from: record.startedAt), record.answeredAt.map(formatter.string(from:)),
                record.endedAt.map(formatter.string(from:)), duration, record.hangupSide, record.cause,
                record.sipStatus.map(String.init), record.q850.map(String.init),
            ]
            lines.append(fields.map { field($0 ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 §2 quoting; a value a spreadsheet would run as a formula (=, +, -, @ first)
    /// gets a leading apostrophe, since destinations and identities come from callers.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), !(first == "+" && text.dropFirst().allSatisfy(\.isNumber)) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
