/// Which side of the DTLS handshake an endpoint plays (RFC 5763 §5: the
/// `a=setup:passive` side is the server).
public enum DTLSRole: Sendable, Hashable {
    case server
    case client
}

/// Where a DTLS association stands.
public enum DTLSState: Sendable, Equatable {
    case handshaking
    /// Handshake done, peer certificate matched `a=fingerprint`, SRTP keys exported.
    case connected(SRTPKeyingMaterial)
    /// The handshake or the association failed; nothing more will be sent.
    case failed(DTLSError)
    /// The peer sent close_notify or a fatal alert after the handshake, or
    /// `close()` was called: the peer is gone.
    case closed

    /// The SRTP keys when connected.
    public var keyingMaterial: SRTPKeyingMaterial? {
        if case .connected(let material) = self { return material }
        return nil
    }
}

/// What one received datagram produced.
public struct DTLSResult: Sendable, Equatable {
    /// Datagrams to send to the peer, each at most the endpoint's MTU.
    public var datagrams: [[UInt8]]
    /// Application data records received (unused by DTLS-SRTP itself).
    public var applicationData: [[UInt8]]
    /// The new state if this datagram changed it.
    public var stateChange: DTLSState?

    public init(datagrams: [[UInt8]] = [], applicationData: [[UInt8]] = [], stateChange: DTLSState? = nil) {
        self.datagrams = datagrams
        self.applicationData = applicationData
        self.stateChange = stateChange
    }
}

/// A DTLS failure with a reason a person can read (OpenSSL's error strings included).
public struct DTLSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Generating or loading the certificate or key failed.
        case certificate
        /// Configuring the OpenSSL context or session failed.
        case setup
        /// The remote `a=fingerprint` uses an unknown hash or is not hex pairs.
        case invalidFingerprint
        /// The handshake failed (protocol error, bad record, no common cipher...).
        case handshake
        /// The peer sent a fatal alert during the handshake.
        case peerAlert
        /// The peer's certificate does not hash to the expected fingerprint.
        case fingerprintMismatch
        /// The peer did not agree to any SRTP protection profile we offer.
        case noSRTPProfile
        /// Exporting the SRTP keying material failed.
        case keyExport
        /// The peer never answered: retransmissions exhausted (RFC 6347 §4.2.4).
        case timeout
    }

    public let kind: Kind
    public let reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "DTLS \(kind): \(reason)" }
}
