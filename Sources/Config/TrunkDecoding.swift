import CoreTypes
import Yams

/// Decoding of `trunks:` items and `webrtc.ice_servers:` items.
extension ConfigDecoder {
    static let trunkKeys = ["name", "address", "transport", "tls_verify", "tls_ca_file", "outbound_proxy",
                            "username", "password", "from_user", "from_domain", "codecs", "dtmf",
                            "register", "register_expires_s", "registrar", "auth_username",
                            "options_interval_s", "prack", "rtp_timeout_s", "jitter_buffer_ms",
                            "inbound_addresses", "inbound_username", "inbound_password",
                            "max_calls", "calls_per_minute"]

    /// Trunk names: letters, digits, '_' and '-', so they are safe in logs, URLs and dialplans.
    static func trunkName(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 64, describe: "use letters, digits, '_' and '-', e.g. carrier") {
            $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == "-"
        }(scalar)
    }

    /// RFC 3261 §25.1 `user`: unreserved, user-unreserved and %-escapes.
    static func sipUser(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 64, describe: "use letters, digits and -_.!~*'()&=+$,;?/%") {
            $0.isASCIILetter || $0.isASCIIDigit || "-_.!~*'()&=+$,;?/%".contains($0)
        }(scalar)
    }

    /// Credentials: any text without control characters (they would break the header).
    static func credentialText(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 256, allowEmpty: true, describe: "remove control characters and line breaks") {
            !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) && !$0.isNewline
        }(scalar)
    }

    mutating func decodeTrunk(_ node: Node, index: Int) -> TrunkConfig {
        let m = mapping(node, path: "trunks[\(index)]", anchor: nil, keys: Self.trunkKeys)
        let credential = { (scalar: Node.Scalar) throws(ValueProblem) -> String? in
            let text = try Self.credentialText(scalar)
            return text.isEmpty ? nil : text
        }
        // The transport first: it decides the default port of the addresses (5061 for TLS).
        let name = requiredValue(m, "name", expecting: "a trunk name", example: "carrier", Self.trunkName) ?? ""
        let transport = value(m, "transport", default: .udp, expecting: "a transport name",
                              ValueParsers.choice(SIPTransport.self))
        let peer = ValueParsers.peerEndpoint(defaultPort: transport.defaultPort)
        var trunk = TrunkConfig(
            name: name,
            address: requiredValue(m, "address", expecting: "host[:port] text", example: "sip.example.net:5060",
                                   peer) ?? Endpoint(host: "", port: 5060),
            transport: transport,
            tlsVerify: value(m, "tls_verify", default: true, expecting: "true or false", ValueParsers.boolean),
            tlsCAFile: optionalValue(m, "tls_ca_file", expecting: "a file path", ValueParsers.filePath),
            outboundProxy: optionalValue(m, "outbound_proxy", expecting: "host[:port] text", peer),
            username: optionalValue(m, "username", expecting: "text", credential) ?? nil,
            password: optionalValue(m, "password", expecting: "text", credential) ?? nil,
            fromUser: optionalValue(m, "from_user", expecting: "text", Self.sipUser),
            fromDomain: optionalValue(m, "from_domain", expecting: "a host name or IP address", ValueParsers.host),
            codecs: decodeCodecs(m),
            dtmf: value(m, "dtmf", default: .rfc4733, expecting: "a DTMF mode", ValueParsers.choice(DTMFMode.self))
        )
        decodeRegistration(into: &trunk, m)
        let probeSeconds = value(m, "options_interval_s", default: 30, expecting: "a number of seconds (0 = off)",
                                 ValueParsers.integer(in: 0...3600))
        trunk.optionsInterval = probeSeconds == 0 ? nil : .seconds(max(probeSeconds, 5))
        trunk.prack = value(m, "prack", default: .supported, expecting: "supported, required or disabled",
                            ValueParsers.choice(PRACKMode.self))
        let silence = value(m, "rtp_timeout_s", default: 60, expecting: "a number of seconds (0 = never)",
                            ValueParsers.integer(in: 0...3600))
        trunk.rtpTimeout = silence == 0 ? nil : .seconds(max(silence, 5))
        let buffer = value(m, "jitter_buffer_ms", default: 0, expecting: "0 (off) or 20 to 60 milliseconds",
                           ValueParsers.integer(in: 0...60))
        if buffer > 0 && buffer < 20 {
            report(m.keyPosition("jitter_buffer_ms") ?? m.anchor, m.child("jitter_buffer_ms"),
                   "\(buffer) is below one 20 ms packet", fix: "use 0 (off) or 20 to 60")
        }
        trunk.jitterBufferMilliseconds = buffer >= 20 ? buffer : nil
        let maxCalls = value(m, "max_calls", default: 0, expecting: "a number of calls (0 = no limit)",
                             ValueParsers.integer(in: TrunkConfig.callLimitRange))
        trunk.maxCalls = maxCalls == 0 ? nil : maxCalls
        let perMinute = value(m, "calls_per_minute", default: 0, expecting: "a number of calls (0 = no limit)",
                              ValueParsers.integer(in: TrunkConfig.callLimitRange))
        trunk.callsPerMinute = perMinute == 0 ? nil : perMinute
        decodeInbound(into: &trunk, m)
        checkCredentialPair(trunk, m)
        checkTLSKeys(trunk, m)
        return trunk
    }

    /// `tls_verify` and `tls_ca_file` only mean something on a TLS trunk; the
    /// default `tls_verify: true` written out is harmless anywhere.
    private mutating func checkTLSKeys(_ trunk: TrunkConfig, _ m: MappingReader) {
        guard trunk.transport != .tls, !rejected.contains(m.child("transport")) else { return }
        for key in ["tls_verify", "tls_ca_file"] where key == "tls_ca_file" || !trunk.tlsVerify {
            guard let position = positions[m.child(key)], !rejected.contains(m.child(key)) else { continue }
            report(position, m.child(key), "is used only with transport: tls",
                   fix: "set 'transport: tls' under '\(m.path)' or remove this key")
        }
    }

    /// Digest authentication (RFC 3261 §22.2) needs both halves.
    private mutating func checkCredentialPair(_ trunk: TrunkConfig, _ m: MappingReader) {
        if trunk.username != nil, trunk.password == nil, !rejected.contains(m.child("password")) {
            report(positions[m.child("username")], m.child("password"), "username is set but password is missing",
                   fix: "add 'password: ...' under '\(m.path)' or remove 'username'")
        }
        if trunk.password != nil, trunk.username == nil, !rejected.contains(m.child("username")) {
            report(positions[m.child("password")], m.child("username"), "password is set but username is missing",
                   fix: "add 'username: ...' under '\(m.path)' or remove 'password'")
        }
    }

    private mutating func decodeCodecs(_ m: MappingReader) -> [AudioCodec] {
        let path = m.child("codecs")
        guard let node = m.node("codecs"), !node.isNull else { return [.pcmu, .pcma] }
        let items = sequence(node, path: path, example: "[pcmu, pcma]")
        if rejected.contains(path) { return [.pcmu, .pcma] }
        if items.isEmpty {
            report(SourcePosition(node.mark), path, "needs at least one codec", fix: "e.g. codecs: [pcmu, pcma]")
            return [.pcmu, .pcma]
        }
        var codecs: [AudioCodec] = []
        for (index, item) in items.enumerated() {
            let itemPath = path + "[\(index)]"
            guard case .found(let codec) = lookup(item, path: itemPath, expecting: "a codec name",
                                                   ValueParsers.choice(AudioCodec.self)) else { continue }
            if codecs.contains(codec) {
                report(SourcePosition(item.mark), itemPath, "'\(codec.rawValue)' is listed twice", fix: "remove the repeat")
            } else {
                codecs.append(codec)
            }
        }
        return codecs.isEmpty ? [.pcmu, .pcma] : codecs
    }

    mutating func decodeICEServer(_ node: Node, path: String) -> ICEServer {
        let m = mapping(node, path: path, anchor: nil, keys: ["urls", "username", "credential", "secret", "credential_ttl_s"])
        var urls: [String] = []
        if let urlsNode = m.node("urls"), case .sequence = urlsNode {
            let items = sequence(urlsNode, path: m.child("urls"), example: "[\"stun:stun.example.org:3478\"]")
            for (index, item) in items.enumerated() {
                if case .found(let url) = lookup(item, path: m.child("urls") + "[\(index)]", expecting: "a URL", Self.iceURL) {
                    urls.append(url)
                }
            }
            if items.isEmpty {
                report(SourcePosition(urlsNode.mark), m.child("urls"), "needs at least one URL",
                       fix: "e.g. urls: [\"stun:stun.example.org:3478\"]")
            }
        } else if let url = requiredValue(m, "urls", expecting: "a URL or a list of URLs",
                                          example: "[\"stun:stun.example.org:3478\"]", Self.iceURL) {
            urls = [url]
        }
        let text = { (scalar: Node.Scalar) throws(ValueProblem) -> String? in
            let value = try Self.credentialText(scalar)
            return value.isEmpty ? nil : value
        }
        let server = ICEServer(urls: urls,
                               username: optionalValue(m, "username", expecting: "text", text) ?? nil,
                               credential: optionalValue(m, "credential", expecting: "text", text) ?? nil,
                               secret: optionalValue(m, "secret", expecting: "text", text) ?? nil,
                               credentialLifetimeSeconds: value(m, "credential_ttl_s", default: ICEServer.defaultCredentialLifetimeSeconds,
                                                                expecting: "a number of seconds",
                                                                ValueParsers.integer(in: ICEServer.credentialLifetimeRange)))
        if server.secret != nil {
            // Credentials made from the secret replace fixed ones: both would be ambiguous.
            for key in ["username", "credential"] where m.node(key) != nil {
                report(positions[m.child(key)] ?? m.anchor, m.child(key), "\(key) cannot be set together with secret",
                       fix: "remove '\(key)' (each browser gets credentials made from the secret) or remove 'secret'")
            }
        } else if server.isTURN {
            // RFC 7065: TURN allocations are always authenticated, so browsers need both.
            for key in ["username", "credential"] where (key == "username" ? server.username : server.credential) == nil {
                if rejected.contains(m.child(key)) { continue }
                report(positions[m.child("urls")] ?? m.anchor, m.child(key), "TURN servers need a \(key)",
                       fix: "add '\(key): ...' under '\(path)', or 'secret: ...' for credentials made per browser")
            }
        }
        return server
    }

    /// RFC 7064 (stun:, stuns:) and RFC 7065 (turn:, turns:) URIs; schemes are case-insensitive.
    static func iceURL(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        let url = scalar.string
        if let problem = ICEServer.urlProblem(url) {
            throw ValueProblem(problem, fix: "start it with stun:, stuns:, turn: or turns:, e.g. stun:stun.example.org:3478")
        }
        return url
    }
}
