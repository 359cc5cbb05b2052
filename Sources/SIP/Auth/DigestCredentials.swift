import CoreTypes
import Hashing

/// Credentials a client sent in Authorization or Proxy-Authorization (RFC 7616
/// §3.4, RFC 3261 §22.4), and their check against a password on the server side.
public struct DigestCredentials: Sendable, Hashable {
    public var username: String
    public var realm: String
    public var nonce: String
    public var uri: String
    public var response: String
    public var algorithm: DigestChallenge.Algorithm
    public var cnonce: String?
    public var nonceCount: String?
    public var qop: String?
    public var opaque: String?

    public static func parse(_ headerValue: String) throws(SIPParseError) -> DigestCredentials {
        var s = ByteScanner(headerValue)
        s.skipWhitespace()
        guard let scheme = s.readToken(), scheme.lowercased() == "digest" else {
            throw DigestChallenge.authError("not Digest credentials")
        }
        let p = try AuthParams.parse(&s)
        guard let username = p["username"], let realm = p["realm"], let nonce = p["nonce"], let uri = p["uri"],
              let response = p["response"] else {
            throw DigestChallenge.authError("username, realm, nonce, uri and response are required")
        }
        let name = p["algorithm"] ?? "MD5"
        guard let algorithm = DigestChallenge.Algorithm.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
        else { throw DigestChallenge.authError("unsupported algorithm \(name.prefix(32))") }
        return DigestCredentials(username: username, realm: realm, nonce: nonce, uri: uri, response: response.lowercased(),
                                 algorithm: algorithm, cnonce: p["cnonce"], nonceCount: p["nc"],
                                 qop: p["qop"]?.lowercased(), opaque: p["opaque"])
    }

    /// Whether `response` is what `password` gives for this request (RFC 7616 §3.4.1);
    /// compared in constant time.
    public func matches(password: String, method: SIPMethod, body: [UInt8] = []) -> Bool {
        if qop != nil, cnonce == nil || nonceCount == nil { return false }
        let h: (String) -> String = { hex(Array($0.utf8)) }
        var ha1 = h("\(username):\(realm):\(password)")
        if algorithm.isSession { ha1 = h("\(ha1):\(nonce):\(cnonce ?? "")") }
        let a2 = qop == "auth-int" ? "\(method.rawValue):\(uri):\(hex(body))" : "\(method.rawValue):\(uri)"
        let ha2 = h(a2)
        let expected: String
        if let qop {
            expected = h("\(ha1):\(nonce):\(nonceCount ?? ""):\(cnonce ?? ""):\(qop):\(ha2)")
        } else {
            expected = h("\(ha1):\(nonce):\(ha2)")
        }
        let a = Array(expected.utf8), b = Array(response.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func hex(_ bytes: [UInt8]) -> String {
        switch algorithm {
        case .md5, .md5Session: return Hash.md5.digest(bytes).hexString
        case .sha256, .sha256Session: return Hash.sha256.digest(bytes).hexString
        }
    }
}

/// Server nonces that need no table (RFC 7616 §3.3: the nonce is opaque to the
/// client): the issue time and an HMAC over it with a secret of this process, so a
/// nonce is checked by recomputing it, and expires after `lifetime`.
public struct DigestNonceIssuer: Sendable {
    private let secret: [UInt8]
    public let lifetime: Duration

    public init(secret: [UInt8] = secureRandomBytes(32), lifetime: Duration = .seconds(300)) {
        self.secret = secret
        self.lifetime = lifetime
    }

    public func issue(now: Instant) -> String {
        let stamp = String(UInt64(bitPattern: now.nanoseconds / 1_000_000), radix: 16)
        return stamp + "." + tag(stamp)
    }

    public enum Verdict: Sendable, Equatable {
        case valid
        /// Ours but too old: the client retries with the new nonce (`stale=true`).
        case stale
        case forged
    }

    public func check(_ nonce: String, now: Instant) -> Verdict {
        let parts = nonce.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let millis = UInt64(parts[0], radix: 16), tag(String(parts[0])) == parts[1] else {
            return .forged
        }
        let issued = Instant(nanoseconds: Int64(bitPattern: millis) &* 1_000_000)
        return now - issued <= lifetime && issued <= now ? .valid : .stale
    }

    private func tag(_ stamp: String) -> String {
        Array(Hash.sha256.hmac(key: secret, Array(stamp.utf8)).prefix(16)).hexString
    }
}
