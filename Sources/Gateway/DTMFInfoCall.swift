import CoreTypes
import SIP

/// DTMF over SIP INFO (the legacy INFO usage, RFC 6086 §2), the same on both call kinds
/// (`OutboundCall`, `InboundCall`): digits the far end sends as INFO are answered and
/// reported, and digits for a trunk whose `dtmf` is `info` leave as INFO requests, one at a
/// time (`DTMFInfoChannel`). A call supplies its dialog and how that dialog is reached.
protocol DTMFInfoCall {
    var dtmfInfo: DTMFInfoChannel { get set }
    var dialog: SIPDialog? { get set }
    /// The dialog is confirmed and the call not ended: only then does INFO go either way.
    var acceptsInfo: Bool { get }
    var infoFormat: DTMFInfoBody.Format { get }
    var infoLocal: LocalSIPAddress { get }
    /// How long an INFO may go unanswered before the next digit goes anyway.
    var infoGiveUpAfter: Duration { get }
    /// Where in-dialog requests go; nil when the dialog names no reachable address.
    func infoTarget(of dialog: SIPDialog) -> Endpoint?
}

extension DTMFInfoCall {
    /// Queues `digits` (0-9 * # A-D; other characters are skipped), one INFO per digit, each
    /// after the previous one's final response and at least 160 ms after it. Only an
    /// answered call sends: digits before the answer or after the end are dropped.
    mutating func queueInfoDigits(_ digits: String, now: Instant) -> [CallAction] {
        guard acceptsInfo, dialog != nil else { return [] }
        _ = dtmfInfo.enqueue(digits)
        return sendNextInfo(now: now)
    }

    /// The next waiting digit's INFO, when it may leave now.
    mutating func sendNextInfo(now: Instant) -> [CallAction] {
        guard acceptsInfo, var dialog, let digit = dtmfInfo.nextDigit(now: now) else { return [] }
        guard let target = infoTarget(of: dialog) else {
            // No address to send to (a Contact naming a host, no route): nothing can leave.
            dtmfInfo.clear()
            return []
        }
        let info = DTMFInfoMessages.request(for: digit, format: infoFormat, in: &dialog, local: infoLocal)
        self.dialog = dialog
        dtmfInfo.sent(cseq: info.cseq?.sequence ?? 0, now: now, giveUpAfter: infoGiveUpAfter)
        return [.sendRequest(info, to: target)]
    }

    /// A response to one of our INFOs. Whatever its status, the call goes on: a far end that
    /// refuses a digit (4xx, 5xx) has not ended the call, and the next digit follows.
    mutating func infoResponded(_ response: SIPResponse, now: Instant) -> [CallAction] {
        guard dtmfInfo.responded(cseq: response.cseq?.sequence, status: response.statusCode) else { return [] }
        return sendNextInfo(now: now)
    }

    /// Our INFO got no response at all (Timer F): the next digit follows all the same.
    mutating func infoTimedOut(_ request: SIPRequest, now: Instant) -> [CallAction] {
        guard dtmfInfo.timedOut(cseq: request.cseq?.sequence) else { return [] }
        return sendNextInfo(now: now)
    }

    /// The spacing after the last INFO ended, or the one in flight was given up on.
    mutating func infoTimerDue(now: Instant) -> [CallAction] {
        dtmfInfo.timerDue(now: now)
        return sendNextInfo(now: now)
    }

    /// An INFO from the far end. Only the confirmed dialog takes one: before the answer, after
    /// the end, or naming another dialog it gets 481, and one older than the last request
    /// seen gets 500 (RFC 3261 §12.2.2). A key press is reported once, even if its INFO
    /// comes again.
    mutating func receiveInfo(_ request: SIPRequest, now: Instant) -> [CallAction] {
        guard acceptsInfo, var dialog, dialog.matches(request) else {
            return [.sendResponse(request.makeResponse(status: 481, reason: "Call/Transaction Does Not Exist"))]
        }
        guard dialog.receive(request) else {
            return [.sendResponse(request.makeResponse(status: 500, reason: "Server Internal Error"))]
        }
        self.dialog = dialog
        let received = DTMFInfoMessages.receive(request)
        guard let body = received.body, let cseq = request.cseq?.sequence, dtmfInfo.isNewReceived(cseq: cseq) else {
            return [.sendResponse(received.response)]
        }
        return [.sendResponse(received.response), .dtmfReceived(body.digit, method: .info)]
    }
}
