/// Textual IP address checks for SIP hosts (RFC 3261 §25.1 `IPv4address`,
/// `IPv6reference`, updated by RFC 5118).
enum IPAddressText {
    /// Whether `text` is a dotted-quad IPv4 address with octets 0–255.
    static func isIPv4(_ text: some Collection<UInt8>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { p in
            p.count >= 1 && p.count <= 3 && parseDecimal(p, max: 255) != nil
        }
    }

    /// The IPv6 address in canonical-enough form, or nil if invalid.
    ///
    /// RFC 5118 §4.10: RFC 3261's ABNF accidentally allows `2001:db8:::192.0.2.1`
    /// (three colons before an embedded IPv4 address); implementations must
    /// tolerate it, so it is accepted and rewritten with two colons.
    static func normalizedIPv6(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        let colon = UInt8(ascii: ":"), dot = UInt8(ascii: ".")
        if let i = (0..<max(0, bytes.count - 2)).first(where: { bytes[$0] == colon && bytes[$0 + 1] == colon && bytes[$0 + 2] == colon }),
           bytes[(i + 3)...].contains(dot) {
            bytes.remove(at: i)
        }
        guard !bytes.isEmpty, bytes.count <= 45,
              bytes.allSatisfy({ SIPChar.isHex($0) || $0 == colon || $0 == dot })
        else { return nil }
        // Split at the single "::" allowed, then count 16-bit groups on both sides.
        let doubleColon = (0..<max(0, bytes.count - 1)).filter { bytes[$0] == colon && bytes[$0 + 1] == colon }
        guard doubleColon.count <= 1 else { return nil }
        let halves: [ArraySlice<UInt8>] = doubleColon.first.map { [bytes[..<$0], bytes[($0 + 2)...]] } ?? [bytes[...]]
        var groups = 0
        for (h, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: colon, omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                let isLast = h == halves.count - 1 && i == parts.count - 1
                if isLast && part.contains(dot) {
                    guard isIPv4(part) else { return nil }
                    groups += 2
                } else {
                    guard (1...4).contains(part.count), part.allSatisfy(SIPChar.isHex) else { return nil }
                    groups += 1
                }
            }
        }
        let valid = halves.count == 2 ? groups <= 7 : groups == 8
        return valid ? String(sipBytes: bytes) : nil
    }

    /// Whether `text` is a plausible host name: labels of alphanumerics, "-" and
    /// "_" (the latter tolerated for real-world names), separated by dots.
    static func isHostName(_ text: some Collection<UInt8>) -> Bool {
        guard !text.isEmpty, text.count <= 255 else { return false }
        return text.allSatisfy { SIPChar.isAlphaNum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
    }

    /// Parses a host as written in a URI or Via sent-by: an IPv6 reference in
    /// brackets, an IPv4 address or a host name. Returns the host without brackets.
    static func parseHost(_ text: ArraySlice<UInt8>) -> String? {
        if text.first == UInt8(ascii: "[") {
            guard text.count > 2, text.last == UInt8(ascii: "]") else { return nil }
            return normalizedIPv6(String(sipBytes: text.dropFirst().dropLast()))
        }
        guard isHostName(text) else { return nil }
        return String(sipBytes: text)
    }

    /// `host` for the wire: IPv6 literals get their brackets back.
    static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
}
