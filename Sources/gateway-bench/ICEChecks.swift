import WebRTC

/// The controlling side of ICE toward the gateway's ICE-lite agent (RFC 8445 §2.5): Binding
/// requests signed with the gateway's password, nominating the one pair there is at once
/// (aggressive-style, as the only candidate pair is known up front), and later the
/// consent checks that keep the call alive (RFC 7675 §5.1: one every 4–6 s).
struct ICEChecks: Sendable {
    let localUfrag: String
    let remoteUfrag: String
    let remotePassword: String
    /// RFC 8445 §7.1.1: a random 64-bit tie-breaker for ICE-CONTROLLING.
    let tiebreaker: UInt64
    /// RFC 8445 §5.1.2.1: what this side's host candidate would have: type preference 110
    /// (peer-reflexive, as §7.1.1 says the PRIORITY attribute uses), local 65535, component 1.
    static let priority: UInt32 = (110 << 24) | (65535 << 8) | 255

    init(localUfrag: String, remoteUfrag: String, remotePassword: String,
         tiebreaker: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        self.localUfrag = localUfrag
        self.remoteUfrag = remoteUfrag
        self.remotePassword = remotePassword
        self.tiebreaker = tiebreaker
    }

    /// A Binding request: USERNAME "remote:local" (RFC 8445 §7.2.2), PRIORITY,
    /// ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the gateway's password
    /// and FINGERPRINT (§7.3 requires both).
    func request(nominate: Bool = true) -> (id: STUNTransactionID, bytes: [UInt8]) {
        var attributes: [STUNAttribute] = [
            .username(remoteUfrag + ":" + localUfrag),
            .priority(Self.priority),
            .iceControlling(tiebreaker: tiebreaker),
        ]
        if nominate { attributes.append(.useCandidate) }
        let message = STUNMessage(messageClass: .request, method: .binding, attributes: attributes)
        let bytes = message.serialized(integrityKey: STUNMessage.shortTermKey(password: remotePassword), fingerprint: true)
        return (message.transactionID, bytes)
    }

    /// Whether `bytes` is the gateway's signed success response to the request `id`
    /// (RFC 8489 §9.1.3: the response's integrity uses the same password).
    func isSuccess(_ bytes: [UInt8], answering id: STUNTransactionID) -> Bool {
        guard let message = try? STUNMessage.parse(bytes),
              message.messageClass == .successResponse, message.method == .binding,
              message.transactionID == id else { return false }
        return message.hasValidIntegrity(key: STUNMessage.shortTermKey(password: remotePassword))
    }
}
