import CoreTypes
import SIP

/// Mid-call requests of an answered outbound call: the far end's re-INVITE and
/// UPDATE, and RFC 4028 session timers in both refresher roles.
extension OutboundCall {
    /// A request from the trunk inside the call's dialog.
    mutating func handleRequest(_ request: SIPRequest, now: Instant) -> [CallAction] {
        // RFC 3261 §12.2.2: a request inside the dialog carries its tags. One naming another
        // dialog of this Call-ID (a fork released with BYE, §13.2.2.4) gets 481 and leaves
        // the call on the kept dialog alone.
        if let dialog, !dialog.matches(request) {
            guard request.method != .ack else { return [] }
            return [.sendResponse(request.makeResponse(status: 481, reason: "Call/Transaction Does Not Exist"))]
        }
        switch request.method {
        case .bye:
            let ok = request.makeResponse(status: 200, reason: "OK")
            guard phase == .answered || phase == .ending else { return [.sendResponse(ok)] }
            phase = .finished
            let cause = TrunkRequests.reasonCause(request.headers) ?? .normalClearing
            return [.sendResponse(ok)] + finishWeb(CallEnd(cause: cause, side: .remote))
        case .invite where phase == .answered:
            // A re-INVITE (session refresh, hold, new address): answer with our unchanged
            // media description and follow the new remote address (RFC 3264 §8).
            // It is a target refresh: its Contact becomes where our BYE goes, and one
            // older than the last request seen is refused (RFC 3261 §12.2.2).
            if dialog?.receive(request) == false {
                return [.sendResponse(request.makeResponse(status: 500, reason: "Server Internal Error"))]
            }
            return answerMidDialogOffer(request, now: now)
        case .update where phase == .answered:
            // UPDATE is a target refresh too (RFC 3311 §5.2), with the same CSeq rule.
            if dialog?.receive(request) == false {
                return [.sendResponse(request.makeResponse(status: 500, reason: "Server Internal Error"))]
            }
            return answerMidDialogOffer(request, now: now)
        case .ack:
            // A re-INVITE without an offer got our offer in the 2xx; its ACK carries the
            // answer (RFC 3261 §14.2, RFC 3264 §5): follow its address, codec and direction.
            guard phase == .answered, !request.body.isEmpty,
                  case .success(let answer) = TrunkSDP.parseAnswer(String(decoding: request.body, as: UTF8.self),
                                                                   offered: plan.trunk.codecs) else { return [] }
            return [.startTrunkMedia(answer)]
        case .info:
            return receiveInfo(request, now: now)
        case .options, .update:
            return [.sendResponse(request.makeResponse(status: 200, reason: "OK"))]
        default:
            return [.sendResponse(request.makeResponse(status: 405, reason: "Method Not Allowed"))]
        }
    }

    /// Answers the far end's re-INVITE or UPDATE; it also counts as a session refresh.
    mutating func answerMidDialogOffer(_ request: SIPRequest, now: Instant) -> [CallAction] {
        if let (timer, _) = SessionTimer.fromRequest(request, now: now) {
            sessionTimer = timer
        } else {
            sessionTimer?.lastRefresh = now
        }
        let header = sessionTimer.map { Self.sessionExpiresHeader($0) }
        let responder = MidDialogOffer(codecs: plan.trunk.codecs, local: plan.local, mediaAddress: plan.mediaAddress,
                                       mediaPort: plan.mediaPort, sessionID: plan.sdpSessionID)
        if !request.body.isEmpty || request.method == .invite { sdpVersion += 1 }
        let outcome = responder.answer(request, version: sdpVersion, sessionExpires: header)
        return (outcome.media.map { [CallAction.startTrunkMedia($0)] } ?? []) + [.sendResponse(outcome.response)]
    }

    /// The session timer's deadline passed: refresh it, or end a call whose far end
    /// stopped refreshing (RFC 4028 §10).
    mutating func sessionTimerDue(now: Instant) -> [CallAction] {
        guard let timer = sessionTimer else { return [] }
        switch timer.refresher {
        case .farEnd:
            sessionTimer = nil
            return hangUp(CallEnd(cause: .recoveryOnTimerExpiry, side: .gateway), now: now)
        case .gateway:
            // The next deadline is half an interval on, whatever the refresh's fate.
            sessionTimer?.lastRefresh = now
            guard refreshInFlight == nil, var dialog else { return [] }
            let offer = TrunkSDP.offer(address: plan.mediaAddress, port: plan.mediaPort, codecs: plan.trunk.codecs,
                                       sessionID: plan.sdpSessionID, version: sdpVersion)
            let refresh = SessionTimer.refreshRequest(in: &dialog, local: plan.local, interval: timer.interval,
                                                      useUpdate: farEndAllowsUpdate, offer: offer)
            self.dialog = dialog
            refreshInFlight = refresh.cseq?.sequence
            return [.sendRequest(refresh, to: destination(of: dialog))]
        }
    }

    /// The answer to our refresh (UPDATE or re-INVITE), or to a late one.
    mutating func handleRefreshResponse(_ response: SIPResponse, now: Instant) -> [CallAction] {
        guard phase == .answered, let dialog, response.statusCode >= 200 else { return [] }
        var actions: [CallAction] = []
        if response.cseq?.method == .invite, response.isSuccess, let sequence = response.cseq?.sequence {
            // RFC 3261 §13.2.2.4: every 2xx to an INVITE, re-INVITEs included, is acknowledged.
            actions.append(.sendRequest(dialog.makeACK(forInviteCSeq: sequence, viaHost: plan.local.endpoint.host,
                                                       viaPort: plan.local.endpoint.port,
                                                       transport: plan.local.transport.viaToken),
                                        to: destination(of: dialog)))
        }
        if response.cseq?.method == .invite, response.isSuccess, !response.body.isEmpty,
           case .success(let answer) = TrunkSDP.parseAnswer(String(decoding: response.body, as: UTF8.self),
                                                            offered: plan.trunk.codecs) {
            actions.append(.startTrunkMedia(answer))
        }
        guard response.cseq?.sequence == refreshInFlight else { return actions }
        refreshInFlight = nil
        switch response.statusCode {
        case 200..<300:
            // RFC 4028 §7.4: a 2xx without Session-Expires turns the timer off.
            sessionTimer = SessionTimer.fromResponse(response, now: now)
        case 481, 408:
            // RFC 4028 §10: the far end no longer knows the dialog; the call is gone.
            actions += hangUp(CallEnd(cause: .recoveryOnTimerExpiry, side: .gateway, sipStatus: response.statusCode),
                              now: now)
        case 422:
            // RFC 4028 §6: Session Interval Too Small; use its Min-SE next time.
            if let minimum = response.headers["Min-SE"].flatMap({ SessionTimer.parse($0)?.seconds }) {
                sessionTimer?.interval = .seconds(minimum)
            }
        default:
            break  // 491 Request Pending and the like: the next deadline tries again.
        }
        return actions
    }

    static func sessionExpiresHeader(_ timer: SessionTimer) -> String {
        "\(timer.interval.components.seconds);refresher=\(timer.refresher == .gateway ? "uas" : "uac")"
    }
}
