/// A SIP transport protocol (RFC 3261 §18): datagrams over UDP, or a byte stream
/// over TCP or TLS (SIP over TLS, RFC 3261 §26.2.1; RFC 5630).
///
/// One type shared by configuration, the B2BUA core and the runtime, so a trunk's
/// `transport: tcp` reaches the Via header and the socket without translation.
public enum SIPTransport: String, Sendable, Hashable, CaseIterable {
    case udp, tcp, tls

    /// The token in a Via sent-protocol (`SIP/2.0/TCP`, RFC 3261 §20.42).
    public var viaToken: String { rawValue.uppercased() }

    /// The `transport` URI parameter written in Contact and Route (RFC 3261 §19.1.1);
    /// `nil` for UDP, the default.
    public var uriParameter: String? { self == .udp ? nil : rawValue }

    /// Streams deliver in order and retransmit by themselves, so transactions do not
    /// retransmit over them (RFC 3261 §17.1.1.2).
    public var isReliable: Bool { self != .udp }

    /// RFC 3261 §19.1.2: 5060 for UDP and TCP, 5061 for TLS.
    public var defaultPort: Int { self == .tls ? 5061 : 5060 }

    /// The transport named by a Via token (`UDP`, `tcp`, …), if it is one of these.
    public init?(viaToken: String) {
        self.init(rawValue: viaToken.lowercased())
    }
}
