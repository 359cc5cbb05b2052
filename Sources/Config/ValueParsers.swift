import CoreTypes
import Yams

/// Converters from one YAML scalar to one typed value; each throws a `ValueProblem`
/// that says what is wrong and how to fix it.
enum ValueParsers {
    /// Any scalar, as written (numbers and booleans are accepted as their text).
    static func text(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        scalar.string
    }

    /// Text that, when empty, means "not set".
    static func optionalText(_ scalar: Node.Scalar) throws(ValueProblem) -> String? {
        scalar.string.isEmpty ? nil : scalar.string
    }

    /// A whole decimal number within `range`, written without quotes.
    static func integer(in range: ClosedRange<Int>) -> (Node.Scalar) throws(ValueProblem) -> Int {
        { (scalar: Node.Scalar) throws(ValueProblem) -> Int in
            let text = scalar.string
            guard scalar.style == .plain || scalar.style == .any else {
                throw ValueProblem("expected a number, got the quoted text \"\(text)\"", fix: "remove the quotes")
            }
            var digits = Substring(text)
            let negative = digits.first == "-"
            if negative || digits.first == "+" { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
                throw ValueProblem("expected a whole number, got '\(text)'",
                                   fix: "write a number from \(range.lowerBound) to \(range.upperBound)")
            }
            // At most 18 digits fit in Int64 whatever they are; longer is out of range anyway.
            guard digits.count <= 18, let magnitude = Int(digits) else {
                throw ValueProblem("\(text) is out of range", fix: "use a number from \(range.lowerBound) to \(range.upperBound)")
            }
            let value = negative ? -magnitude : magnitude
            guard range.contains(value) else {
                throw ValueProblem("\(value) is out of range", fix: "use a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }

    /// A decimal number within `range` (e.g. 3 or 2.5), written without quotes.
    static func decimal(in range: ClosedRange<Double>) -> (Node.Scalar) throws(ValueProblem) -> Double {
        { (scalar: Node.Scalar) throws(ValueProblem) -> Double in
            let text = scalar.string
            guard scalar.style == .plain || scalar.style == .any else {
                throw ValueProblem("expected a number, got the quoted text \"\(text)\"", fix: "remove the quotes")
            }
            let allowed = text.allSatisfy { $0.isASCIIDigit || $0 == "." || $0 == "-" || $0 == "+" }
            guard allowed, text.count <= 24, let value = Double(text), value.isFinite else {
                throw ValueProblem("expected a number, got '\(text)'",
                                   fix: "write a number from \(range.lowerBound) to \(range.upperBound)")
            }
            guard range.contains(value) else {
                throw ValueProblem("\(text) is out of range", fix: "use a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }

    /// One of the words of a `ConfigChoice`, case-insensitive.
    static func choice<Choice: ConfigChoice>(_ type: Choice.Type) -> (Node.Scalar) throws(ValueProblem) -> Choice {
        { (scalar: Node.Scalar) throws(ValueProblem) -> Choice in
            let word = scalar.string.lowercased()
            if let value = Choice(rawValue: word) { return value }
            let allowed = Choice.allCases.map(\.rawValue)
            if Choice.notSupportedYet.contains(word) {
                let fix = allowed.count == 1 ? "use \(allowed[0])" : "use one of: " + allowed.joined(separator: ", ")
                throw ValueProblem("'\(scalar.string)' is not supported yet", fix: fix)
            }
            throw ValueProblem("unknown value '\(scalar.string)'",
                               fix: Suggestion.fix(for: word, among: allowed, listing: "allowed values"))
        }
    }

    /// `host:port` for an address the gateway binds: IP literal, port required.
    /// A web origin as browsers send it (RFC 6454 §6.1): `scheme://host` or
    /// `scheme://host:port`, http or https, no path; or `*` for any origin.
    static func webOrigin(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        let text = scalar.string
        if text == "*" { return text }
        let fix = "write the page's origin as the browser sends it, e.g. https://www.example.com or http://localhost:3000, or * for any"
        guard let schemeEnd = text.range(of: "://") else { throw ValueProblem("is not an origin", fix: fix) }
        let scheme = text[..<schemeEnd.lowerBound], rest = text[schemeEnd.upperBound...]
        guard scheme == "http" || scheme == "https" else {
            throw ValueProblem("has scheme '\(scheme)'; origins are http or https", fix: fix)
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains(where: { $0.isWhitespace }) else {
            throw ValueProblem("has a path or spaces; an origin is only scheme, host and port", fix: fix)
        }
        return text.lowercased()
    }

    static func listenEndpoint(_ scalar: Node.Scalar) throws(ValueProblem) -> Endpoint {
        try AddressSyntax.endpoint(scalar.string, defaultPort: nil, hosts: .ipLiteral)
    }

    /// `host[:port]` of a SIP peer: IP literal or DNS name, port 5060 when left out
    /// (RFC 3263 SRV lookup is not done; the port is always explicit or 5060).
    static func peerEndpoint(_ scalar: Node.Scalar) throws(ValueProblem) -> Endpoint {
        try AddressSyntax.endpoint(scalar.string, defaultPort: 5060, hosts: .anyHost)
    }

    /// `host[:port]` of a SIP peer with the transport's default port (5061 for TLS,
    /// RFC 3261 §19.1.2).
    static func peerEndpoint(defaultPort: Int) -> (Node.Scalar) throws(ValueProblem) -> Endpoint {
        { (scalar: Node.Scalar) throws(ValueProblem) -> Endpoint in
            try AddressSyntax.endpoint(scalar.string, defaultPort: defaultPort, hosts: .anyHost)
        }
    }

    /// YAML 1.2 core booleans `true` / `false` (any case), written without quotes.
    static func boolean(_ scalar: Node.Scalar) throws(ValueProblem) -> Bool {
        let word = scalar.string.lowercased()
        guard scalar.style == .plain || scalar.style == .any, word == "true" || word == "false" else {
            throw ValueProblem("expected true or false, got '\(scalar.string)'", fix: "write true or false without quotes")
        }
        return word == "true"
    }

    /// A file path: any text without control characters.
    static func filePath(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try restrictedText(maxLength: 4096, describe: "write a file path, e.g. /etc/gateway/sip.pem") {
            !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false)
        }(scalar)
    }

    /// An IP literal without port; IPv6 may be written with or without brackets.
    static func ipLiteral(allowUnspecified: Bool) -> (Node.Scalar) throws(ValueProblem) -> String {
        { (scalar: Node.Scalar) throws(ValueProblem) -> String in
            let address = stripBrackets(scalar.string)
            guard AddressSyntax.isIPLiteral(address) else {
                throw ValueProblem("'\(scalar.string)' is not an IP address",
                                   fix: "write an IPv4 or IPv6 literal such as 203.0.113.10, without a port")
            }
            if !allowUnspecified, AddressSyntax.isUnspecified(address) {
                throw ValueProblem("'\(scalar.string)' cannot be sent to",
                                   fix: "write the address peers reach this machine at, e.g. 203.0.113.10")
            }
            return String(address)
        }
    }

    /// An IP literal or DNS name without port.
    static func host(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        let host = stripBrackets(scalar.string)
        if AddressSyntax.isIPv6(host) { return String(host) }
        if host.contains(":") {
            throw ValueProblem("'\(scalar.string)' must not contain a port", fix: "write only the host, e.g. sip.example.net")
        }
        try AddressSyntax.checkHost(host, rule: .anyHost, whole: scalar.string)
        return String(host)
    }

    /// Text checked character by character, with a length limit.
    static func restrictedText(
        maxLength: Int, allowEmpty: Bool = false, describe: String, _ allowed: @escaping @Sendable (Character) -> Bool
    ) -> (Node.Scalar) throws(ValueProblem) -> String {
        { (scalar: Node.Scalar) throws(ValueProblem) -> String in
            let text = scalar.string
            if text.isEmpty, !allowEmpty {
                throw ValueProblem("must not be empty", fix: describe)
            }
            guard text.count <= maxLength else {
                throw ValueProblem("is longer than \(maxLength) characters", fix: describe)
            }
            if let bad = text.first(where: { !allowed($0) }) {
                throw ValueProblem("'\(text)' contains '\(bad.isPrintableASCII ? String(bad) : bad.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined())'",
                                   fix: describe)
            }
            return text
        }
    }

    private static func stripBrackets(_ text: String) -> Substring {
        if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 {
            return text.dropFirst().dropLast()
        }
        return Substring(text)
    }
}

extension Character {
    var isPrintableASCII: Bool {
        guard let ascii = asciiValue else { return false }
        return (0x20...0x7E).contains(ascii)
    }
}
