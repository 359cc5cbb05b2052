/// One STUN or TURN server handed to browsers (W3C `RTCIceServer`).
///
/// A TURN server has either a fixed `username`/`credential`, which every browser then
/// receives, or a shared `secret` (coturn's `use-auth-secret`, the "REST API for access to
/// TURN services"): each connection then gets its own credentials, valid for
/// `credentialLifetimeSeconds`, that the TURN server checks with the same secret.
public struct ICEServer: Sendable, Hashable, CustomStringConvertible {
    /// `stun:`, `stuns:`, `turn:` or `turns:` URLs (RFC 7064, RFC 7065).
    public var urls: [String]
    public var username: String?
    public var credential: String?
    /// The secret shared with the TURN server; never handed out.
    public var secret: String?
    /// How long credentials made from `secret` stay valid.
    public var credentialLifetimeSeconds: Int

    public static let defaultCredentialLifetimeSeconds = 86_400
    public static let credentialLifetimeRange = 600...604_800

    public init(urls: [String], username: String? = nil, credential: String? = nil, secret: String? = nil,
                credentialLifetimeSeconds: Int = ICEServer.defaultCredentialLifetimeSeconds) {
        self.urls = urls
        self.username = username
        self.credential = credential
        self.secret = secret
        self.credentialLifetimeSeconds = credentialLifetimeSeconds
    }

    /// Never prints the credential or the secret, so logging a config leaks neither.
    public var description: String {
        "ICEServer(urls: \(urls), username: \(username ?? "nil"), credential: \(credential == nil ? "nil" : "<redacted>")"
            + (secret == nil ? ")" : ", secret: <redacted>)")
    }

    public var isTURN: Bool { urls.contains { $0.lowercased().hasPrefix("turn") } }

    /// Why `url` is not a STUN or TURN URL (RFC 7064, RFC 7065; schemes are
    /// case-insensitive), nil when it is one.
    public static func urlProblem(_ url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return "'\(url)' is not a STUN or TURN URL" }
        let scheme = url[..<colon].lowercased()
        guard ["stun", "stuns", "turn", "turns"].contains(scheme) else { return "'\(url)' is not a STUN or TURN URL" }
        let rest = url[url.index(after: colon)...]
        guard !rest.isEmpty, !rest.contains(where: { $0.isWhitespace || !($0.isASCII && ($0.asciiValue ?? 0) > 0x20 && $0 != "\u{7F}") }) else {
            return "'\(url)' has no valid host after '\(scheme):'"
        }
        return nil
    }

    /// What a browser receives: TURN credentials made for `identity` from the secret, valid
    /// until `now + credentialLifetimeSeconds` (Unix seconds): the username is
    /// `<expiry>:<identity>`, the credential the base64 of HMAC-SHA1(secret, username).
    /// A server without a secret is handed out as it is. `hmacSHA1` is passed in so that
    /// this type needs no crypto library.
    public func handedOut(to identity: String, now unixSeconds: Int,
                          hmacSHA1: (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]) -> ICEServer {
        guard let secret else { return self }
        let username = "\(unixSeconds + credentialLifetimeSeconds):\(identity)"
        let credential = Base64.encode(hmacSHA1(Array(secret.utf8), Array(username.utf8)))
        return ICEServer(urls: urls, username: username, credential: credential)
    }
}

/// RFC 4648 §4 base64 with padding, for the few places that need it without Foundation.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                text.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 0x3F] : "=")
            }
            index += 3
        }
        return text
    }
}
