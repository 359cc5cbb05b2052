import CoreTypes

/// What the runtime should do with a STUN datagram given to an `ICELiteAgent`.
public enum ICEOutcome: Sendable, Equatable {
    /// Send `bytes` (a Binding success response) to `to`.
    case respond([UInt8], to: Endpoint)
    /// Send nothing. Unauthenticated traffic gets no answer so the gateway
    /// cannot be used to amplify or probe.
    case ignored(ICEIgnoreReason)
}

/// Why a datagram produced no response.
public enum ICEIgnoreReason: Sendable, Equatable {
    case malformed(STUNParseError)
    /// Not a Binding request (responses, indications and other methods).
    case notBindingRequest
    /// FINGERPRINT absent or wrong (RFC 8445 §7.3: checks must carry it).
    case badFingerprint
    /// USERNAME absent or not "localUfrag:remoteUfrag" (RFC 8445 §7.3).
    case wrongUsername
    /// MESSAGE-INTEGRITY absent or not keyed with the local password.
    case badIntegrity
    /// The response would need an address that is not an IP literal.
    case unsupportedAddress
}

/// The gateway's side of ICE: a lite agent (RFC 8445 §2.5) that only answers
/// connectivity checks from the full agent in the browser, which is always
/// controlling and nominates the pair with USE-CANDIDATE.
///
/// Also tracks consent freshness (RFC 7675): every authenticated check on
/// the selected pair renews consent; when none arrives for the consent
/// timeout (30 s in RFC 7675 §5.1) the peer is gone.
public struct ICELiteAgent: Sendable {
    public let localUfrag: String
    public let localPassword: String
    public let remoteUfrag: String
    public let remotePassword: String

    /// The remote address media goes to: the nominated one, or until a
    /// nomination arrives, the source of the first valid check.
    public private(set) var selectedRemote: Endpoint?
    /// Whether `selectedRemote` came from a USE-CANDIDATE nomination.
    public private(set) var isNominated = false
    /// When the last valid check from `selectedRemote` arrived.
    public private(set) var lastConsent: Instant?

    private let localKey: [UInt8]
    private let expectedUsername: String

    public init(localUfrag: String, localPassword: String, remoteUfrag: String, remotePassword: String) {
        self.localUfrag = localUfrag
        self.localPassword = localPassword
        self.remoteUfrag = remoteUfrag
        self.remotePassword = remotePassword
        self.localKey = STUNMessage.shortTermKey(password: localPassword)
        // RFC 8445 §7.2.2: USERNAME is "receiver ufrag:sender ufrag".
        self.expectedUsername = localUfrag + ":" + remoteUfrag
    }

    /// Handles one datagram classified as STUN that arrived from `from`.
    public mutating func handle(stun bytes: [UInt8], from: Endpoint, now: Instant) -> ICEOutcome {
        let request: STUNMessage
        do {
            request = try STUNMessage.parse(bytes)
        } catch {
            return .ignored(.malformed(error))
        }
        guard request.messageClass == .request, request.method == .binding else {
            return .ignored(.notBindingRequest)
        }
        // RFC 8445 §7.3: fingerprint first (cheap), then the username and the
        // HMAC keyed with our own password (RFC 8489 §9.1.3).
        guard request.hasValidFingerprint else { return .ignored(.badFingerprint) }
        guard request.username == expectedUsername else { return .ignored(.wrongUsername) }
        guard request.hasValidIntegrity(key: localKey) else { return .ignored(.badIntegrity) }

        // RFC 8489 §7.3.1: the success response echoes the transaction ID and
        // reports the source address; RFC 8445 §7.3.1.5 signs it with the same
        // password that authenticated the request.
        guard let mapped = STUNAttribute.xorMappedAddress(from, transactionID: request.transactionID) else {
            return .ignored(.unsupportedAddress)
        }
        let response = STUNMessage(
            messageClass: .successResponse, method: .binding,
            transactionID: request.transactionID, attributes: [mapped])

        select(from, nominated: request.useCandidate, now: now)
        return .respond(response.serialized(integrityKey: localKey, fingerprint: true), to: from)
    }

    /// RFC 8445 §7.3.1.5 / §8.2: a lite agent selects the pair the controlling
    /// agent nominates; before any nomination the first working pair carries media.
    private mutating func select(_ remote: Endpoint, nominated: Bool, now: Instant) {
        if nominated {
            selectedRemote = remote
            isNominated = true
        } else if selectedRemote == nil {
            selectedRemote = remote
        }
        // RFC 7675 §5.1: consent is per pair; checks on other pairs don't renew it.
        if selectedRemote == remote {
            lastConsent = now
        }
    }

    /// When consent runs out if no further check arrives; nil before the first valid check.
    public func consentDeadline(timeout: Duration) -> Instant? {
        lastConsent.map { $0 + timeout }
    }

    /// True once `timeout` has passed since the last valid check on the
    /// selected pair. False before the first check: connection setup is
    /// guarded by its own deadline in the runtime.
    public func consentExpired(now: Instant, timeout: Duration) -> Bool {
        guard let deadline = consentDeadline(timeout: timeout) else { return false }
        return now >= deadline
    }
}
