import CoreTypes
import SIP

/// Who decides when a call from a trunk is answered.
public enum InboundDestination: Sendable, Equatable {
    /// The gateway answers at once and sends the caller's audio back through the full
    /// transcoding path (G.711 → PCM → Opus → PCM → G.711).
    case echo
    /// A dialplan runs the call: it answers with `answer(now:)` (before a prompt or
    /// menu) or refuses with a cause through `.webHangup`.
    case dialplan
}

/// Everything fixed when a call from a trunk arrives.
public struct InboundCallPlan: Sendable {
    public var trunkName: String
    public var destination: InboundDestination
    public var local: LocalSIPAddress
    /// Trunk-side RTP address and port written in our SDP.
    public var mediaAddress: String
    public var mediaPort: Int
    /// Codecs the gateway accepts from this trunk, in its order of preference.
    public var codecs: [TrunkCodec]
    /// Our To tag (RFC 3261 §8.2.6.2).
    public var localTag: String
    public var sdpSessionID: UInt64
    /// How long to wait for a BYE's response before forgetting the call (64·T1).
    public var transactionTimeout: Duration
    /// How long an agent's browser that dropped off may take to come back (docs/signaling.md,
    /// "Reconnecting"); the caller hears the hold audio meanwhile.
    public var disconnectInterval: Duration = .seconds(30)
    /// The body type of the INFO requests `sendDTMF(info:now:)` sends.
    public var dtmfInfoFormat: DTMFInfoBody.Format = .dtmfRelay

    public init(trunkName: String, destination: InboundDestination, local: LocalSIPAddress,
                mediaAddress: String, mediaPort: Int, codecs: [TrunkCodec], localTag: String,
                sdpSessionID: UInt64, transactionTimeout: Duration) {
        self.trunkName = trunkName
        self.destination = destination
        self.local = local
        self.mediaAddress = mediaAddress
        self.mediaPort = mediaPort
        self.codecs = codecs
        self.localTag = localTag
        self.sdpSessionID = sdpSessionID
        self.transactionTimeout = transactionTimeout
    }
}

/// The UAS side of a call from a trunk (RFC 3261 §13.3), as a state machine with
/// no I/O. The INVITE's offer is answered with the first codec of the offer the
/// trunk is configured for; a CANCEL before the answer ends it with 487 (§9.2);
/// BYE ends it from either side (§15).
public struct InboundCall: Sendable {
    enum Phase: Sendable { case offered, answered, ending, finished }

    public let plan: InboundCallPlan
    public let invite: SIPRequest
    private(set) var phase: Phase = .offered
    var dialog: SIPDialog?
    private var sdpVersion: UInt64 = 1
    private var giveUpDeadline: Instant?
    /// RFC 4028 session timer, when the caller asked for one.
    private var sessionTimer: SessionTimer?
    /// The caller's offer, kept from `start` until the answer.
    var offer: TrunkSDP.Offer?
    public private(set) var end: CallEnd?
    /// Set once an agent's browser took the call: from then on the call's states go to it.
    public internal(set) var hasAgent = false
    /// Whether 180 Ringing was sent.
    var rang = false
    /// While the agent's browser is away: when the call ends if it has not come back.
    var reconnectDeadline: Instant?
    /// Digits going to the caller as SIP INFO, and the last INFO received (InboundCall+Info).
    var dtmfInfo = DTMFInfoChannel()

    public init(invite: SIPRequest, plan: InboundCallPlan) {
        self.invite = invite
        self.plan = plan
    }

    public var isFinished: Bool { phase == .finished }
    public var nextDeadline: Instant? {
        [giveUpDeadline, phase == .answered ? sessionTimer?.deadline : nil, reconnectDeadline,
         phase == .answered ? dtmfInfo.deadline : nil].compactMap { $0 }.min()
    }

    private var midDialog: MidDialogOffer {
        MidDialogOffer(codecs: plan.codecs, local: plan.local, mediaAddress: plan.mediaAddress,
                       mediaPort: plan.mediaPort, sessionID: plan.sdpSessionID)
    }
    public var callerNumber: String? { invite.from?.uri.user }
    public var dialedNumber: String? { invite.uri.user ?? invite.to?.uri.user }

