import CoreTypes

/// `http:` — the web UI (at `/`) and the signaling WebSocket (at `/ws`).
public struct HTTPConfig: Sendable, Hashable {
    /// Address and port the HTTP server binds.
    public var listen: Endpoint
    /// The bearer token the admin API (`/api/dialplans…`) asks for; without one that API
    /// is off, since it can change how every call is routed.
    public var adminToken: String?
    /// PEM files of the HTTPS certificate chain and its private key: the web UI and `/ws`
    /// are then served over HTTPS and WSS only.
    public var tlsCertificate: String?
    public var tlsPrivateKey: String?
    /// HTTPS with a certificate the gateway makes for itself (for trying it out on a LAN:
    /// browsers warn once, then allow the microphone).
    public var tlsSelfSigned = false
    /// Web origins other than the gateway's own whose pages may use it: import the SDK
    /// (`Access-Control-Allow-Origin` on the web files) and open `/ws`. `*` allows any.
    /// Pages served by the gateway itself need no entry.
    public var allowedOrigins: [String] = []

    public init(listen: Endpoint = Endpoint(host: "0.0.0.0", port: 8080), adminToken: String? = nil) {
        self.listen = listen
        self.adminToken = adminToken
    }

    /// Whether the web UI and signaling are served over HTTPS/WSS.
    public var usesTLS: Bool { tlsSelfSigned || tlsCertificate != nil }
}

/// `sip:` — the SIP side of the gateway.
public struct SIPConfig: Sendable, Hashable {
    /// Address and port the SIP UDP socket binds.
    public var listen: Endpoint
    /// Transport of `listen`; always UDP (TCP and TLS have their own listen keys).
    public var transport: SIPTransport
    /// Address and port of the SIP over TCP listener; `nil` means none.
    public var listenTCP: Endpoint?
    /// Address and port of the SIP over TLS listener (RFC 3261 §26.2.1); `nil` means none.
    public var listenTLS: Endpoint?
    /// PEM file with the TLS listener's certificate chain (required with `listenTLS`).
    public var tlsCertificate: String?
    /// PEM file with the private key of `tlsCertificate` (required with `listenTLS`).
    public var tlsPrivateKey: String?
    /// A TCP or TLS connection with no traffic for this long is closed, unless a call uses it.
    public var connectionIdleTimeout: Duration
    /// Host written into Via and Contact; `nil` means `media.public_address`.
    public var publicAddress: String?
    /// Value of the User-Agent and Server headers.
    public var userAgent: String
    /// RFC 3261 §17.1.1.1 T1, the round-trip estimate all transaction timers derive from.
    public var timerT1: Duration
    /// Digest algorithms the gateway challenges callers with, most preferred first
    /// (RFC 8760 §2.4: SHA-256 first; MD5 for clients that know nothing else).
    public var digestAlgorithms: [DigestAlgorithm] = [.sha256, .md5]
    /// SIP requests per second a source that is not a trunk may send (burst: twice that);
    /// more are dropped unanswered.
    public var requestsPerSecondPerSource = 20
    /// Refused INVITEs (403) within a minute after which a source is banned, and for how long.
    public var banAfterFailures = 5
    public var banDuration: Duration = .seconds(600)

    public init(
        listen: Endpoint = Endpoint(host: "0.0.0.0", port: 5060),
        transport: SIPTransport = .udp,
        listenTCP: Endpoint? = nil,
        listenTLS: Endpoint? = nil,
        tlsCertificate: String? = nil,
        tlsPrivateKey: String? = nil,
        connectionIdleTimeout: Duration = .seconds(300),
        publicAddress: String? = nil,
        userAgent: String = "WebRTC-Gateway",
        timerT1: Duration = .milliseconds(500)
    ) {
        self.listen = listen
        self.transport = transport
        self.listenTCP = listenTCP
        self.listenTLS = listenTLS
        self.tlsCertificate = tlsCertificate
        self.tlsPrivateKey = tlsPrivateKey
        self.connectionIdleTimeout = connectionIdleTimeout
        self.publicAddress = publicAddress
        self.userAgent = userAgent
        self.timerT1 = timerT1
    }

    /// Where the gateway listens for `transport`, if it does.
    public func listenAddress(for transport: SIPTransport) -> Endpoint? {
        switch transport {
        case .udp: return listen
        case .tcp: return listenTCP
        case .tls: return listenTLS
        }
    }
}

/// `media:` — where RTP is sent and received, for both legs.
public struct MediaConfig: Sendable, Hashable {
    /// IP literal written into SDP (`c=` line and ICE candidates) for both legs.
    public var publicAddress: String
    /// IP literal the RTP sockets bind.
    public var bindAddress: String
    /// First RTP port (even, RFC 3550 §11).
    public var rtpPortMin: Int
    /// Last RTP port.
    public var rtpPortMax: Int
    /// When a leg's RTCP figures are worth a warning to its browser and in the log.
    public var qualityWarnings = QualityWarningLimits()

