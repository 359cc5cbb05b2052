import CoreTypes
import SIP

/// Everything fixed when a web user's call to a phone number starts.
public struct OutboundCallPlan: Sendable {
    public var identity: String
    public var destination: String
    public var trunk: TrunkTarget
    public var local: LocalSIPAddress
    /// Trunk-side RTP address and port written in the SDP offer.
    public var mediaAddress: String
    public var mediaPort: Int
    /// Ring time before the call ends as not answered.
    public var answerTimeout: Duration
    /// How long to wait for a transaction that should end by itself (64·T1, RFC 3261 §17.1.1.2).
    public var transactionTimeout: Duration
    /// How long browser media may take to come up after the far end answered.
    public var mediaTimeout: Duration
    /// Longest an answered call may last before the gateway ends it.
    public var maxDuration: Duration
    /// Trunks tried in order when `trunk` cannot be reached or fails with a server error.
    public var fallbackTrunks: [TrunkTarget] = []
    /// The caller ID a dialplan chose, or nil to present the web identity.
    public var presentedCaller: CallerID?
    /// How long the trunk leg waits for a browser that dropped off.
    public var disconnectInterval: Duration = .seconds(30)
    /// The browser is already in the call, connected to the gateway (a dialplan menu
    /// dialed out): it hears ringback and then the far end, and is told only how it ends.
    public var browserAlreadyConnected = false
    /// The body type of the INFO requests `sendDTMF(info:now:)` sends.
    public var dtmfInfoFormat: DTMFInfoBody.Format = .dtmfRelay
    public var sipCallID: String
    public var fromTag: String
    public var sdpSessionID: UInt64

    public init(identity: String, destination: String, trunk: TrunkTarget, local: LocalSIPAddress,
                mediaAddress: String, mediaPort: Int, answerTimeout: Duration,
                transactionTimeout: Duration, mediaTimeout: Duration = .seconds(15),
                maxDuration: Duration = .seconds(4 * 3600),
                sipCallID: String, fromTag: String, sdpSessionID: UInt64) {
        self.identity = identity
        self.destination = destination
        self.trunk = trunk
        self.local = local
        self.mediaAddress = mediaAddress
        self.mediaPort = mediaPort
        self.answerTimeout = answerTimeout
        self.transactionTimeout = transactionTimeout
        self.mediaTimeout = mediaTimeout
        self.maxDuration = maxDuration
        self.sipCallID = sipCallID
        self.fromTag = fromTag
        self.sdpSessionID = sdpSessionID
    }
}

/// The B2BUA for one web → trunk call, as a state machine with no I/O:
/// the SIP UAC side (RFC 3261 §13, §9 CANCEL, §15 BYE, digest retry on 401/407)
/// and the browser's view of the call (docs/signaling.md states).
///
/// The web side ends at once when either side hangs up; the SIP side is
/// finished (`isFinished`) only when its last transaction is settled.
public struct OutboundCall: Sendable {
    enum Phase: Sendable {
        /// INVITE sent, no final response yet.
        case inviting
        /// 2xx received and acknowledged; media flows.
        case answered
        /// BYE sent; waiting for its response.
        case ending
        /// Nothing more to do on the SIP side.
        case finished
    }

    /// The plan; its `trunk` moves to the next fallback when a trunk fails.
    public internal(set) var plan: OutboundCallPlan
    var phase: Phase = .inviting
    var invite: SIPRequest
    var inviteSeq: UInt32 = 1
    private var provisionalSeen = false
    var dialog: SIPDialog?
    /// The early dialog of the last reliable provisional response (for PRACK).
    var earlyDialog: SIPDialog?
    /// The highest RSeq acknowledged (RFC 3262 §4).
    var lastRSeq: UInt32?
    /// The media a provisional response's SDP selected (early media).
    var earlyAnswer: TrunkSDP.Answer?
    /// Whether the gateway is playing its own ringback to the browser.
    var ringbackPlaying = false
    private var maxDurationDeadline: Instant?
    private var authAttempts = 0
    var webMediaUp = false
    /// What the browser was last told (kept, not sent, while it is away).
    public internal(set) var webState: WebCallState = .new
    /// Set when the call must be cancelled before it was answered.
    private var pendingCancel: CallEnd?
    var sdpVersion: UInt64 = 1
    /// RFC 4028 session timer of the established call, when the far end uses one.
    var sessionTimer: SessionTimer?
    /// Whether the far end listed UPDATE in Allow (refreshes then avoid a re-INVITE).
    var farEndAllowsUpdate = false
    /// CSeq of our session refresh in flight, if any.
    var refreshInFlight: UInt32?
    private var cancelSent = false
    private var answerDeadline: Instant
    private var giveUpDeadline: Instant?
    var mediaDeadline: Instant?
    /// While the browser is away: when the call gives up on it.
    var reconnectDeadline: Instant?
    /// The browser-side state before the drop, restored when it comes back before the answer.
    var stateBeforeDrop: WebCallState?
    /// How the call ended, once it has (the web side is then closed).
    public private(set) var end: CallEnd?
    /// Digits going to the trunk as SIP INFO, and the last INFO received (OutboundCall+Info).
    var dtmfInfo = DTMFInfoChannel()