    /// Checks the caller's offer; the echo destination answers at once, a dialplan later.
    public mutating func start(now: Instant) -> [CallAction] {
        let offerText = String(decoding: invite.body, as: UTF8.self)
        guard case .success(let offer) = TrunkSDP.parseOffer(offerText, supported: plan.codecs) else {
            // RFC 3261 §13.3.1.1 / RFC 3264 §6: no acceptable media → 488 with our codecs.
            var refusal = invite.makeResponse(status: 488, reason: "Not Acceptable Here", toTag: plan.localTag)
            refusal.headers.add("Warning", "304 gateway \"Media type not available\"")
            phase = .finished
            return [.sendResponse(refusal)] + finish(CallEnd(cause: .incompatibleDestination, side: .gateway, sipStatus: 488))
        }
        self.offer = offer
        return plan.destination == .echo ? answer(now: now) : []
    }

    /// Whether `start` accepted the offer and the call waits to be answered.
    public var isAwaitingAnswer: Bool { phase == .offered && offer != nil }

    /// Answers with 200 OK and our SDP (RFC 3261 §13.3.1.4); does nothing once answered or ended.
    public mutating func answer(now: Instant) -> [CallAction] {
        guard phase == .offered, let offer else { return [] }
        // RFC 4028 §9: a caller asking for session timers gets them, and refreshes.
        let timer = SessionTimer.fromRequest(invite, now: now)
        sessionTimer = timer?.timer
        var ok = invite.makeResponse(status: 200, reason: "OK", toTag: plan.localTag)
        ok.headers.add("Contact", plan.local.contact)
        ok.headers.add("Allow", TrunkRequests.allow)
        ok.headers.add("Server", plan.local.userAgent)
        if let header = timer?.header {
            ok.headers.add("Session-Expires", header)
            ok.headers.add("Require", "timer")
        }
        ok.headers.set("Content-Type", "application/sdp")
        ok.body = Array(TrunkSDP.answer(to: offer, address: plan.mediaAddress, port: plan.mediaPort,
                                        sessionID: plan.sdpSessionID, version: sdpVersion).utf8)
        ok.headers.set("Content-Length", String(ok.body.count))
        dialog = SIPDialog(uasRequest: invite, localTag: plan.localTag)
        phase = .answered
        return [.sendResponse(ok), .startTrunkMedia(offer.remote), .recordAnswered]
    }

    public mutating func handle(_ event: CallEvent, now: Instant) -> [CallAction] {
        switch event {
        case .sipRequest(let request):
            return handleRequest(request, now: now)
        case .sipResponse(let response):
            if response.cseq?.method == .info { return infoResponded(response, now: now) }
            if response.cseq?.method == .bye, response.isFinal, phase == .ending { phase = .finished }
            return []
        case .sipTimeout(let request):
            if request.method == .info { return infoTimedOut(request, now: now) }
            if request.method == .bye, phase == .ending { phase = .finished }
            return []
        case .ackTimeout:
            // RFC 3261 §13.3.1.4: no ACK for our 2xx within 64·T1 → end with BYE.
            return hangUp(CallEnd(cause: .recoveryOnTimerExpiry, side: .gateway), now: now)
        case .cancelled:
            guard phase == .offered else { return [] }
            phase = .finished
            let terminated = invite.makeResponse(status: 487, reason: "Request Terminated", toTag: plan.localTag)
            return [.sendResponse(terminated)] + finish(CallEnd(cause: .originatorCancel, side: .remote, sipStatus: 487))
        case .webHangup(let cause):
            // With an agent on the call, a hangup comes from their browser; without, from the dialplan.
            return hangUp(CallEnd(cause: cause, side: hasAgent ? .local : .gateway), now: now)
        case .gatewayHangup(let cause):
            return hangUp(CallEnd(cause: cause, side: .gateway), now: now)
        case .timer:
            return timerDue(now: now) + infoTimerDue(now: now)
        case .webMediaConnected:
            return hasAgent && phase == .answered && reconnectDeadline == nil ? [.webState(.connected, nil)] : []
        case .webMediaFailed:
            return hasAgent ? hangUp(CallEnd(cause: .mediaFailure, side: .gateway), now: now) : []
        case .webDropped:
            return agentDropped(now: now)
        case .webResumed:
            return agentResumed(now: now)
        case .trunkMediaTimeout:
            return hangUp(CallEnd(cause: .mediaTimeout, side: .gateway), now: now)
        }
    }

    /// The call's own deadlines: the agent's reconnect window, the BYE's give-up, the session timer.
    private mutating func timerDue(now: Instant) -> [CallAction] {
        if let deadline = reconnectDeadline, now >= deadline {
            // The agent's browser did not come back within the window (docs/signaling.md).
            reconnectDeadline = nil
            return hangUp(CallEnd(cause: .temporaryFailure, side: .local), now: now)
        }
        if let deadline = giveUpDeadline, now >= deadline {
            giveUpDeadline = nil
            phase = .finished
        }
        if phase == .answered, let timer = sessionTimer, now >= timer.deadline {
            return sessionTimerDue(timer, now: now)
        }
        return []
    }

