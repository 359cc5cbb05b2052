/// One STUN or TURN server handed to browsers (W3C `RTCIceServer`).
public struct ICEServer: Sendable, Hashable, CustomStringConvertible {
    /// `stun:`, `stuns:`, `turn:` or `turns:` URLs (RFC 7064, RFC 7065).
    public var urls: [String]
    public var username: String?
    public var credential: String?

    public init(urls: [String], username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }

    /// Never prints the credential, so logging a config leaks no secret.
    public var description: String {
        "ICEServer(urls: \(urls), username: \(username ?? "nil"), credential: \(credential == nil ? "nil" : "<redacted>"))"
    }
}
