import CoreTypes
import SIP

/// DTMF over SIP INFO on a call from a trunk (the legacy INFO usage, RFC 6086 §2): digits
/// the caller sends as INFO are answered and reported (a dialplan menu or the agent hears
/// of them), and digits for a trunk whose `dtmf` is `info` leave as INFO requests, one at
/// a time (`DTMFInfoChannel`).
extension InboundCall {
    /// Sends `digits` (0-9 * # A-D; other characters are skipped) to the caller, one INFO per
    /// digit, each after the previous one's final response and at least 160 ms after it.
    /// Only an answered call sends: digits before the answer or after the end are dropped.
    public mutating func sendDTMF(info digits: String, now: Instant) -> [CallAction] {
        guard phase == .answered, dialog != nil else { return [] }
        _ = dtmfInfo.enqueue(digits)
        return sendNextInfo(now: now)
    }

    /// How many digits wait to leave as INFO (the one in flight not counted).
    public var pendingInfoDigits: Int { dtmfInfo.pending.count }

    /// The next waiting digit's INFO, when it may leave now.
    private mutating func sendNextInfo(now: Instant) -> [CallAction] {
        guard phase == .answered, var dialog, let digit = dtmfInfo.nextDigit(now: now) else { return [] }
        guard let target = destination(of: dialog) else {
            // No address to send to (a Contact naming a host, no route): nothing can leave.
            dtmfInfo.clear()
            return []
        }
        let info = DTMFInfoMessages.request(for: digit, format: plan.dtmfInfoFormat, in: &dialog, local: plan.local)
        self.dialog = dialog
        dtmfInfo.sent(cseq: info.cseq?.sequence ?? 0, now: now, giveUpAfter: plan.transactionTimeout)
        return [.sendRequest(info, to: target)]
    }

    /// A response to one of our INFOs: whatever its status the call goes on, and the next
    /// digit follows.
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

    /// An INFO from the caller. Only the confirmed dialog takes one: while the call rings or
    /// after it ended it gets 481, one naming another dialog too, and one older than the last
    /// request seen gets 500 (RFC 3261 §12.2.2). A key press is reported once.
    mutating func receiveInfo(_ request: SIPRequest, now: Instant) -> [CallAction] {
        guard phase == .answered, var dialog, dialog.matches(request) else {
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
