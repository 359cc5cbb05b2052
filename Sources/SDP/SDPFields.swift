/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`
/// (RFC 8866 §5.2).
public struct SDPOrigin: Sendable, Hashable {
    public var username: String
    /// Kept as text: RFC 8866 only asks for a numeric string, and some peers send
    /// values that do not fit any fixed-width integer.
    public var sessionID: String
    /// Incremented by the sender for every new version of its description
    /// (RFC 3264 §8).
    public var sessionVersion: UInt64
    public var netType: String
    public var addressType: String
    public var address: String

    public init(username: String = "-", sessionID: String, sessionVersion: UInt64,
                netType: String = "IN", addressType: String = "IP4", address: String) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.netType = netType
        self.addressType = addressType
        self.address = address
    }
}

/// `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7).
///
/// `address` keeps any multicast `/ttl/count` suffix as written.
public struct SDPConnection: Sendable, Hashable {
    public var netType: String
    public var addressType: String
    public var address: String

    public init(netType: String = "IN", addressType: String = "IP4", address: String) {
        self.netType = netType
        self.addressType = addressType
        self.address = address
    }

    /// RFC 3264 §8.4: the pre-RFC 3264 way of putting a stream on hold.
    public var isHoldAddress: Bool { address == "0.0.0.0" }
}

/// `b=<bwtype>:<bandwidth>` (RFC 8866 §5.8), e.g. `AS:64` or `TIAS:64000`.
public struct SDPBandwidth: Sendable, Hashable {
    public var type: String
    public var value: UInt64

    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }
}

/// `t=<start-time> <stop-time>` with the `r=` lines that follow it (RFC 8866 §5.9, §5.10).
public struct SDPTiming: Sendable, Hashable {
    public var start: UInt64
    public var stop: UInt64
    /// `r=` values, kept as written.
    public var repeats: [String]

    public init(start: UInt64 = 0, stop: UInt64 = 0, repeats: [String] = []) {
        self.start = start
        self.stop = stop
        self.repeats = repeats
    }
}

/// `a=<name>` or `a=<name>:<value>` (RFC 8866 §5.13).
public struct SDPAttribute: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// nil for property attributes such as `a=rtcp-mux`.
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The text after `a=`.
    public var description: String {
        if let value { return "\(name):\(value)" }
        return name
    }

    /// Attribute names are compared without regard to case: peers disagree on
    /// spelling (`a=sendRecv` has been seen) and nothing is gained by refusing.
    func hasName(_ other: String) -> Bool {
        name.utf8.count == other.utf8.count && name.lowercased() == other.lowercased()
    }
}

/// A line whose type letter this parser does not know (RFC 8866 §5: "parsers
/// SHOULD ignore" them). Kept so that a relayed description loses nothing.
public struct SDPUnknownField: Sendable, Hashable {
    public var type: Character
    public var value: String

    public init(type: Character, value: String) {
        self.type = type
        self.value = value
    }
}
