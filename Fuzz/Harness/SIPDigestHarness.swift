import SIP

/// A WWW-Authenticate or Proxy-Authenticate value from a trunk, parsed and then
/// answered the way a registration or outbound INVITE answers it (RFC 3261 §22.2).
enum SIPDigestHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let challenge = try? DigestChallenge.parse(String(decoding: bytes, as: UTF8.self)) else {
            return .rejected
        }
        // A fixed cnonce keeps every run of the same input identical.
        _ = challenge.authorization(username: "alice", password: "secret", method: .register,
                                    uri: "sip:example.com", cnonce: "0a4f113b", nonceCount: 1, body: bytes)
        return .accepted
    }
}
