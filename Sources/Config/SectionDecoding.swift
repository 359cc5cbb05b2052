import CoreTypes
import Yams

/// Decoding of each top-level section; see docs/configuration.md for every key.
extension ConfigDecoder {
    static let topKeys = ["http", "sip", "media", "webrtc", "web_auth", "calls", "agents", "trunks", "store",
                          "dialplans", "log"]
    static let sipKeys = ["listen", "transport", "listen_tcp", "listen_tls", "tls_certificate", "tls_private_key",
                          "connection_idle_timeout_s", "public_address", "user_agent", "timer_t1_ms",
                          "digest_algorithms", "requests_per_second_per_source", "ban_after_failures", "ban_s"]

    mutating func decodeConfig(_ root: Node?) -> GatewayConfig {
        let top = mapping(root, path: "", anchor: nil, keys: Self.topKeys)
        return GatewayConfig(
            http: decodeHTTP(section(top, "http", keys: ["listen", "admin_token", "tls_certificate", "tls_private_key",
                                                         "tls_self_signed", "allowed_origins"])),
            sip: decodeSIP(section(top, "sip", keys: Self.sipKeys)),
            media: decodeMedia(section(top, "media", keys: ["public_address", "bind_address", "rtp_port_min", "rtp_port_max",
                                                                 "quality_warnings"])),
            webrtc: decodeWebRTC(section(top, "webrtc", keys: ["ice_servers", "consent_timeout_s"])),
            calls: decodeCalls(section(top, "calls", keys: ["echo_test_number", "default_trunk", "answer_timeout_s", "max_duration_s",
                                                                 "inbound_destination", "fallback_trunks", "disconnect_interval",
                                                                 "disconnect_audio", "tone_country",
                                                                 "drain_timeout_s", "overload_queue_delay_ms"])),
            trunks: sequence(top.node("trunks"), path: "trunks", example: "'- name: carrier' items")
                .enumerated().map { decodeTrunk($0.element, index: $0.offset) },
            store: decodeStore(section(top, "store", keys: ["path"])),
            dialplans: decodeDialplans(section(top, "dialplans", keys: ["directory", "watch", "watch_interval_s", "keep_revisions"])),
            log: decodeLog(section(top, "log", keys: ["level", "format"])),
            agents: decodeAgents(section(top, "agents", keys: Self.agentsKeys)),
            webAuth: decodeWebAuth(section(top, "web_auth", keys: Self.webAuthKeys))
        )
    }

    mutating func section(_ parent: MappingReader, _ key: String, keys: [String]) -> MappingReader {
        mapping(parent.node(key), path: parent.child(key), anchor: parent.keyPosition(key) ?? parent.anchor, keys: keys)
    }

    mutating func decodeHTTP(_ m: MappingReader) -> HTTPConfig {
        let defaults = HTTPConfig()
        let token = ValueParsers.restrictedText(maxLength: 256, describe: "use at least 16 letters, digits, '-' or '_', e.g. from `openssl rand -hex 24`") {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
        }
        let adminToken = optionalValue(m, "admin_token", expecting: "a token") { (scalar: Node.Scalar) throws(ValueProblem) -> String in
            let text = try token(scalar)
            guard text.count >= 16 else {
                throw ValueProblem("is shorter than 16 characters", fix: "use a long random token, e.g. from `openssl rand -hex 24`")
            }
            return text
        }
        var http = HTTPConfig(listen: value(m, "listen", default: defaults.listen, expecting: "host:port text",
                                            ValueParsers.listenEndpoint), adminToken: adminToken)
        http.tlsCertificate = optionalValue(m, "tls_certificate", expecting: "a file path", ValueParsers.filePath)
        http.tlsPrivateKey = optionalValue(m, "tls_private_key", expecting: "a file path", ValueParsers.filePath)
        http.tlsSelfSigned = value(m, "tls_self_signed", default: false, expecting: "true or false", ValueParsers.boolean)
        checkHTTPTLS(http, m)
        let originsPath = m.child("allowed_origins")
        http.allowedOrigins = sequence(m.node("allowed_origins"), path: originsPath, example: "[\"https://www.example.com\"]")
            .enumerated().compactMap { index, item in
                guard case .found(let origin) = lookup(item, path: originsPath + "[\(index)]", expecting: "an origin",
                                                       ValueParsers.webOrigin) else { return nil }
                return origin
            }
        return http
    }