    public init(publicAddress: String, bindAddress: String = "0.0.0.0",
                rtpPortMin: Int = 20000, rtpPortMax: Int = 29999) {
        self.publicAddress = publicAddress
        self.bindAddress = bindAddress
        self.rtpPortMin = rtpPortMin
        self.rtpPortMax = rtpPortMax
    }

    /// The RTP port range as a range.
    public var rtpPorts: ClosedRange<Int> {
        rtpPortMin...max(rtpPortMin, rtpPortMax)
    }
}

/// `media.quality_warnings:` — the limits of each leg's figures per RTCP report interval.
public struct QualityWarningLimits: Sendable, Hashable {
    public var roundTripMilliseconds = 400
    public var jitterMilliseconds = 40
    public var lossPercent = 3.0
    public var meanOpinionScore = 3.6

    public init() {}
}

/// `webrtc:` — what the browser side needs.
public struct WebRTCConfig: Sendable, Hashable {
    public var iceServers: [ICEServer]
    /// A connected browser that sends no ICE consent check (RFC 7675) for this long is
    /// taken as dropped off (browsers send one every 4-6 s).
    public var consentTimeout: Duration

    public static let consentTimeoutRange = 6...60

    public init(iceServers: [ICEServer] = [], consentTimeout: Duration = .seconds(15)) {
        self.iceServers = iceServers
        self.consentTimeout = consentTimeout
    }
}

/// `calls:` — call routing and limits.
public struct CallsConfig: Sendable, Hashable {
    /// Number that connects to the built-in echo test; `nil` disables it.
    public var echoTestNumber: String?
    /// Name of the trunk dialed numbers go to; required when any trunk exists.
    public var defaultTrunk: String?
    /// Ring time before a call ends as not answered.
    public var answerTimeout: Duration
    /// Longest a call may last before the gateway hangs it up.
    public var maxDuration: Duration
    /// What answers calls from trunks.
    public var inboundDestination: InboundDestination
    /// Trunks tried in order after `defaultTrunk` when it is down, unreachable or
    /// answers with a server error (408, 5xx).
    public var fallbackTrunks: [String] = []
    /// How long a call waits for a browser that dropped off (signaling gone, DTLS closed)
    /// to come back with its resume token before it is hung up.
    public var disconnectInterval: Duration = .seconds(30)
    /// ISO 3166 code of the country whose call-progress tones (ITU-T E.180) the gateway
    /// plays: ringback, busy and congestion toward browsers, dialplan `tone:` items.
    public var toneCountry = "US"
    /// On SIGTERM or SIGINT, how long calls in progress may go on (no new ones are taken)
    /// before the gateway ends them and stops.
    public var drainTimeout: Duration = .seconds(60)
    /// What the phone side hears meanwhile.
    public var disconnectAudio: DisconnectAudio = .tone
    /// New calls are refused (503 to a trunk, `unavailable` to a browser) once work waits
    /// for the call engine or the media loops longer than this for half a second; nil: never.
    public var overloadQueueDelay: Duration? = .milliseconds(250)

    public static let disconnectIntervalRange = 10...600
    /// `overload_queue_delay_ms` other than 0 (off): shorter waits happen on a machine that
    /// keeps up and would refuse calls for nothing.
    public static let overloadQueueDelayRange = 20...10_000

    public init(echoTestNumber: String? = "*43", defaultTrunk: String? = nil,
                answerTimeout: Duration = .seconds(60), maxDuration: Duration = .seconds(14400),
                inboundDestination: InboundDestination = .echo) {
        self.echoTestNumber = echoTestNumber
        self.defaultTrunk = defaultTrunk
        self.answerTimeout = answerTimeout
        self.maxDuration = maxDuration
        self.inboundDestination = inboundDestination
    }
}

/// `store:` — the embedded database.
public struct StoreConfig: Sendable, Hashable {
    /// SQLite file; a relative path is relative to the gateway's working directory.
    public var path: String

    public init(path: String = "data/gateway.sqlite") {
        self.path = path
    }
}

/// `dialplans:` — where the routing files live and how changes to them are picked up.
public struct DialplansConfig: Sendable, Hashable {
    /// Directory of the `*.yaml` dialplan files, with WAV prompts in its `prompts/`.
    public var directory: String
    /// Reload when a file in the directory changes (checked every `watchInterval`).
    public var watch: Bool
    public var watchInterval: Duration
    /// Accepted versions kept in the store for rollback.
    public var keepRevisions: Int

    public init(directory: String = "Dialplans", watch: Bool = true, watchInterval: Duration = .seconds(2),
                keepRevisions: Int = 200) {
        self.directory = directory
        self.watch = watch
        self.watchInterval = watchInterval
        self.keepRevisions = keepRevisions
    }
}

/// `log:` — logging.
public struct LogConfig: Sendable, Hashable {
    public var level: LogLevel
    public var format: LogFormat

    public init(level: LogLevel = .info, format: LogFormat = .text) {
        self.level = level
        self.format = format
    }
}
