/// Canonical spelling of header names, compact forms (RFC 3261 §7.3.3 and
/// later extensions) and which headers carry comma-separated lists.
enum HeaderNames {
    /// Compact form → full name.
    static let compact: [String: String] = [
        "i": "Call-ID", "m": "Contact", "f": "From", "t": "To", "v": "Via", "l": "Content-Length",
        "c": "Content-Type", "k": "Supported", "s": "Subject", "e": "Content-Encoding",
        "o": "Event", "r": "Refer-To", "b": "Referred-By", "u": "Allow-Events", "x": "Session-Expires",
        "a": "Accept-Contact", "j": "Reject-Contact", "d": "Request-Disposition", "y": "Identity",
    ]

    /// Lower-cased name → canonical spelling for the headers a gateway meets.
    static let canonical: [String: String] = {
        let names = [
            "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow",
            "Allow-Events", "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact",
            "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
            "Content-Type", "CSeq", "Date", "Diversion", "Error-Info", "Event", "Expires", "From",
            "History-Info", "Identity", "In-Reply-To", "Max-Forwards", "MIME-Version", "Min-Expires",
            "Min-SE", "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Priority",
            "Privacy", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck",
            "Reason", "Record-Route", "Refer-To", "Referred-By", "Reject-Contact", "Remote-Party-ID",
            "Replaces", "Reply-To", "Request-Disposition", "Require", "Retry-After", "Route", "RSeq",
            "Server", "Service-Route", "Session-Expires", "Subject", "Subscription-State", "Supported",
            "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
        ]
        return Dictionary(uniqueKeysWithValues: names.map { ($0.lowercased(), $0) })
    }()

    /// Headers whose values are comma-separated lists (`#element` in the ABNF).
    /// Others (Date, WWW-Authenticate, Call-ID, unknown headers) are never split.
    static let listHeaders: Set<String> = [
        "via", "contact", "route", "record-route", "allow", "supported", "require", "proxy-require",
        "unsupported", "accept", "accept-encoding", "accept-language", "content-encoding",
        "content-language", "alert-info", "call-info", "error-info", "in-reply-to", "warning",
        "allow-events", "path", "service-route", "p-asserted-identity", "p-preferred-identity",
        "reason", "history-info", "diversion", "accept-contact", "reject-contact",
    ]

    /// The canonical form of a header name: compact forms expanded, known names
    /// re-cased, unknown names kept as written.
    static func canonicalize(_ name: String) -> String {
        let lower = name.lowercased()
        if let full = compact[lower] { return full }
        return canonical[lower] ?? name
    }
}

/// Splits a header value at top-level commas, ignoring commas inside
/// quoted-strings and `<…>` (RFC 3261 §7.3.1).
enum HeaderValueSplitter {
    static func split(_ value: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var inQuotes = false, inAngle = false, escaped = false
        for b in value.utf8 {
            if inQuotes {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inQuotes = false }
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
            } else if b == UInt8(ascii: "<") {
                inAngle = true
            } else if b == UInt8(ascii: ">") {
                inAngle = false
            } else if b == UInt8(ascii: ","), !inAngle {
                parts.append(String(sipBytes: current[...].trimmingWhitespace()))
                current.removeAll(keepingCapacity: true)
                continue
            }
            current.append(b)
        }
        parts.append(String(sipBytes: current[...].trimmingWhitespace()))
        return parts
    }
}