    /// HTTPS needs both PEM files, or the self-signed certificate, not both.
    private mutating func checkHTTPTLS(_ http: HTTPConfig, _ m: MappingReader) {
        let certificatePath = m.child("tls_certificate"), keyPath = m.child("tls_private_key")
        guard !rejected.contains(certificatePath), !rejected.contains(keyPath) else { return }
        switch (http.tlsCertificate, http.tlsPrivateKey) {
        case (.some, nil):
            report(positions[certificatePath], keyPath, "tls_certificate is set but tls_private_key is missing",
                   fix: "add 'tls_private_key: /path/to/key.pem' under '\(m.path)'")
        case (nil, .some):
            report(positions[keyPath], certificatePath, "tls_private_key is set but tls_certificate is missing",
                   fix: "add 'tls_certificate: /path/to/cert.pem' under '\(m.path)'")
        case (.some, .some) where http.tlsSelfSigned:
            report(positions[m.child("tls_self_signed")], m.child("tls_self_signed"),
                   "is true, but tls_certificate and tls_private_key are set too",
                   fix: "remove tls_self_signed to use those files, or remove them to use a self-signed certificate")
        default:
            break
        }
    }

    mutating func decodeSIP(_ m: MappingReader) -> SIPConfig {
        let defaults = SIPConfig()
        let userAgent = ValueParsers.restrictedText(
            maxLength: 128, describe: "use printable ASCII without line breaks, e.g. WebRTC-Gateway"
        ) { $0.isPrintableASCII }
        var sip = SIPConfig(
            listen: value(m, "listen", default: defaults.listen, expecting: "host:port text", ValueParsers.listenEndpoint),
            transport: value(m, "transport", default: defaults.transport, expecting: "a transport name",
                             Self.udpListenTransport),
            listenTCP: optionalValue(m, "listen_tcp", expecting: "host:port text", ValueParsers.listenEndpoint),
            listenTLS: optionalValue(m, "listen_tls", expecting: "host:port text", ValueParsers.listenEndpoint),
            tlsCertificate: optionalValue(m, "tls_certificate", expecting: "a file path", ValueParsers.filePath),
            tlsPrivateKey: optionalValue(m, "tls_private_key", expecting: "a file path", ValueParsers.filePath),
            connectionIdleTimeout: .seconds(value(m, "connection_idle_timeout_s", default: 300,
                                                  expecting: "a number of seconds", ValueParsers.integer(in: 10...86400))),
            publicAddress: optionalValue(m, "public_address", expecting: "a host name or IP address", ValueParsers.host),
            userAgent: value(m, "user_agent", default: defaults.userAgent, expecting: "text", userAgent),
            timerT1: .milliseconds(value(m, "timer_t1_ms", default: 500, expecting: "a number of milliseconds",
                                         ValueParsers.integer(in: 100...5000)))
        )
        sip.requestsPerSecondPerSource = value(m, "requests_per_second_per_source", default: 20,
                                               expecting: "a number of requests", ValueParsers.integer(in: 1...10000))
        sip.banAfterFailures = value(m, "ban_after_failures", default: 5, expecting: "a number of failures",
                                     ValueParsers.integer(in: 1...1000))
        sip.banDuration = .seconds(value(m, "ban_s", default: 600, expecting: "a number of seconds",
                                         ValueParsers.integer(in: 1...604800)))
        checkSIPListeners(sip, m)
        let algorithmsPath = m.child("digest_algorithms")
        if m.node("digest_algorithms") != nil {
            let chosen = sequence(m.node("digest_algorithms"), path: algorithmsPath, example: "[sha-256, md5]")
                .enumerated().compactMap { index, item -> DigestAlgorithm? in
                    guard case .found(let algorithm) = lookup(item, path: algorithmsPath + "[\(index)]",
                                                              expecting: "sha-256 or md5",
                                                              ValueParsers.choice(DigestAlgorithm.self)) else { return nil }
                    return algorithm
                }
            if !chosen.isEmpty { sip.digestAlgorithms = chosen }
        }
        return sip
    }

