import CoreTypes
import Foundation

/// Syntax checks for IP literals, host names and `host[:port]` endpoints.
///
/// Pure string checks (no name resolution), safe on any input: lengths are bounded
/// before numbers are converted, so nothing overflows or traps.
enum AddressSyntax {
    /// Dotted-quad IPv4 (RFC 791), each part 0–255 with at most three digits.
    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = Int(part) else {
                return false
            }
            return value <= 255
        }
    }

    /// IPv6 text form (RFC 4291 §2.2): eight hex groups, one `::`, optional IPv4 tail.
    static func isIPv6(_ text: Substring) -> Bool {
        guard text.count <= 45, text.contains(":") else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (index, half) in halves.enumerated() where !half.isEmpty {
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (position, piece) in pieces.enumerated() {
                let isLast = index == halves.count - 1 && position == pieces.count - 1
                if isLast, piece.contains(".") {
                    guard isIPv4(piece) else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(\.isASCIIHexDigit) else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }

    static func isIPLiteral(_ text: Substring) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    /// The unspecified addresses, which bind every interface but cannot be sent to.
    static func isUnspecified(_ text: Substring) -> Bool {
        text == "0.0.0.0" || (isIPv6(text) && text.allSatisfy { $0 == ":" || $0 == "0" })
    }

    /// DNS host name (RFC 1123 §2.1): dot-separated labels of letters, digits and
    /// hyphens, 1–63 characters each, 253 in all. All-numeric names are not names but
    /// mistyped IPv4 addresses, so they are refused.
    static func isHostName(_ text: Substring) -> Bool {
        var name = text
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.count <= 253 else { return false }
        if name.allSatisfy({ $0.isASCIIDigit || $0 == "." }) { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count)
                && label.allSatisfy { $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" }
                && label.first != "-" && label.last != "-"
        }
    }

    /// What may stand as the host part of an endpoint.
    enum HostRule {
        /// An IP literal: listen addresses are bound, not resolved.
        case ipLiteral
        /// An IP literal or a DNS name.
        case anyHost
    }

    /// Parses `host:port`, `[ipv6]:port`, or a bare host when `defaultPort` is given.
    static func endpoint(_ text: String, defaultPort: Int?, hosts: HostRule) throws(ValueProblem) -> Endpoint {
        let example = defaultPort == nil ? "0.0.0.0:8080" : "sip.example.net:5060"
        guard !text.isEmpty else { throw ValueProblem("is empty", fix: "write host:port, e.g. \(example)") }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ValueProblem("'\(text)' has '[' without ']'", fix: "write IPv6 addresses as [::1]:5060")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else {
                    throw ValueProblem("unexpected '\(rest)' after ']'", fix: "write IPv6 addresses as [::1]:5060")
                }
                portText = rest.dropFirst()
            }
            guard isIPv6(host) else {
                throw ValueProblem("'\(host)' is not an IPv6 address", fix: "only IPv6 addresses go in brackets")
            }
        } else {
            let colons = text.filter { $0 == ":" }.count
            if colons > 1 {
                let fix = isIPv6(Substring(text)) ? "write it in brackets with a port, e.g. [\(text)]:5060"
                                                  : "write IPv6 addresses as [::1]:5060"
                throw ValueProblem("'\(text)' looks like an IPv6 address without brackets", fix: fix)
            }
            if let colon = text.firstIndex(of: ":") {
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            } else {
                host = Substring(text)
            }
            try checkHost(host, rule: hosts, whole: text)
        }
        let port: Int
        if let portText {
            port = try self.port(portText, in: text)
        } else if let defaultPort {
            port = defaultPort
        } else {
            throw ValueProblem("'\(text)' has no port", fix: "write host:port, e.g. \(example)")
        }
        return Endpoint(host: String(host), port: port)
    }

    static func checkHost(_ host: Substring, rule: HostRule, whole: String) throws(ValueProblem) {
        if host.isEmpty {
            throw ValueProblem("'\(whole)' has no host", fix: "write e.g. 0.0.0.0 for every interface")
        }
        switch rule {
        case .ipLiteral:
            guard isIPv4(host) else {
                throw ValueProblem("'\(host)' is not an IP address",
                                   fix: "use an IP literal such as 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)")
            }
        case .anyHost:
            if host.allSatisfy({ $0.isASCIIDigit || $0 == "." }) {
                guard isIPv4(host) else {
                    throw ValueProblem("'\(host)' is not a valid IPv4 address", fix: "each of the four parts must be 0–255")
                }
            } else if !isHostName(host) {
                throw ValueProblem("'\(host)' is not a valid host name",
                                   fix: "use letters, digits, '-' and '.', e.g. sip.example.net")
            }
        }
    }

    static func port(_ text: Substring, in whole: String) throws(ValueProblem) -> Int {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCIIDigit), let value = Int(text),
              (1...65535).contains(value)
        else {
            throw ValueProblem("port '\(text)' in '\(whole)' is not between 1 and 65535", fix: "use a port from 1 to 65535")
        }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIHexDigit: Bool { isASCIIDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
}
