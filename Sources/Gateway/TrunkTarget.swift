import CoreTypes
import SIP

/// What the B2BUA needs to know about the trunk a call goes to.
public struct TrunkTarget: Sendable, Equatable {
    public var name: String
    /// The trunk's own SIP address (its port is written in the Request-URI when
    /// not the default).
    public var endpoint: Endpoint
    /// How requests reach the trunk; Via and Contact name it (RFC 3261 §18).
    public var transport: SIPTransport
    /// Where requests go instead of `endpoint`, with a loose-routing `Route`
    /// header naming it (RFC 3261 §8.1.2).
    public var outboundProxy: Endpoint?
    /// Host part of the Request-URI, To and From (the trunk's SIP domain).
    public var domain: String
    /// Digest credentials, used when the trunk challenges with 401/407.
    public var username: String?
    public var password: String?
    /// User part of From; the web identity when `nil`.
    public var fromUser: String?
    /// Codecs offered, in order of preference.
    public var codecs: [TrunkCodec]
    /// Reliable provisional responses (RFC 3262): offered, required or not used.
    public var reliableProvisional: ReliableProvisional = .supported
    /// How digits from the browser reach this trunk (`TrunkDTMFMode.method(for:)` resolves `auto`).
    public var dtmf: TrunkDTMFMode = .rfc4733

    public init(name: String, endpoint: Endpoint, transport: SIPTransport = .udp, outboundProxy: Endpoint? = nil,
                domain: String, username: String? = nil,
                password: String? = nil, fromUser: String? = nil, codecs: [TrunkCodec]) {
        self.name = name
        self.endpoint = endpoint
        self.transport = transport
        self.outboundProxy = outboundProxy
        self.domain = domain
        self.username = username
        self.password = password
        self.fromUser = fromUser
        self.codecs = codecs
    }
}

/// How the gateway asks for reliable provisional responses (RFC 3262 §3).
public enum ReliableProvisional: String, Sendable, CaseIterable {
    /// `Supported: 100rel`: the trunk may send 1xx reliably; each is acknowledged with PRACK.
    case supported
    /// `Require: 100rel`: the trunk must.
    case required
    /// Neither header; a trunk that still sends reliable 1xx gets its PRACK anyway.
    case disabled
}

/// A codec on the trunk side, with its static RTP payload type (RFC 3551 §6).
public enum TrunkCodec: String, Sendable, CaseIterable {
    case pcmu, pcma, g722
    /// Opus (RFC 7587), carried between browser and trunk without transcoding.
    case opus

    /// The payload type the gateway offers: static for G.711/G.722 (RFC 3551 §6), a
    /// dynamic one for Opus (the one browsers use). An answer may map Opus to another.
    public var payloadType: UInt8 {
        switch self {
        case .pcmu: return 0
        case .pcma: return 8
        case .g722: return 9
        case .opus: return 111
        }
    }

    public var encodingName: String {
        switch self {
        case .pcmu: return "PCMU"
        case .pcma: return "PCMA"
        case .g722: return "G722"
        case .opus: return "opus"
        }
    }

    /// The RTP clock rate written in SDP: 8000 for G.711 and G.722 (RFC 3551 §4.5.2:
    /// G.722 carries 16 kHz audio on an 8 kHz clock), 48000 for Opus (RFC 7587 §4.1).
    public var clockRate: Int { self == .opus ? 48000 : 8000 }

    /// The audio sample rate the codec carries: 8 kHz for G.711, 16 kHz for G.722 (whatever
    /// its RTP clock says), 48 kHz for Opus.
    public var audioRate: Int {
        switch self {
        case .pcmu, .pcma: return 8000
        case .g722: return 16000
        case .opus: return 48000
        }
    }

    /// The `a=rtpmap` encoding (`opus/48000/2`: RFC 7587 §7 always signals two channels).
    public var rtpmapEncoding: String {
        self == .opus ? "opus/48000/2" : "\(encodingName)/\(clockRate)"
    }

    /// The codec an `a=rtpmap` (or a static payload type) names, if the gateway has it.
    public init?(encodingName: String, clockRate: Int) {
        switch (encodingName.lowercased(), clockRate) {
        case ("pcmu", 8000): self = .pcmu
        case ("pcma", 8000): self = .pcma
        case ("g722", 8000): self = .g722
        case ("opus", 48000): self = .opus
        default: return nil
        }
    }

    public init?(payloadType: UInt8) {
        switch payloadType {
        case 0: self = .pcmu
        case 8: self = .pcma
        case 9: self = .g722
        default: return nil
        }
    }
}

/// The gateway's own SIP identity toward trunks.
public struct LocalSIPAddress: Sendable, Equatable {
    /// Host and port written in Via and Contact: the listener of `transport`.
    public var endpoint: Endpoint
    /// The transport written in Via (`SIP/2.0/TCP`) and Contact (`;transport=tcp`).
    public var transport: SIPTransport
    /// `User-Agent` header value; no version unless the operator configures one.
    public var userAgent: String

    public init(endpoint: Endpoint, transport: SIPTransport = .udp, userAgent: String) {
        self.endpoint = endpoint
        self.transport = transport
        self.userAgent = userAgent
    }

    /// A Via for a new request from the gateway: the transport it leaves on (RFC 3261
    /// §18.1.1), a fresh branch (§8.1.1.7) and `rport` to ask for the source port (RFC 3581).
    public func newVia() -> String {
        var via = Via(transport: transport.viaToken, host: endpoint.host, port: endpoint.port,
                      branch: SIPIdentifiers.newBranch())
        via.setRport(nil)
        return via.description
    }

    /// The Contact header value (RFC 3261 §8.1.1.8): where the trunk sends requests
    /// inside the dialog, with the transport it must use (§19.1.1).
    public var contact: String {
        "<sip:gateway@\(endpoint.description)" + (transport.uriParameter.map { ";transport=\($0)" } ?? "") + ">"
    }
}

extension TrunkTarget {
    /// Where requests for this trunk are sent: the outbound proxy, else the trunk.
    public var nextHop: Endpoint {
        outboundProxy ?? endpoint
    }

    /// `Route: <sip:proxy;lr>` for the outbound proxy (RFC 3261 §8.1.2), loose
    /// routing so the Request-URI keeps naming the trunk (§16.12).
    public var outboundProxyRoute: String? {
        guard let proxy = outboundProxy else { return nil }
        let transportParameter = transport.uriParameter.map { ";transport=\($0)" } ?? ""
        return "<sip:\(proxy.description)\(transportParameter);lr>"
    }
}