    /// `sip.transport` names the transport of `sip.listen`, which is a UDP socket;
    /// TCP and TLS listen on their own addresses.
    static func udpListenTransport(_ scalar: Node.Scalar) throws(ValueProblem) -> SIPTransport {
        let transport = try ValueParsers.choice(SIPTransport.self)(scalar)
        guard transport == .udp else {
            throw ValueProblem("sip.listen is always UDP; '\(scalar.string)' listens on its own address",
                               fix: "set transport: udp and add 'listen_\(transport.rawValue): \"0.0.0.0:\(transport.defaultPort)\"'")
        }
        return transport
    }

    /// RFC 3261 §26.2.1: a TLS listener needs its certificate and key, and they mean
    /// nothing without it. TCP and TLS listeners cannot share a port.
    private mutating func checkSIPListeners(_ sip: SIPConfig, _ m: MappingReader) {
        let tlsPath = m.child("listen_tls")
        if sip.listenTLS != nil {
            for (key, value) in [("tls_certificate", sip.tlsCertificate), ("tls_private_key", sip.tlsPrivateKey)]
            where value == nil && !rejected.contains(m.child(key)) {
                report(positions[tlsPath], m.child(key), "listen_tls is set but \(key) is missing",
                       fix: "add '\(key): /path/to/\(key == "tls_certificate" ? "cert" : "key").pem' under '\(m.path)'")
            }
        } else if !rejected.contains(tlsPath) {
            for (key, value) in [("tls_certificate", sip.tlsCertificate), ("tls_private_key", sip.tlsPrivateKey)]
            where value != nil {
                report(positions[m.child(key)], m.child(key), "is used only by the TLS listener",
                       fix: "add 'listen_tls: \"0.0.0.0:5061\"' under '\(m.path)' or remove this key")
            }
        }
        if let tcp = sip.listenTCP, let tls = sip.listenTLS, tcp.port == tls.port,
           tcp.host == tls.host || AddressSyntax.isUnspecified(Substring(tcp.host))
            || AddressSyntax.isUnspecified(Substring(tls.host)) {
            report(positions[tlsPath], tlsPath, "uses the same TCP port as listen_tcp (\(tcp.port))",
                   fix: "give TLS its own port, e.g. \(tcp.port == 5061 ? 5062 : 5061)")
        }
    }

    mutating func decodeMedia(_ m: MappingReader) -> MediaConfig {
        let defaults = MediaConfig(publicAddress: "127.0.0.1")
        let port = ValueParsers.integer(in: 1...65535)
        var media = MediaConfig(
            publicAddress: requiredValue(m, "public_address", expecting: "an IP address", example: "203.0.113.10",
                                         ValueParsers.ipLiteral(allowUnspecified: false)) ?? defaults.publicAddress,
            bindAddress: value(m, "bind_address", default: defaults.bindAddress, expecting: "an IP address",
                               ValueParsers.ipLiteral(allowUnspecified: true)),
            rtpPortMin: value(m, "rtp_port_min", default: defaults.rtpPortMin, expecting: "a port number", port),
            rtpPortMax: value(m, "rtp_port_max", default: defaults.rtpPortMax, expecting: "a port number", port)
        )
        checkRTPRange(media, m)
        media.qualityWarnings = decodeQualityWarnings(section(m, "quality_warnings",
                                                              keys: ["rtt_ms", "jitter_ms", "loss_percent", "mos"]))
        return media
    }