    public init(plan: OutboundCallPlan, now: Instant) {
        self.plan = plan
        self.invite = TrunkRequests.invite(plan: plan, cseq: 1, authorization: nil)
        self.answerDeadline = now + plan.answerTimeout
        if plan.browserAlreadyConnected {
            webMediaUp = true
            webState = .connected
        }
    }

    public var isFinished: Bool { phase == .finished }

    /// The earliest time `handle(.timer, now:)` has work to do.
    public var nextDeadline: Instant? {
        [phase == .inviting && pendingCancel == nil ? answerDeadline : nil, giveUpDeadline, mediaDeadline, reconnectDeadline,
         phase == .answered ? maxDurationDeadline : nil, phase == .answered ? sessionTimer?.deadline : nil,
         phase == .answered ? dtmfInfo.deadline : nil]
            .compactMap { $0 }.min()
    }

    /// Sends the INVITE.
    public mutating func start(now: Instant) -> [CallAction] {
        var actions = setWebState(.calling)
        actions.append(.sendRequest(invite, to: plan.trunk.nextHop))
        return actions
    }

    public mutating func handle(_ event: CallEvent, now: Instant) -> [CallAction] {
        switch event {
        case .sipResponse(let response): return handleResponse(response, now: now)
        case .sipRequest(let request): return handleRequest(request, now: now)
        case .sipTimeout(let request): return handleTimeout(request, now: now)
        case .webHangup(let cause):
            let side: HangupSide = .local
            let cause = (phase == .inviting && cause == .normalClearing) ? .originatorCancel : cause
            return hangUp(CallEnd(cause: cause, side: side), now: now)
        case .webMediaConnected:
            webMediaUp = true
            mediaDeadline = nil
            if phase == .answered, webState == .connecting || webState == .reconnected { return setWebState(.connected) }
            return []
        case .webDropped:
            return browserDropped(now: now)
        case .webResumed:
            return browserResumed(now: now)
        case .webMediaFailed:
            return hangUp(CallEnd(cause: .mediaFailure, side: .gateway), now: now)
        case .gatewayHangup(let cause):
            return hangUp(CallEnd(cause: cause, side: .gateway), now: now)
        case .timer:
            return handleTimer(now: now)
        case .ackTimeout, .cancelled:
            // Only a UAS sees these; this side is the UAC.
            return []
        case .trunkMediaTimeout:
            return hangUp(CallEnd(cause: .mediaTimeout, side: .gateway), now: now)
        }
    }

    // MARK: Responses

    private mutating func handleResponse(_ response: SIPResponse, now: Instant) -> [CallAction] {
        let status = response.statusCode
        guard let method = TrunkRequests.cseqMethod(response) else { return [] }
        if method == .info { return infoResponded(response, now: now) }
        if method == .bye {
            if status >= 200, phase == .ending { phase = .finished }
            return []
        }
        if method == .update || (method == .invite && TrunkRequests.cseqNumber(response) != inviteSeq) {
            return handleRefreshResponse(response, now: now)
        }
        guard method == .invite else { return [] }
        if status >= 200 && status < 300 { return handleAnswer(response, now: now) }
        guard phase == .inviting, TrunkRequests.cseqNumber(response) == inviteSeq else { return [] }
        if status < 200 {
            guard status > 100 else { return [] }
            provisionalSeen = true
            if let cancel = pendingCancel, !cancelSent {
                return sendCancel(cancel, now: now)
            }
            return handleProvisional(response, now: now)
        }
        if (status == 401 || status == 407), pendingCancel == nil,
           let retry = authenticatedRetry(response) {
            return [.sendRequest(retry, to: plan.trunk.nextHop)]
        }
        if pendingCancel == nil, Self.triesNextTrunk(status), let next = failOver(now: now) {
            return next
        }
        // A final failure: the INVITE transaction acknowledges it itself (§17.1.1.3).
        phase = .finished
        if let cancel = pendingCancel { return finishWeb(cancel) }
        let cause = TrunkRequests.reasonCause(response.headers) ?? HangupCause(sipStatus: status)
        return finishWeb(CallEnd(cause: cause, side: .remote, sipStatus: status))
    }

