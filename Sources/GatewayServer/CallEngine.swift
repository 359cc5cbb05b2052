import Agents
import Config
import CoreTypes
import Foundation
import Gateway
import Hashing
import Logging
import SIP
import Store

/// The one place where calls live. Web connections, SIP datagrams, media events
/// and timers all enter here, are handed to the protocol cores, and the actions
/// the cores return are carried out. Being an actor, it needs no locks.
actor CallEngine {
    let config: GatewayConfig
    let clock = RuntimeClock()
    let logger: Logger
    let recorder: CallRecorder
    let mediaFactory: MediaFactory
    var sip: SIPTransports?
    var transactions: TransactionLayer
    var connections: [Int: WebConnection] = [:]
    var calls: [String: ActiveCall] = [:]
    /// SIP Call-ID → call key, for routing responses and in-dialog requests.
    var callKeysBySIPCallID: [String: String] = [:]
    /// Inbound INVITEs whose media is being opened, by SIP Call-ID.
    var pendingInbound: [String: PendingInbound] = [:]
    /// Trunk names by the source IP of their requests.
    let trunkSources: [String: String]
    /// Nonces of the digest challenges sent to callers that are not known by address.
    let nonces = DigestNonceIssuer()
    /// OPTIONS keep-alive per trunk that has one.
    var monitors: [String: TrunkMonitor] = [:]
    var nextConnectionID = 1
    var timer = EngineTimer()
    /// The trunks' registrations (CallEngine+Registration.swift).
    var registrations = RegistrationTable()
    /// Resume tokens of calls to trunks, by token (CallEngine+Reconnect.swift).
    var resumeGrants: [String: ResumeGrant] = [:]
    /// The running dialplan version, swapped by `DialplanService`.
    let dialplans: DialplanSlot
    /// Agents' presence, ringing and queues (CallEngine+Agents.swift).
    var distributor: CallDistributor
    /// Quality figures of ended calls and warnings raised, for /metrics.
    var qualityTotals = QualityTotals()
    /// Set on SIGTERM/SIGINT: no new calls (CallEngine+Drain.swift).
    var draining = false
    /// How long work waits for the engine and the media loops, and whether new calls are
    /// refused for it (CallEngine+Overload.swift).
    var overload: OverloadGuard
    var refusingForOverload = false
    /// The longest an inbox item waited since the last overload probe.
    var worstInboxWait: Duration = .zero
    /// Quality reports taken from the inbox, kept empty between probes (its capacity stays).
    var takenQualityReports: [(callKey: String, report: QualityReport)] = []
    /// The UTF-8 of the last message sent to a browser, kept for the next (CallEngine+Web.swift).
    var messageText: [UInt8] = []
    /// New calls refused while overloaded, by side (web, trunk).
    var overloadRefusals: [String: Int] = [:]
    /// Rate limits and bans for SIP sources that are not trunks (CallEngine+SourceGuard.swift).
    var sourceGuard: SourceGuard
    var sipDropped: [String: Int] = [:]
    /// Calls and keys counted for /metrics.
    var callTotals = CallTotals()
    /// Calls at once and per minute, per identity, call link and trunk (CallEngine+Limits.swift).
    var limiter = CallLimiter()
    /// Calls refused over a limit, by scope, and signaling connections refused, by reason.
    var limitRefusals: [String: Int] = [:]
    var webAuthRefusals: [String: Int] = [:]
    /// Browsers that dropped off mid-call, and how they came back (CallEngine+Reconnect.swift).
    var reconnects: [String: Int] = [:]
    /// The call links operators made (CallLinks/CallEngine+CallLinks.swift); nil: none can be made.
    let callLinks: CallLinkBook?
    /// The STUN and TURN servers `hello` hands out; nil: `webrtc.ice_servers` as configured.
    let iceServers: ICEServerBook?

    init(config: GatewayConfig, recorder: CallRecorder, mediaFactory: MediaFactory, dialplans: DialplanSlot = DialplanSlot(),
         callLinks: CallLinkBook? = nil, iceServers: ICEServerBook? = nil, logger: Logger) {
        self.config = config
        self.callLinks = callLinks
        self.iceServers = iceServers
        self.dialplans = dialplans
        self.recorder = recorder
        self.mediaFactory = mediaFactory
        self.logger = logger
        self.trunkSources = Self.trunkSources(config.trunks)
        self.distributor = config.agents.distributor
        self.sourceGuard = SourceGuard(limits: SourceGuard.Limits(
            requestsPerSecond: Double(config.sip.requestsPerSecondPerSource),
            burst: Double(2 * config.sip.requestsPerSecondPerSource),
            failuresBeforeBan: config.sip.banAfterFailures, failureWindow: .seconds(60),
            banDuration: config.sip.banDuration))
        var timers = SIPTimers.rfc3261
        timers.t1 = config.sip.timerT1
        self.transactions = TransactionLayer(timers: timers)
        self.overload = OverloadGuard(settings: OverloadGuard.Settings(enterDelay: config.calls.overloadQueueDelay))
    }

    func attach(sip transport: SIPTransports) {
        sip = transport
    }

    /// Drains the inbox (SIP datagrams, media events) in order until it finishes.
    func run(inbox: EngineInbox) async {
        startRegistrations()
        startTrunkMonitors()
        rescheduleTimer()
        let probe = Task { await probeResponsiveness() }
        defer { probe.cancel() }
        for await posted in inbox.stream {
            worstInboxWait = max(worstInboxWait, ContinuousClock.now - posted.postedAt)
            switch posted.item {
            case .sip(let bytes, let from, let transport):
                receiveSIP(bytes, from: from, transport: transport)
            case .sipUndeliverable(let to, let transport, let reason):
                sipUndeliverable(to: to, transport: transport, reason: reason)
            case .media(let key, let event):
                mediaEvent(event, callKey: key)
            }
        }
    }

    /// The gateway's SIP address over UDP as written in Via and Contact.
    var localSIP: LocalSIPAddress { localSIP(for: .udp) }

    /// The gateway's SIP address over `transport`: the port of that transport's
    /// listener (RFC 3261 §18.1.1 sent-by, §8.1.1.8 Contact).
    func localSIP(for transport: SIPTransport) -> LocalSIPAddress {
        let host = config.sipPublicAddress
        let port = sip?.localEndpoint(for: transport)?.port
            ?? config.sip.listenAddress(for: transport)?.port ?? transport.defaultPort
        return LocalSIPAddress(endpoint: Endpoint(host: host, port: port), transport: transport,
                               userAgent: config.sip.userAgent)
    }

    // MARK: Running call logic

    /// Feeds one event to a call and carries out what it asks for.
    func drive(_ key: String, _ event: CallEvent) {
        guard var call = calls[key] else { return }
        let actions = call.logic.handle(event, now: clock.now)
        calls[key] = call
        if call.countedTrunk != nil { followFailover(key) }
        perform(actions, for: key)
    }

    func perform(_ actions: [CallAction], for key: String) {
        for action in actions {
            guard let call = calls[key] else { return }
            switch action {
            case .sendRequest(let request, let to):
                // Over TCP and TLS the transaction does not retransmit (RFC 3261 §17.1.1.2).
                let reliable = request.topVia?.isReliableTransport ?? false
                send(transactions.sendRequest(request, to: to, reliable: reliable, now: clock.now))
            case .sendResponse(let response):
                send(transactions.sendResponse(response, now: clock.now))
            case .webState(let state, var end):
                guard let web = call.web else { continue }
                if let ending = end, let tone = endTone(for: call, ending) {
                    end?.tone = EndTone(name: tone.rawValue, milliseconds: Self.endToneMilliseconds)
                    calls[key]?.endTone = tone
                }
                self.send(.state(callId: web.callID, state: state, end: end), to: web.connectionID)
            case .startTrunkMedia(let answer):
                calls[key]?.trunkAnswer = answer
                call.media?.connectTrunk(answer)
            case .playRingback(let on):
                call.media?.playRingback(on)
            case .dtmfReceived(let digit, let method):
                digitFromTrunk(key, digit, via: method)
            case .recordAnswered:
                recorder.answered(id: key, at: Date())
                if let link = call.storedLink, link.oneTime { callLinks?.markSpent(id: link.id) }
                callTotals.callAnswered(key, at: clock.now)
            case .recordEnded(let end):
                callTotals.callEnded(key, cause: end.cause.rawValue)
                recorder.ended(id: key, at: Date(), side: end.side.recordValue, cause: end.cause.rawValue,
                               sipStatus: end.sipStatus, q850: end.cause.q850)
                logger.info("call ended", metadata: ["call": "\(key)", "cause": "\(end.cause.rawValue)",
                                                     "side": "\(end.side.rawValue)"])
            }
        }
        releaseIfDone(key)
        rescheduleTimer()
    }

    /// Media stops as soon as the web side has ended; the call is forgotten once
    /// its SIP side has settled too.
    private func releaseIfDone(_ key: String) {
        // Agents first: the caller leaves the queue, or the agent who answered starts wrap-up.
        if calls[key]?.logic.hasEnded == true {
            agentsCallEnded(key)
            releaseLimits(key)
        }
        guard var call = calls[key] else { return }
        if call.logic.hasEnded, let media = call.media {
            recordQuality(of: call)
            if let tone = call.endTone, let session = media as? MediaSession {
                session.close(after: tone, milliseconds: Self.endToneMilliseconds)
            } else {
                media.close()
            }
            call.media = nil
            call.script = nil
            calls[key] = call
            if let web = call.web { connections[web.connectionID]?.callKeys[web.callID] = nil }
        }
        if call.logic.isFinished {
            calls[key] = nil
            revokeResumeTokens(of: key)
            if let sipCallID = call.sipCallID { callKeysBySIPCallID[sipCallID] = nil }
        }
    }

    // MARK: Media events

    func mediaEvent(_ event: MediaEvent, callKey key: String) {
        switch event {
        case .webConnected:
            drive(key, .webMediaConnected)
        case .webFailed(let reason):
            logger.warning("browser media failed", metadata: ["call": "\(key)", "reason": "\(reason)"])
            drive(key, .webMediaFailed)
        case .webClosed:
            browserGone(key, why: "DTLS closed")
        case .trunkSilent:
            logger.warning("trunk media stopped", metadata: ["call": "\(key)"])
            drive(key, .trunkMediaTimeout)
        case .dtmfFromTrunk(let digit, let method):
            digitFromTrunk(key, digit, via: method)
        case .dtmfFromBrowser(let digit, let method):
            digitsFromBrowser(key, String(digit), via: method)
        case .playbackFinished:
            if queueAudioFinished(key) { return }
            driveScript(key, .playbackFinished)
        case .webConsentLost:
            browserGone(key, why: "ICE consent lost")
        case .webConsentRestored:
            browserPathRestored(key)
        }
    }
}

extension HangupSide {
    /// How call records name the side that ended a call (docs/hangup-causes.md).
    var recordValue: String {
        switch self {
        case .local: return "web"
        case .remote: return "sip"
        case .gateway: return "gateway"
        }
    }
}
