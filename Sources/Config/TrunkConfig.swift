import CoreTypes

/// One entry of `trunks:` — a SIP peer (carrier, PBX or phone) calls are sent to.
public struct TrunkConfig: Sendable, Hashable, CustomStringConvertible {
    /// Unique name, referred to by `calls.default_trunk` and dialplans.
    public var name: String
    /// The trunk's SIP address; requests go here unless `outboundProxy` is set.
    /// The port defaults to 5060 (5061 for TLS).
    public var address: Endpoint
    public var transport: SIPTransport
    /// TLS only: verify the trunk's certificate chain and host name (RFC 5922 §7.2).
    public var tlsVerify: Bool
    /// TLS only: PEM file of the certificate authorities trusted for this trunk;
    /// `nil` means the system's.
    public var tlsCAFile: String?
    /// Where requests for this trunk are sent instead of `address`, with a
    /// `Route: <sip:proxy;lr>` header (RFC 3261 §8.1.2).
    public var outboundProxy: Endpoint?
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
    /// Register the gateway with the trunk's registrar (RFC 3261 §10) and keep the
    /// binding fresh; needs `username` and `password`.
    public var register: Bool
    /// Binding lifetime asked for in REGISTER (the registrar may grant another).
    public var registerExpires: Duration
    /// Where REGISTER requests go; `nil` means where calls go (`nextHop`).
    public var registrar: Endpoint?
    /// Digest user name when it differs from `username` (which stays the user part
    /// of the address-of-record).
    public var authUsername: String?
    /// Seconds between OPTIONS keep-alive probes; `nil` turns them off.
    public var optionsInterval: Duration? = .seconds(30)
    /// Reliable provisional responses (RFC 3262): offered, required or not used.
    public var prack: PRACKMode = .supported
    /// How long the trunk may send neither RTP nor RTCP before its call is ended;
    /// `nil` never ends a call for that.
    public var rtpTimeout: Duration? = .seconds(60)
    /// Delay of the adaptive jitter buffer for this trunk's audio, at most this many
    /// milliseconds; `nil` (the default) plays packets as they arrive.
    public var jitterBufferMilliseconds: Int?
    /// More source addresses (IP literals) this trunk's INVITEs may come from, besides `address`.
    public var inboundAddresses: [String] = []
    /// Credentials this trunk proves itself with (RFC 3261 §22.4) when its INVITE comes
    /// from an address that is not its own: the gateway answers 401 and checks them.
    public var inboundUsername: String?
    public var inboundPassword: String?
    /// Calls through this trunk at once, both directions; `nil` (written `0`) means no limit.
    public var maxCalls: Int?
    /// Calls started through this trunk per minute, both directions; `nil` (written `0`)
    /// means no limit.
    public var callsPerMinute: Int?

    /// What `max_calls` and `calls_per_minute` accept; 0 is no limit.
    public static let callLimitRange = 0...100_000

    public init(name: String, address: Endpoint, transport: SIPTransport = .udp,
                tlsVerify: Bool = true, tlsCAFile: String? = nil, outboundProxy: Endpoint? = nil,
                username: String? = nil, password: String? = nil,
                fromUser: String? = nil, fromDomain: String? = nil,
                codecs: [AudioCodec] = [.pcmu, .pcma], dtmf: DTMFMode = .rfc4733,
                register: Bool = false, registerExpires: Duration = .seconds(3600),
                registrar: Endpoint? = nil, authUsername: String? = nil) {
        self.name = name
        self.address = address
        self.transport = transport
        self.tlsVerify = tlsVerify
        self.tlsCAFile = tlsCAFile
        self.outboundProxy = outboundProxy
        self.username = username
        self.password = password
        self.fromUser = fromUser
        self.fromDomain = fromDomain
        self.codecs = codecs
        self.dtmf = dtmf
        self.register = register
        self.registerExpires = registerExpires
        self.registrar = registrar
        self.authUsername = authUsername
    }

    /// Where requests for this trunk are sent: the outbound proxy, else the trunk itself.
    public var nextHop: Endpoint {
        outboundProxy ?? address
    }

    /// The host used in From, To and the Request-URI.
    public var domain: String {
        fromDomain ?? address.host
    }

    /// Never prints the password, so logging a config leaks no secret.
    public var description: String {
        "TrunkConfig(name: \(name), address: \(address), transport: \(transport.rawValue), "
            + "tlsVerify: \(tlsVerify), tlsCAFile: \(tlsCAFile ?? "nil"), "
            + "outboundProxy: \(outboundProxy.map(\.description) ?? "nil"), "
            + "username: \(username ?? "nil"), password: \(password == nil ? "nil" : "<redacted>"), "
            + "fromUser: \(fromUser ?? "nil"), fromDomain: \(fromDomain ?? "nil"), "
            + "codecs: \(codecs.map(\.rawValue)), dtmf: \(dtmf.rawValue), register: \(register), "
            + "registerExpires: \(registerExpires), registrar: \(registrar.map(\.description) ?? "nil"), "
            + "authUsername: \(authUsername ?? "nil"))"
    }
}
