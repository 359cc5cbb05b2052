import CoreTypes

/// What the B2BUA needs to know about the trunk a call goes to.
public struct TrunkTarget: Sendable, Equatable {
    public var name: String
    /// Where requests are sent.
    public var endpoint: Endpoint
    /// Host part of the Request-URI, To and From (the trunk's SIP domain).
    public var domain: String
    /// Digest credentials, used when the trunk challenges with 401/407.
    public var username: String?
    public var password: String?
    /// User part of From; the web identity when `nil`.
    public var fromUser: String?
    /// Codecs offered, in order of preference.
    public var codecs: [TrunkCodec]

    public init(name: String, endpoint: Endpoint, domain: String, username: String? = nil,
                password: String? = nil, fromUser: String? = nil, codecs: [TrunkCodec]) {
        self.name = name
        self.endpoint = endpoint
        self.domain = domain
        self.username = username
        self.password = password
        self.fromUser = fromUser
        self.codecs = codecs
    }
}

/// A codec on the trunk side, with its static RTP payload type (RFC 3551 §6).
public enum TrunkCodec: String, Sendable, CaseIterable {
    case pcmu, pcma

    public var payloadType: UInt8 { self == .pcmu ? 0 : 8 }
    public var encodingName: String { self == .pcmu ? "PCMU" : "PCMA" }
    public var clockRate: Int { 8000 }

    public init?(payloadType: UInt8) {
        switch payloadType {
        case 0: self = .pcmu
        case 8: self = .pcma
        default: return nil
        }
    }
}

/// The gateway's own SIP identity toward trunks.
public struct LocalSIPAddress: Sendable, Equatable {
    /// Host and port written in Via and Contact.
    public var endpoint: Endpoint
    /// `User-Agent` header value; no version unless the operator configures one.
    public var userAgent: String

    public init(endpoint: Endpoint, userAgent: String) {
        self.endpoint = endpoint
        self.userAgent = userAgent
    }
}