    /// RFC 3550 §11: RTP uses an even port (RTCP the odd one above it); each call takes
    /// a port pair per SIP leg, so a range under 10 ports is a misconfiguration.
    private mutating func checkRTPRange(_ media: MediaConfig, _ m: MappingReader) {
        let minPath = m.child("rtp_port_min"), maxPath = m.child("rtp_port_max")
        guard !rejected.contains(minPath), !rejected.contains(maxPath) else { return }
        let minPosition = positions[minPath] ?? m.anchor
        let maxPosition = positions[maxPath] ?? m.anchor
        if media.rtpPortMin % 2 != 0 {
            report(minPosition, minPath, "\(media.rtpPortMin) is odd; RTP ports start even",
                   fix: "use \(media.rtpPortMin - 1) or \(media.rtpPortMin + 1)")
        }
        if media.rtpPortMax <= media.rtpPortMin {
            report(maxPosition, maxPath, "must be greater than rtp_port_min (\(media.rtpPortMin))",
                   fix: "e.g. rtp_port_max: \(min(65535, media.rtpPortMin + 9999))")
        } else if media.rtpPortMax - media.rtpPortMin + 1 < 10 {
            report(maxPosition, maxPath,
                   "the range \(media.rtpPortMin)–\(media.rtpPortMax) has \(media.rtpPortMax - media.rtpPortMin + 1) ports; at least 10 are needed",
                   fix: "raise rtp_port_max to \(media.rtpPortMin + 9) or more")
        }
    }

    mutating func decodeWebRTC(_ m: MappingReader) -> WebRTCConfig {
        let servers = sequence(m.node("ice_servers"), path: m.child("ice_servers"),
                               example: "'- urls: [\"stun:stun.example.org:3478\"]' items")
        return WebRTCConfig(
            iceServers: servers.enumerated().map { decodeICEServer($0.element, path: m.child("ice_servers") + "[\($0.offset)]") },
            consentTimeout: .seconds(value(m, "consent_timeout_s", default: 15, expecting: "a number of seconds",
                                           ValueParsers.integer(in: WebRTCConfig.consentTimeoutRange)))
        )
    }

    mutating func decodeCalls(_ m: MappingReader) -> CallsConfig {
        let defaults = CallsConfig()
        let number = ValueParsers.restrictedText(maxLength: 32, allowEmpty: true,
                                                 describe: "use digits, '*', '#' and '+' (quote it: \"*43\"), or \"\" to disable") {
            $0.isASCIIDigit || $0 == "*" || $0 == "#" || $0 == "+"
        }
        var calls = CallsConfig(
            echoTestNumber: value(m, "echo_test_number", default: defaults.echoTestNumber, expecting: "a number as text") {
                (scalar: Node.Scalar) throws(ValueProblem) -> String? in
                let text = try number(scalar)
                return text.isEmpty ? nil : text
            },
            defaultTrunk: optionalValue(m, "default_trunk", expecting: "a trunk name", Self.trunkName),
            answerTimeout: .seconds(value(m, "answer_timeout_s", default: 60, expecting: "a number of seconds",
                                          ValueParsers.integer(in: 5...600))),
            maxDuration: .seconds(value(m, "max_duration_s", default: 14400, expecting: "a number of seconds",
                                        ValueParsers.integer(in: 60...86400))),
            inboundDestination: value(m, "inbound_destination", default: defaults.inboundDestination,
                                      expecting: "a destination", ValueParsers.choice(InboundDestination.self))
        )
        calls.disconnectInterval = .seconds(value(
            m, "disconnect_interval", default: 30, expecting: "a number of seconds",
            ValueParsers.integer(in: CallsConfig.disconnectIntervalRange)))
        calls.disconnectAudio = value(m, "disconnect_audio", default: defaults.disconnectAudio, expecting: "tone, comfort_noise or silence",
                                      ValueParsers.choice(DisconnectAudio.self))
        calls.toneCountry = value(m, "tone_country", default: "US", expecting: "a two-letter country code",
                                  Self.countryCode)
        calls.drainTimeout = .seconds(value(m, "drain_timeout_s", default: 60, expecting: "a number of seconds",
                                            ValueParsers.integer(in: 0...86400)))
        let overloadMilliseconds = value(m, "overload_queue_delay_ms", default: 250,
                                         expecting: "milliseconds (20 to 10000), or 0 to never refuse for load",
                                         Self.overloadDelay)
        calls.overloadQueueDelay = overloadMilliseconds == 0 ? nil : .milliseconds(overloadMilliseconds)
        let fallbackPath = m.child("fallback_trunks")
        calls.fallbackTrunks = sequence(m.node("fallback_trunks"), path: fallbackPath, example: "[backup]")
            .enumerated().compactMap { index, item in
                guard case .found(let name) = lookup(item, path: fallbackPath + "[\(index)]", expecting: "a trunk name",
                                                     Self.trunkName) else { return nil }
                return name
            }
        return calls
    }

