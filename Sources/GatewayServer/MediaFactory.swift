import Config
import CoreTypes
import Gateway
import Hashing
import Logging
import NIOConcurrencyHelpers
import NIOCore
import WebRTC

/// Opens the sockets and codec state of new calls' media.
final class MediaFactory: Sendable {
    enum Failure: Error {
        case noPortFree
        /// The call's media closed before it could be handed over.
        case callEnded
    }

    let config: MediaConfig
    private let loops: MediaEventLoopGroup
    let certificate: DTLSCertificate
    let dtlsContext: DTLSContext
    let clock: RuntimeClock
    let inbox: EngineInbox
    private let ports: NIOLockedValueBox<PortPool>
    private let logger: Logger

    /// How long a connected browser may go without an ICE consent check.
    let consentTimeout: Duration
    /// Whose call-progress tones browsers hear (`calls.tone_country`).
    let toneCountry: String

    init(config: MediaConfig, consentTimeout: Duration = .seconds(15), toneCountry: String = "US", loops: MediaEventLoopGroup,
         certificate: DTLSCertificate, clock: RuntimeClock, inbox: EngineInbox, logger: Logger) throws {
        self.config = config
        self.toneCountry = toneCountry
        self.consentTimeout = consentTimeout
        self.dtlsContext = try DTLSContext(certificate: certificate)
        self.loops = loops
        self.certificate = certificate
        self.clock = clock
        self.inbox = inbox
        self.ports = NIOLockedValueBox(PortPool(range: config.rtpPorts))
        self.logger = logger
    }

    /// How late the media loops ran their timers at worst since the last call
    /// (`CallEngine+Overload`): a loop behind delays the audio of every call on it.
    func mediaLateness() -> Duration {
        .nanoseconds(loops.takeLateness().nanoseconds)
    }

    /// Media for a web user's call: the browser's port and, when the call goes to a
    /// trunk, the trunk leg (RTP and RTCP ports).
    /// Without a trunk, the gateway answers: `echoAtOnce` for the echo test, false for a
    /// dialplan that plays prompts first.
    /// `gatewayAnswersFirst`: a dialplan plays to the browser before any dial, so the trunk
    /// leg (when `bridgeToTrunk`) waits unused until `MediaSession.bridgeToTrunk()`.
    func open(callKey: String, offer: WebOffer, trunkSilenceTimeout: Duration?, trunkJitterBuffer: Int? = nil,
              bridgeToTrunk: Bool,
              echoAtOnce: Bool = true, gatewayAnswersFirst: Bool = false) async throws -> MediaSession {
        let loop = loops.next()
        let webSocket = try await bind(loop: loop)
        var trunkSockets: TrunkSockets?
        if bridgeToTrunk {
            do {
                trunkSockets = try await bindTrunkSockets(loop: loop)
            } catch {
                webSocket.close()
                releaser([webSocket.port])()
                throw error
            }
        }
        let sockets = trunkSockets
        let webLocal = localDescription(port: webSocket.port)
        let release = releaser([webSocket.port, trunkSockets?.rtp.port])
        return try await loop.submit { [self] in
            let dtls = try dtlsEndpoint(for: offer)
            let leg = sockets.map {
                $0.makeLeg(loop: loop, silenceTimeout: trunkSilenceTimeout, jitterBuffer: trunkJitterBuffer)
            }
            let session = try MediaSession(
                key: callKey, loop: loop, mode: bridgeToTrunk && !gatewayAnswersFirst ? .bridge : .echo, offer: offer,
                webLocal: webLocal, webSocket: webSocket, trunkLeg: leg, dtls: dtls,
                clock: clock, inbox: inbox, echoAtOnce: echoAtOnce, consentTimeout: consentTimeout, release: release)
            session.configure(thresholds: config.qualityWarnings.thresholds, toneCountry: toneCountry)
            webSocket.onDatagram = { session.browserPacket($0, from: $1) }
            return session
        }.get()
    }

    /// A new browser leg for an existing call (a resume after a drop): a new port on the
    /// call's loop, new ICE credentials and a new DTLS endpoint; returns what our SDP answer
    /// describes. The trunk leg is untouched.
    func reopenWeb(session: MediaSession, offer: WebOffer) async throws -> WebLocalMedia {
        let loop = session.loop
        let webSocket = try await bind(loop: loop)
        let webLocal = localDescription(port: webSocket.port)
        let release = releaser([webSocket.port, session.trunkPort])
        try await loop.submit { [self] in
            let dtls = try dtlsEndpoint(for: offer)
            let ports = PortReleases(
                atClose: release, oldWeb: releaser([session.webSocket.port]),
                newWeb: releaser([webSocket.port]))
            session.replaceWeb(offer: offer, webLocal: webLocal, webSocket: webSocket, dtls: dtls, ports: ports)
            webSocket.onDatagram = { session.browserPacket($0, from: $1) }
        }.get()
        return webLocal
    }

