/// Direction attributes (RFC 8866 §6.7), seen from the side that wrote them.
public enum MediaDirection: String, Sendable, Hashable, CaseIterable {
    case sendrecv
    case sendonly
    case recvonly
    case inactive

    public var isSending: Bool { self == .sendrecv || self == .sendonly }
    public var isReceiving: Bool { self == .sendrecv || self == .recvonly }

    public init(sending: Bool, receiving: Bool) {
        switch (sending, receiving) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    /// The same stream described from the other end: sendonly ↔ recvonly.
    public var reversed: MediaDirection {
        MediaDirection(sending: isReceiving, receiving: isSending)
    }

    /// RFC 3264 §6.1: the answer's direction for an offered direction, given
    /// what the answerer itself is willing to do (`willing`, default sendrecv).
    public func answer(willing: MediaDirection = .sendrecv) -> MediaDirection {
        MediaDirection(sending: isReceiving && willing.isSending,
                       receiving: isSending && willing.isReceiving)
    }
}

/// `a=setup` roles (RFC 4145 §4; RFC 5763 §5 for DTLS-SRTP).
public enum SetupRole: String, Sendable, Hashable, CaseIterable {
    case active
    case passive
    case actpass
    case holdconn
}
