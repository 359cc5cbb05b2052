import CoreTypes

/// One entry of `trunks:` — a SIP peer (carrier, PBX or phone) calls are sent to.
public struct TrunkConfig: Sendable, Hashable, CustomStringConvertible {
    /// Unique name, referred to by `calls.default_trunk` and dialplans.
    public var name: String
    /// Where requests are sent; the port defaults to 5060.
    public var address: Endpoint
    public var transport: SIPTransport
    /// Digest credentials (RFC 3261 §22, RFC 8760) used when the trunk answers 401/407.
    public var username: String?
    public var password: String?
    /// User part of the From URI (caller id); `nil` means the caller's web identity.
    public var fromUser: String?
    /// Host of From, To and the Request-URI; `nil` means the trunk's host.
    public var fromDomain: String?
    /// Codecs offered, in order of preference.
    public var codecs: [AudioCodec]
    public var dtmf: DTMFMode

    public init(name: String, address: Endpoint, transport: SIPTransport = .udp,
                username: String? = nil, password: String? = nil,
                fromUser: String? = nil, fromDomain: String? = nil,
                codecs: [AudioCodec] = [.pcmu, .pcma], dtmf: DTMFMode = .rfc4733) {
        self.name = name
        self.address = address
        self.transport = transport
        self.username = username
        self.password = password
        self.fromUser = fromUser
        self.fromDomain = fromDomain
        self.codecs = codecs
        self.dtmf = dtmf
    }

    /// The host used in From, To and the Request-URI.
    public var domain: String {
        fromDomain ?? address.host
    }

    /// Never prints the password, so logging a config leaks no secret.
    public var description: String {
        "TrunkConfig(name: \(name), address: \(address), transport: \(transport.rawValue), "
            + "username: \(username ?? "nil"), password: \(password == nil ? "nil" : "<redacted>"), "
            + "fromUser: \(fromUser ?? "nil"), fromDomain: \(fromDomain ?? "nil"), "
            + "codecs: \(codecs.map(\.rawValue)), dtmf: \(dtmf.rawValue))"
    }
}