    private mutating func handleAnswer(_ response: SIPResponse, now: Instant) -> [CallAction] {
        if let dialog {
            // A retransmitted 2xx (our ACK was lost) gets the ACK again (§13.2.2.4);
            // a 2xx from another fork is acknowledged and released.
            if dialog.remoteTag == TrunkRequests.toTag(response) {
                return [.sendRequest(ack(in: dialog), to: destination(of: dialog))]
            }
            guard var fork = SIPDialog(uacRequest: invite, response: response) else { return [] }
            let ack = ack(in: fork)
            let bye = TrunkRequests.bye(in: &fork, plan: plan, end: CallEnd(cause: .normalClearing, side: .gateway))
            return [.sendRequest(ack, to: destination(of: fork)), .sendRequest(bye, to: destination(of: fork))]
        }
        // A 2xx may still arrive after we gave up on a cancelled INVITE: it is
        // acknowledged and ended all the same, so the far end is not left up.
        guard phase == .inviting || pendingCancel != nil,
              var newDialog = SIPDialog(uacRequest: invite, response: response) else { return [] }
        let ack = ack(in: newDialog)
        var actions: [CallAction] = [.sendRequest(ack, to: destination(of: newDialog))]
        if let cancel = pendingCancel {
            // The 200 crossed our CANCEL: the call is up at the far end, so end it with BYE.
            let bye = TrunkRequests.bye(in: &newDialog, plan: plan, end: cancel)
            dialog = newDialog
            phase = .ending
            giveUpDeadline = now + plan.transactionTimeout
            actions.append(.sendRequest(bye, to: destination(of: newDialog)))
            return actions
        }
        // Requests sent in the early dialog (PRACK) used CSeq numbers the confirmed
        // dialog must go on from (RFC 3261 §12.2.1.1).
        if let early = earlyDialog?.localSequence, early > (newDialog.localSequence ?? 0) {
            newDialog.localSequence = early
        }
        dialog = newDialog
        earlyDialog = nil
        if ringbackPlaying {
            ringbackPlaying = false
            actions.append(.playRingback(false))
        }
        maxDurationDeadline = now + plan.maxDuration
        // RFC 3261 §13.2.1: a 2xx without SDP keeps the answer a reliable 1xx gave.
        let answer: Result<TrunkSDP.Answer, TrunkSDP.AnswerError> = response.body.isEmpty && earlyAnswer != nil
            ? .success(earlyAnswer!)
            : TrunkSDP.parseAnswer(String(decoding: response.body, as: UTF8.self), offered: plan.trunk.codecs)
        switch answer {
        case .failure:
            phase = .answered
            return actions + hangUp(CallEnd(cause: .incompatibleDestination, side: .gateway, sipStatus: 488), now: now)
        case .success(let answer):
            phase = .answered
            sessionTimer = SessionTimer.fromResponse(response, now: now)
            farEndAllowsUpdate = response.headers.values("Allow").contains { $0.uppercased() == "UPDATE" }
            actions += [.startTrunkMedia(answer), .recordAnswered]
            actions += setWebState(.connecting)
            if webMediaUp {
                actions += setWebState(.connected)
            } else if reconnectDeadline == nil {
                mediaDeadline = now + plan.mediaTimeout
            }
            return actions
        }
    }

    private mutating func authenticatedRetry(_ response: SIPResponse) -> SIPRequest? {
        guard authAttempts < 2, let username = plan.trunk.username, let password = plan.trunk.password,
              let authorization = TrunkRequests.authorization(
                for: response, username: username, password: password, request: invite)
        else { return nil }
        authAttempts += 1
        inviteSeq += 1
        invite = TrunkRequests.invite(plan: plan, cseq: inviteSeq, authorization: authorization)
        return invite
    }

    // MARK: Timeouts and hangups

    private mutating func handleTimeout(_ request: SIPRequest, now: Instant) -> [CallAction] {
        switch request.method {
        case .invite where phase == .inviting:
            // Timer B: no response at all from the trunk; the next trunk of the route, if any.
            if pendingCancel == nil, let next = failOver(now: now) { return next }
            phase = .finished
            return finishWeb(pendingCancel ?? CallEnd(cause: .networkOutOfOrder, side: .gateway))
        case .bye where phase == .ending:
            phase = .finished
            return []
        case .info:
            return infoTimedOut(request, now: now)
        default:
            return []
        }
    }