    mutating func decodeStore(_ m: MappingReader) -> StoreConfig {
        let path = ValueParsers.restrictedText(maxLength: 4096, describe: "write a file path, e.g. data/gateway.sqlite") {
            !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false)
        }
        return StoreConfig(path: value(m, "path", default: StoreConfig().path, expecting: "a file path", path))
    }

    mutating func decodeDialplans(_ m: MappingReader) -> DialplansConfig {
        let defaults = DialplansConfig()
        return DialplansConfig(
            directory: value(m, "directory", default: defaults.directory, expecting: "a directory path", ValueParsers.filePath),
            watch: value(m, "watch", default: defaults.watch, expecting: "true or false", ValueParsers.boolean),
            watchInterval: .seconds(value(m, "watch_interval_s", default: 2, expecting: "a number of seconds",
                                          ValueParsers.integer(in: 1...60))),
            keepRevisions: value(m, "keep_revisions", default: defaults.keepRevisions, expecting: "a number of revisions",
                                 ValueParsers.integer(in: 1...100_000)))
    }

    mutating func decodeLog(_ m: MappingReader) -> LogConfig {
        let defaults = LogConfig()
        return LogConfig(
            level: value(m, "level", default: defaults.level, expecting: "a log level", ValueParsers.choice(LogLevel.self)),
            format: value(m, "format", default: defaults.format, expecting: "a log format", ValueParsers.choice(LogFormat.self))
        )
    }
}

extension ConfigDecoder {
    mutating func decodeQualityWarnings(_ m: MappingReader) -> QualityWarningLimits {
        var limits = QualityWarningLimits()
        limits.roundTripMilliseconds = value(m, "rtt_ms", default: limits.roundTripMilliseconds,
                                             expecting: "a number of milliseconds", ValueParsers.integer(in: 50...5000))
        limits.jitterMilliseconds = value(m, "jitter_ms", default: limits.jitterMilliseconds,
                                          expecting: "a number of milliseconds", ValueParsers.integer(in: 5...1000))
        limits.lossPercent = value(m, "loss_percent", default: limits.lossPercent, expecting: "a percentage",
                                   ValueParsers.decimal(in: 0.1...50))
        limits.meanOpinionScore = value(m, "mos", default: limits.meanOpinionScore, expecting: "a MOS from 1 to 4.4",
                                        ValueParsers.decimal(in: 1...4.4))
        return limits
    }

    /// `calls.overload_queue_delay_ms`: 0 (never refuse for load) or
    /// `CallsConfig.overloadQueueDelayRange`.
    static func overloadDelay(_ scalar: Node.Scalar) throws(ValueProblem) -> Int {
        let range = CallsConfig.overloadQueueDelayRange
        let milliseconds = try ValueParsers.integer(in: 0...range.upperBound)(scalar)
        guard milliseconds == 0 || range.contains(milliseconds) else {
            throw ValueProblem("\(milliseconds) ms is too short: a machine that keeps up makes items wait that long",
                               fix: "use 20 to 10000 (250 is the default), or 0 to never refuse calls for load")
        }
        return milliseconds
    }

    /// ISO 3166-1 alpha-2, in any letter case; kept upper-case.
    static func countryCode(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        let text = scalar.string
        guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ValueProblem("'\(text)' is not a two-letter country code", fix: "write an ISO 3166 code such as US, GB, DE or FR")
        }
        return text.uppercased()
    }
}
