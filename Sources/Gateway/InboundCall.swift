import CoreTypes
import SIP

/// Where a call from a trunk goes, until dialplans route it.
public enum InboundDestination: Sendable, Equatable {
    /// The gateway answers and sends the caller's audio back through the full
    /// transcoding path (G.711 → PCM → Opus → PCM → G.711).
    case echo
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
    private var dialog: SIPDialog?
    private var sdpVersion: UInt64 = 1
    private var giveUpDeadline: Instant?
    public private(set) var end: CallEnd?

    public init(invite: SIPRequest, plan: InboundCallPlan) {
        self.invite = invite
        self.plan = plan
    }

    public var isFinished: Bool { phase == .finished }
    public var nextDeadline: Instant? { giveUpDeadline }
    public var callerNumber: String? { invite.from?.uri.user }
    public var dialedNumber: String? { invite.uri.user ?? invite.to?.uri.user }

    /// Answers the INVITE (the destination is the gateway itself, so at once).
    public mutating func start(now: Instant) -> [CallAction] {
        let offerText = String(decoding: invite.body, as: UTF8.self)
        guard case .success(let offer) = TrunkSDP.parseOffer(offerText, supported: plan.codecs) else {
            // RFC 3261 §13.3.1.1 / RFC 3264 §6: no acceptable media → 488 with our codecs.
            var refusal = invite.makeResponse(status: 488, reason: "Not Acceptable Here", toTag: plan.localTag)
            refusal.headers.add("Warning", "304 gateway \"Media type not available\"")
            phase = .finished
            return [.sendResponse(refusal)] + finish(CallEnd(cause: .incompatibleDestination, side: .gateway, sipStatus: 488))
        }
        var ok = invite.makeResponse(status: 200, reason: "OK", toTag: plan.localTag)
        ok.headers.add("Contact", "<sip:gateway@\(plan.local.endpoint.description)>")
        ok.headers.add("Allow", TrunkRequests.allow)
        ok.headers.add("Server", plan.local.userAgent)
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
            if response.cseq?.method == .bye, response.isFinal, phase == .ending { phase = .finished }
            return []
        case .sipTimeout(let request):
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
            return hangUp(CallEnd(cause: cause, side: .gateway), now: now)
        case .timer:
            if let deadline = giveUpDeadline, now >= deadline {
                giveUpDeadline = nil
                phase = .finished
            }
            return []
        case .webMediaConnected, .webMediaFailed:
            return []
        }
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
        case .invite where phase == .answered:
            // A re-INVITE: keep our media, follow the new remote address (RFC 3264 §8).
            guard dialog?.receive(request) ?? false else {
                return [.sendResponse(request.makeResponse(status: 500, reason: "Server Internal Error"))]
            }
            var actions: [CallAction] = []
            let text = String(decoding: request.body, as: UTF8.self)
            guard case .success(let offer) = TrunkSDP.parseOffer(text, supported: plan.codecs) else {
                return [.sendResponse(request.makeResponse(status: 488, reason: "Not Acceptable Here"))]
            }
            actions.append(.startTrunkMedia(offer.remote))
            sdpVersion += 1
            var ok = request.makeResponse(status: 200, reason: "OK")
            ok.headers.add("Contact", "<sip:gateway@\(plan.local.endpoint.description)>")
            ok.headers.set("Content-Type", "application/sdp")
            ok.body = Array(TrunkSDP.answer(to: offer, address: plan.mediaAddress, port: plan.mediaPort,
                                            sessionID: plan.sdpSessionID, version: sdpVersion).utf8)
            ok.headers.set("Content-Length", String(ok.body.count))
            return actions + [.sendResponse(ok)]
        case .options, .info, .update:
            return [.sendResponse(request.makeResponse(status: 200, reason: "OK"))]
        default:
            return [.sendResponse(request.makeResponse(status: 405, reason: "Method Not Allowed"))]
        }
    }

    private mutating func hangUp(_ end: CallEnd, now: Instant) -> [CallAction] {
        switch phase {
        case .offered:
            phase = .finished
            let refusal = invite.makeResponse(status: end.cause.sipStatus ?? 480, toTag: plan.localTag)
            return [.sendResponse(refusal)] + finish(end)
        case .answered:
            guard var dialog else { return [] }
            var bye = dialog.makeRequest(method: .bye, viaHost: plan.local.endpoint.host, viaPort: plan.local.endpoint.port)
            bye.headers.add("Reason", TrunkRequests.reasonHeader(end.cause))
            self.dialog = dialog
            phase = .ending
            giveUpDeadline = now + plan.transactionTimeout
            let target = TrunkRequests.nextHop(of: dialog) ?? dialog.remoteTarget.endpoint
            guard let target else { phase = .finished; return finish(end) }
            return [.sendRequest(bye, to: target)] + finish(end)
        case .ending, .finished:
            return []
        }
    }

    private mutating func finish(_ callEnd: CallEnd) -> [CallAction] {
        guard end == nil else { return [] }
        end = callEnd
        return [.recordEnded(callEnd)]
    }
}
