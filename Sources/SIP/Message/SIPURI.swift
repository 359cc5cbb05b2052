import CoreTypes

/// A URI as SIP uses it (RFC 3261 §19.1): `sip:`/`sips:` URIs are fully parsed,
/// `tel:` URIs (RFC 3966) are typed (number in `user`, parameters), and any other
/// scheme is kept opaque so headers such as `To: isbn:…` still parse (RFC 4475 §3.3.4).
///
/// `user`, `password`, parameter and header values are stored percent-decoded and
/// re-escaped on output, so `sip:%75ser@h` and `sip:user@h` have equal `user`.
public struct SIPURI: Hashable, Sendable, CustomStringConvertible {
    /// Lower-cased scheme: "sip", "sips", "tel" or another scheme.
    public var scheme: String
    public var user: String?
    public var password: String?
    /// Host name or IP literal; IPv6 without brackets. Empty for tel and opaque URIs.
    public var host: String
    public var port: Int?
    /// URI parameters (`;transport=udp;lr`), decoded.
    public var parameters: SIPParameters
    /// URI headers (`?Subject=x&Priority=urgent`), decoded; values are never nil.
    public var headers: SIPParameters
    /// For schemes other than sip, sips and tel: everything after "scheme:".
    public var opaque: String?

    public init(scheme: String = "sip", user: String? = nil, password: String? = nil, host: String,
                port: Int? = nil, parameters: SIPParameters = [:], headers: SIPParameters = [:]) {
        self.scheme = scheme.lowercased()
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
        self.opaque = nil
    }

    /// A `tel:` URI for a global (`+…`) or local number.
    public static func tel(_ number: String, parameters: SIPParameters = [:]) -> SIPURI {
        SIPURI(scheme: "tel", user: number, host: "", parameters: parameters)
    }

    public var isSIP: Bool { scheme == "sip" || scheme == "sips" }
    public var isSecure: Bool { scheme == "sips" }
    public var isTel: Bool { scheme == "tel" }

    /// `;lr`: the element is a loose router (RFC 3261 §16.12.1).
    public var isLooseRouter: Bool { parameters.contains("lr") }

    /// `host[:port]` with IPv6 brackets.
    public var hostPort: String {
        let h = IPAddressText.bracketed(host)
        return port.map { "\(h):\($0)" } ?? h
    }

    /// Where to send a request for this URI when no DNS procedure applies:
    /// `maddr` or host, and the port or the default (5060, 5061 for sips: and TLS).
    public var endpoint: Endpoint? {
        guard isSIP, !host.isEmpty else { return nil }
        let target = parameters["maddr"] ?? host
        // RFC 3263 §4.2: the default port is 5061 for TLS (sips: or ;transport=tls).
        let overTLS = isSecure || parameters["transport"]?.lowercased() == "tls"
        return Endpoint(host: target, port: port ?? (overTLS ? 5061 : 5060))
    }

    public var description: String { serialized }

    /// Equality in the sense of RFC 3261 §19.1.4 for the parts a gateway compares:
    /// scheme, user, password, host (case-insensitive), port, and the transport,
    /// user, method, maddr and ttl parameters when either side has them.
    public func isEquivalent(to other: SIPURI) -> Bool {
        guard scheme == other.scheme, user == other.user, password == other.password,
              host.lowercased() == other.host.lowercased(), port == other.port,
              opaque == other.opaque else { return false }
        for name in ["transport", "user", "method", "maddr", "ttl"] {
            if parameters[name]?.lowercased() != other.parameters[name]?.lowercased() { return false }
        }
        return true
    }
}