    /// Media for a call from a trunk that the gateway answers itself (prompts, menus, echo).
    func openTrunkCall(callKey: String, silenceTimeout: Duration?, jitterBuffer: Int? = nil) async throws -> TrunkCallMedia {
        let loop = loops.next()
        let sockets = try await bindTrunkSockets(loop: loop)
        let release = releaser([sockets.rtp.port])
        let inbox = self.inbox
        let thresholds = config.qualityWarnings.thresholds
        return try await loop.submit {
            let leg = sockets.makeLeg(loop: loop, silenceTimeout: silenceTimeout, jitterBuffer: jitterBuffer)
            leg.onQuality = { inbox.postQuality(callKey: callKey, $0) }
            leg.useQualityThresholds(thresholds)
            return TrunkCallMedia(
                leg: leg,
                onDigit: { inbox.post(.media(callKey: callKey, .dtmfFromTrunk($0, $1))) },
                onSilence: { inbox.post(.media(callKey: callKey, .trunkSilent)) },
                onPlaybackFinished: { inbox.post(.media(callKey: callKey, .playbackFinished)) },
                release: release)
        }.get()
    }

    /// What our SDP answer tells the browser about a new browser port: fresh ICE
    /// credentials, the certificate's fingerprint, a new SSRC and CNAME.
    func localDescription(port: Int?) -> WebLocalMedia {
        let credentials = ICELiteAgent.generateCredentials()
        return WebLocalMedia(
            address: config.publicAddress, port: port ?? 0,
            iceUfrag: credentials.ufrag, icePwd: credentials.password, fingerprint: certificate.fingerprint,
            ssrc: UInt32.random(in: 1...UInt32.max), cname: randomToken(length: 16))
    }

    /// The DTLS server for a browser leg, checking the certificate the offer's fingerprint names.
    func dtlsEndpoint(for offer: WebOffer) throws -> DTLSEndpoint {
        try DTLSEndpoint(context: dtlsContext, role: .server,
                         remoteFingerprint: (algorithm: offer.fingerprint.algorithm, value: offer.fingerprint.value))
    }

    /// Gives the RTP ports back to the pool (RTCP's odd ports are never handed out).
    func releaser(_ ports: [Int?]) -> @Sendable () -> Void {
        let used = ports.compactMap { $0 }
        return { [self] in self.ports.withLockedValue { pool in used.forEach { pool.giveBack($0) } } }
    }

    /// An even RTP port from the range and, when free, the RTCP port just above it.
    private func bindTrunkSockets(loop: MediaEventLoop) async throws -> TrunkSockets {
        let rtp = try await bind(loop: loop)
        let rtcp = try? await MediaSocket.bind(host: config.bindAddress, port: rtp.port + 1, on: loop)
        return TrunkSockets(rtp: rtp, rtcp: rtcp)
    }

    /// Binds a UDP socket on the next free port of the range.
    func bind(loop: MediaEventLoop) async throws -> MediaSocket {
        for _ in 0..<16 {
            guard let port = ports.withLockedValue({ $0.take() }) else { break }
            do {
                return try await MediaSocket.bind(host: config.bindAddress, port: port, on: loop)
            } catch {
                // In use by another program: leave it marked taken and try the next.
                logger.debug("RTP port busy", metadata: ["port": "\(port)", "error": "\(error)"])
            }
        }
        throw Failure.noPortFree
    }
}

/// A trunk leg's sockets before its `TrunkLeg` exists.
struct TrunkSockets: Sendable {
    let rtp: MediaSocket
    let rtcp: MediaSocket?

    /// Creates the leg on `loop` and routes the sockets' datagrams to it (on the loop).
    /// `jitterBuffer`: the trunk's `jitter_buffer_ms`, nil when off.
    func makeLeg(loop: MediaEventLoop, silenceTimeout: Duration?, jitterBuffer: Int?) -> TrunkLeg {
        let leg = TrunkLeg(loop: loop, rtp: rtp, rtcp: rtcp, silenceTimeout: silenceTimeout,
                           jitterBufferMilliseconds: jitterBuffer)
        rtp.onDatagram = { leg.rtpPacket($0, from: $1) }
        rtcp?.onDatagram = { leg.rtcpPacket($0, from: $1) }
        return leg
    }
}