    private mutating func handleRequest(_ request: SIPRequest, now: Instant) -> [CallAction] {
        switch request.method {
        case .ack:
            return []
        case .bye:
            let ok = request.makeResponse(status: 200, reason: "OK")
            guard phase == .answered || phase == .ending else { return [.sendResponse(ok)] }
            phase = .finished
            let cause = TrunkRequests.reasonCause(request.headers) ?? .normalClearing
            return [.sendResponse(ok)] + finish(CallEnd(cause: cause, side: .remote))
        case .invite where phase == .answered, .update where phase == .answered:
            // A re-INVITE or UPDATE: hold, resume, a new address, or a session refresh.
            // It is a target refresh, and one older than the last is refused (RFC 3261 §12.2.2).
            guard dialog?.receive(request) ?? false else {
                return [.sendResponse(request.makeResponse(status: 500, reason: "Server Internal Error"))]
            }
            if let (timer, _) = SessionTimer.fromRequest(request, now: now) {
                sessionTimer = timer
            } else {
                sessionTimer?.lastRefresh = now
            }
            if !request.body.isEmpty || request.method == .invite { sdpVersion += 1 }
            let outcome = midDialog.answer(request, version: sdpVersion,
                                           sessionExpires: sessionTimer.map(OutboundCall.sessionExpiresHeader))
            return (outcome.media.map { [CallAction.startTrunkMedia($0)] } ?? []) + [.sendResponse(outcome.response)]
        case .info:
            return receiveInfo(request, now: now)
        case .options, .update:
            return [.sendResponse(request.makeResponse(status: 200, reason: "OK"))]
        default:
            return [.sendResponse(request.makeResponse(status: 405, reason: "Method Not Allowed"))]
        }
    }

    /// RFC 4028 §10: refresh when the gateway is the refresher; otherwise the caller
    /// stopped refreshing and the call is ended.
    private mutating func sessionTimerDue(_ timer: SessionTimer, now: Instant) -> [CallAction] {
        guard timer.refresher == .gateway, var dialog else {
            sessionTimer = nil
            return hangUp(CallEnd(cause: .recoveryOnTimerExpiry, side: .gateway), now: now)
        }
        sessionTimer?.lastRefresh = now
        let offer = TrunkSDP.offer(address: plan.mediaAddress, port: plan.mediaPort, codecs: plan.codecs,
                                   sessionID: plan.sdpSessionID, version: sdpVersion)
        let refresh = SessionTimer.refreshRequest(in: &dialog, local: plan.local, interval: timer.interval,
                                                  useUpdate: true, offer: offer)
        self.dialog = dialog
        guard let target = destination(of: dialog) else { return [] }
        return [.sendRequest(refresh, to: target)]
    }

    mutating func hangUp(_ end: CallEnd, now: Instant) -> [CallAction] {
        switch phase {
        case .offered:
            phase = .finished
            let refusal = invite.makeResponse(status: end.cause.sipStatus ?? 480, toTag: plan.localTag)
            return [.sendResponse(refusal)] + finish(end)
        case .answered:
            guard var dialog else { return [] }
            var bye = dialog.makeRequest(method: .bye, viaHost: plan.local.endpoint.host, viaPort: plan.local.endpoint.port,
                                         transport: plan.local.transport.viaToken)
            bye.headers.add("Reason", TrunkRequests.reasonHeader(end.cause))
            self.dialog = dialog
            phase = .ending
            giveUpDeadline = now + plan.transactionTimeout
            guard let target = destination(of: dialog) else { phase = .finished; return finish(end) }
            return [.sendRequest(bye, to: target)] + finish(end)
        case .ending, .finished:
            return []
        }
    }

    /// Where in-dialog requests go: the dialog's next hop (RFC 3261 §12.2.1.1).
    func destination(of dialog: SIPDialog) -> Endpoint? {
        TrunkRequests.nextHop(of: dialog) ?? dialog.remoteTarget.endpoint
    }

    private mutating func finish(_ callEnd: CallEnd) -> [CallAction] {
        guard end == nil else { return [] }
        end = callEnd
        reconnectDeadline = nil
        guard hasAgent else { return [.recordEnded(callEnd)] }
        // An answered call ends as hung_up whatever the cause; the cause says why.
        return [.webState(.hungUp, callEnd), .webState(.closed, nil), .recordEnded(callEnd)]
    }
}