    private mutating func handleTimer(now: Instant) -> [CallAction] {
        var actions: [CallAction] = []
        if let deadline = giveUpDeadline, now >= deadline {
            giveUpDeadline = nil
            phase = .finished
            if let cancel = pendingCancel { actions += finishWeb(cancel) }
        }
        if let deadline = mediaDeadline, now >= deadline {
            mediaDeadline = nil
            actions += hangUp(CallEnd(cause: .mediaFailure, side: .gateway), now: now)
        }
        if let deadline = reconnectDeadline, now >= deadline {
            // The browser did not come back within the disconnect interval.
            reconnectDeadline = nil
            actions += hangUp(CallEnd(cause: .temporaryFailure, side: .local), now: now)
        }
        if phase == .answered, let timer = sessionTimer, now >= timer.deadline {
            actions += sessionTimerDue(now: now)
        }
        if phase == .answered, let deadline = maxDurationDeadline, now >= deadline {
            maxDurationDeadline = nil
            actions += hangUp(CallEnd(cause: .normalClearing, side: .gateway), now: now)
        }
        if phase == .inviting, pendingCancel == nil, now >= answerDeadline {
            actions += hangUp(CallEnd(cause: .noAnswer, side: .gateway), now: now)
        }
        return actions + infoTimerDue(now: now)
    }

    mutating func hangUp(_ end: CallEnd, now: Instant) -> [CallAction] {
        switch phase {
        case .inviting:
            guard pendingCancel == nil else { return [] }
            pendingCancel = end
            // The web side ends now; the SIP side follows through CANCEL (§9.1): only
            // after a provisional response, and with a bound in case none ever comes.
            giveUpDeadline = now + plan.transactionTimeout
            var actions = finishWeb(end)
            if provisionalSeen { actions += sendCancel(end, now: now) }
            return actions
        case .answered:
            guard var dialog else { return [] }
            let bye = TrunkRequests.bye(in: &dialog, plan: plan, end: end)
            self.dialog = dialog
            phase = .ending
            mediaDeadline = nil
            giveUpDeadline = now + plan.transactionTimeout
            return [.sendRequest(bye, to: destination(of: dialog))] + finishWeb(end)
        case .ending, .finished:
            return []
        }
    }

    private mutating func sendCancel(_ end: CallEnd, now: Instant) -> [CallAction] {
        cancelSent = true
        return [.sendRequest(TrunkRequests.cancel(invite, end: end), to: plan.trunk.nextHop)]
    }

    // MARK: Web side


    mutating func setWebState(_ state: WebCallState) -> [CallAction] {
        guard end == nil, state != webState else { return [] }
        if reconnectDeadline != nil, state != .reconnecting {
            // Nobody to tell while the browser is away; it learns the state when it is back.
            stateBeforeDrop = state
            return []
        }
        // A browser that was connected before this leg started stays `connected` until the end.
        if plan.browserAlreadyConnected, state != .reconnecting, state != .reconnected, state != .connected,
           webState == .connected || webState == .reconnected { return [] }
        webState = state
        return [.webState(state, nil)]
    }

    /// Ends the web side once: the end state with its cause, `closed`, and the record.
    mutating func finishWeb(_ callEnd: CallEnd) -> [CallAction] {
        guard end == nil else { return [] }
        end = callEnd
        mediaDeadline = nil
        reconnectDeadline = nil
        webState = .closed
        return [.webState(callEnd.cause.webEndState, callEnd), .webState(.closed, nil), .recordEnded(callEnd)]
    }

    /// Forgets what the previous trunk said before the INVITE goes to another one.
    mutating func resetForNewTrunk() {
        provisionalSeen = false
        authAttempts = 0
        earlyDialog = nil
        lastRSeq = nil
        earlyAnswer = nil
    }

    private func ack(in dialog: SIPDialog) -> SIPRequest {
        dialog.makeACK(forInviteCSeq: inviteSeq, viaHost: plan.local.endpoint.host, viaPort: plan.local.endpoint.port,
                       transport: plan.local.transport.viaToken)
    }

    /// Where in-dialog requests go: the trunk (or its outbound proxy) unless the
    /// dialog's next hop is an IP literal (the common case for a PBX or phone that answers directly).
    func destination(of dialog: SIPDialog) -> Endpoint {
        TrunkRequests.nextHop(of: dialog) ?? plan.trunk.nextHop
    }
}
