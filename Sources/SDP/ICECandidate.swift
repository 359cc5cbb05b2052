/// Candidate types (RFC 8839 §5.1 `cand-type`).
public enum ICECandidateType: Sendable, Hashable {
    case host
    case serverReflexive
    case peerReflexive
    case relayed
    case other(String)

    public init(token: String) {
        switch token.lowercased() {
        case "host": self = .host
        case "srflx": self = .serverReflexive
        case "prflx": self = .peerReflexive
        case "relay": self = .relayed
        default: self = .other(token)
        }
    }

    /// The SDP token: `host`, `srflx`, `prflx`, `relay`.
    public var token: String {
        switch self {
        case .host: "host"
        case .serverReflexive: "srflx"
        case .peerReflexive: "prflx"
        case .relayed: "relay"
        case .other(let token): token
        }
    }
}

/// One ICE candidate (RFC 8839 §5.1):
/// `<foundation> <component-id> <transport> <priority> <address> <port> typ <cand-type>
///  [raddr <address>] [rport <port>] *(<extension-name> <extension-value>)`
public struct ICECandidate: Sendable, Hashable {
    /// `name value` pairs after the fixed fields, e.g. `generation 0`,
    /// `tcptype active`, `network-id 1`.
    public struct Extension: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var foundation: String
    /// 1 for RTP, 2 for RTCP without rtcp-mux.
    public var component: UInt16
    /// `udp` or `tcp` as written (case varies between stacks).
    public var transport: String
    public var priority: UInt32
    /// An IP literal, or an mDNS name ending in `.local` (browsers hide host
    /// addresses that way).
    public var address: String
    public var port: UInt16
    public var type: ICECandidateType
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    public var extensions: [Extension]

    public init(foundation: String, component: UInt16 = 1, transport: String = "udp",
                priority: UInt32, address: String, port: UInt16, type: ICECandidateType = .host,
                relatedAddress: String? = nil, relatedPort: UInt16? = nil,
                extensions: [Extension] = []) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.extensions = extensions
    }

    /// Parses a candidate as found in SDP (`a=candidate:...`, `candidate:...`, or the
    /// bare attribute value) or in a browser's `RTCIceCandidate.candidate` string.
    /// Returns nil when a fixed field is missing or out of range.
    public static func parse(_ text: String) -> ICECandidate? {
        var body = Substring(text.trimmedSpaces)
        if body.hasPrefix("a=") { body = body.dropFirst(2) }
        if body.lowercased().hasPrefix("candidate:") { body = body.dropFirst("candidate:".count) }
        let tokens = body.split(separator: " ").map(String.init)
        guard tokens.count >= 8, tokens.count % 2 == 0,
              !tokens[0].isEmpty,
              let component = UInt16(tokens[1]),
              let priority = UInt32(tokens[3]),
              let port = UInt16(tokens[5]),
              tokens[6] == "typ" else { return nil }
        var candidate = ICECandidate(
            foundation: tokens[0], component: component, transport: tokens[2],
            priority: priority, address: tokens[4], port: port,
            type: ICECandidateType(token: tokens[7]))
        var index = 8
        while index + 1 < tokens.count {
            let name = tokens[index], value = tokens[index + 1]
            switch name {
            case "raddr" where candidate.relatedAddress == nil:
                candidate.relatedAddress = value
            case "rport" where candidate.relatedPort == nil:
                guard let relatedPort = UInt16(value) else { return nil }
                candidate.relatedPort = relatedPort
            default:
                candidate.extensions.append(Extension(name: name, value: value))
            }
            index += 2
        }
        return candidate
    }

    /// The `a=candidate` attribute value (without the `candidate:` prefix).
    public var attributeValue: String {
        var text = "\(foundation) \(component) \(transport) \(priority) \(address) \(port) typ \(type.token)"
        if let relatedAddress { text += " raddr \(relatedAddress)" }
        if let relatedPort { text += " rport \(relatedPort)" }
        for item in extensions { text += " \(item.name) \(item.value)" }
        return text
    }

    /// The form browsers use in `RTCIceCandidate.candidate`: `candidate:<value>`.
    public var candidateString: String { "candidate:\(attributeValue)" }

    /// The value of an extension such as `tcptype` or `generation`.
    public func extensionValue(named name: String) -> String? {
        extensions.first { $0.name == name }?.value
    }

    /// RFC 8445 §5.1.2.1: priority = 2^24·type preference + 2^8·local preference
    /// + (256 − component). Type preference 126 for host candidates.
    public static func computePriority(typePreference: UInt8, localPreference: UInt16,
                                       component: UInt16) -> UInt32 {
        let componentPart = UInt32(256) &- UInt32(min(component, 256))
        return (UInt32(typePreference) << 24) | (UInt32(localPreference) << 8) | (componentPart & 0xFF)
    }
}
