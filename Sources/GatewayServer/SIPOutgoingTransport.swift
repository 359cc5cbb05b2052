import CoreTypes

/// Which transport an outgoing SIP message leaves on, read from its own top Via.
///
/// The transaction layer hands the runtime serialized bytes and an address only.
/// The top Via already says the transport: a request's Via names the transport it
/// is sent on (RFC 3261 §18.1.1), and a response carries the Via of the request it
/// answers, which names the transport that request came over (§18.2.2). Reading it
/// back keeps one rule for every message, first sends and retransmissions alike.
enum SIPOutgoingTransport {
    /// The transport of the first Via header (`Via` or compact `v`), or nil when the
    /// bytes carry none the gateway implements.
    static func of(_ bytes: [UInt8]) -> SIPTransport? {
        var lineStart = 0
        var isFirstLine = true
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { return nil }  // end of the header section
            if !isFirstLine, let value = viaValue(line) { return transport(inViaValue: value) }
            isFirstLine = false
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The value of a header line named `Via` or `v` (case-insensitive, RFC 3261 §7.3.1).
    private static func viaValue(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = String(decoding: line[..<colon], as: UTF8.self).trimmingWhitespace().lowercased()
        guard name == "via" || name == "v" else { return nil }
        return line[(colon + 1)...]
    }

    /// `SIP / 2.0 / TCP host…`: the third slash-separated part, up to white space.
    private static func transport(inViaValue value: ArraySlice<UInt8>) -> SIPTransport? {
        let parts = value.split(separator: UInt8(ascii: "/"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let rest = String(decoding: parts[2], as: UTF8.self).trimmingWhitespace()
        let token = rest.prefix { !$0.isWhitespace }
        return SIPTransport(viaToken: String(token))
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }
}
