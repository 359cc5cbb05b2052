import CoreTypes
import SIP

/// Provisional responses: ringing, early media (RFC 3960) and reliable
/// provisionals (RFC 3262).
extension OutboundCall {
    /// What a 101–199 response to our INVITE changes.
    mutating func handleProvisional(_ response: SIPResponse, now: Instant) -> [CallAction] {
        var actions: [CallAction] = []
        if TrunkRequests.isReliable(response) {
            // RFC 3262 §4: each new RSeq is acknowledged once with PRACK in the early
            // dialog; a retransmission (same or lower RSeq) is absorbed.
            guard let rseq = TrunkRequests.rseq(response), rseq > (lastRSeq ?? 0) else { return [] }
            lastRSeq = rseq
            if let prack = makePRACK(for: response, rseq: rseq) { actions.append(prack) }
        }
        let body = String(decoding: response.body, as: UTF8.self)
        if !response.body.isEmpty, case .success(let answer) = TrunkSDP.parseAnswer(body, offered: plan.trunk.codecs) {
            // A 183 (or 180) with SDP carries ringback or an announcement: bridge it now.
            earlyAnswer = answer
            if ringbackPlaying {
                ringbackPlaying = false
                actions.append(.playRingback(false))
            }
            actions.append(.startTrunkMedia(answer))
        } else if response.statusCode == 180, earlyAnswer == nil, !ringbackPlaying {
            // Ringing without media of its own: the gateway plays ringback to the browser.
            ringbackPlaying = true
            actions.append(.playRingback(true))
        }
        actions += setWebState(.ringing)
        return actions
    }

    /// PRACK for a reliable provisional response (RFC 3262 §7.2), inside the early dialog
    /// the response creates (RFC 3261 §12.1.2).
    private mutating func makePRACK(for response: SIPResponse, rseq: UInt32) -> CallAction? {
        if earlyDialog?.remoteTag != TrunkRequests.toTag(response) {
            earlyDialog = SIPDialog(uacRequest: invite, response: response)
        }
        guard var dialog = earlyDialog else { return nil }
        var prack = dialog.makeRequest(method: .prack, viaHost: plan.local.endpoint.host,
                                       viaPort: plan.local.endpoint.port)
        prack.headers.add("RAck", "\(rseq) \(inviteSeq) INVITE")
        earlyDialog = dialog
        return .sendRequest(prack, to: destination(of: dialog))
    }
}
