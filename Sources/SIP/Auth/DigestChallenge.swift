/// A digest challenge from WWW-Authenticate or Proxy-Authenticate
/// (RFC 2617 §3.2.1, RFC 7616 §3.3; SIP use in RFC 3261 §22.4, RFC 8760).
public struct DigestChallenge: Sendable, Hashable {
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case md5 = "MD5"
        case md5Session = "MD5-sess"
        case sha256 = "SHA-256"
        case sha256Session = "SHA-256-sess"

        var isSession: Bool { self == .md5Session || self == .sha256Session }
    }

    public var realm: String
    public var nonce: String
    public var opaque: String?
    public var algorithm: Algorithm
    /// Offered qop values, lower-cased ("auth", "auth-int"); empty for RFC 2069 style.
    public var qopOptions: [String]
    /// `stale=true`: the nonce expired but the credentials were right; retry silently.
    public var stale: Bool
    /// RFC 7616 §3.4.4: the server wants the username hashed.
    public var userhash: Bool

    public init(realm: String, nonce: String, opaque: String? = nil, algorithm: Algorithm = .md5,
                qopOptions: [String] = [], stale: Bool = false, userhash: Bool = false) {
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.algorithm = algorithm
        self.qopOptions = qopOptions
        self.stale = stale
        self.userhash = userhash
    }

    /// Parses `Digest realm="…", nonce="…", …`. Tolerates any case for names and
    /// the scheme, white space around `=` and `,`, unquoted values and unknown
    /// parameters. Throws for other schemes, missing realm/nonce, unknown algorithms
    /// and garbage.
    public static func parse(_ headerValue: String) throws(SIPParseError) -> DigestChallenge {
        var s = ByteScanner(headerValue)
        s.skipWhitespace()
        guard let scheme = s.readToken(), scheme.lowercased() == "digest" else {
            throw authError("not a Digest challenge")
        }
        let params = try AuthParams.parse(&s)
        guard let realm = params["realm"], let nonce = params["nonce"] else {
            throw authError("realm and nonce are required")
        }
        let algorithmName = params["algorithm"] ?? "MD5"
        guard let algorithm = Algorithm.allCases.first(where: { $0.rawValue.lowercased() == algorithmName.lowercased() }) else {
            throw authError("unsupported algorithm \(algorithmName.prefix(32))")
        }
        let qop = (params["qop"] ?? "").split(separator: ",").map { String($0).trimmingSIPWhitespace().lowercased() }
            .filter { !$0.isEmpty }
        return DigestChallenge(realm: realm, nonce: nonce, opaque: params["opaque"], algorithm: algorithm,
                               qopOptions: qop, stale: params["stale"]?.lowercased() == "true",
                               userhash: params["userhash"]?.lowercased() == "true")
    }

    static func authError(_ message: String) -> SIPParseError {
        SIPParseError(kind: .authentication, message: "Invalid digest challenge: \(message)")
    }
}

/// `#auth-param` lists: `name = token | quoted-string` separated by commas.
enum AuthParams {
    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> [String: String] {
        var params: [String: String] = [:]
        while true {
            s.skipWhitespace()
            while s.consume(UInt8(ascii: ",")) { s.skipWhitespace() }
            if s.isAtEnd { break }
            guard let name = s.readToken() else { throw DigestChallenge.authError("malformed parameter") }
            s.skipWhitespace()
            guard s.consume(UInt8(ascii: "=")) else { throw DigestChallenge.authError("parameter \(name) has no value") }
            s.skipWhitespace()
            let value: String
            if s.peek() == UInt8(ascii: "\"") {
                guard let q = s.readQuotedString() else { throw DigestChallenge.authError("unterminated quote") }
                value = q.content
            } else {
                let run = s.read { SIPChar.isToken($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "=") }
                guard !run.isEmpty else { throw DigestChallenge.authError("parameter \(name) has no value") }
                value = String(sipBytes: run)
            }
            params[name.lowercased()] = value
            s.skipWhitespace()
            guard s.isAtEnd || s.peek() == UInt8(ascii: ",") else { throw DigestChallenge.authError("expected ','") }
        }
        return params
    }
}
