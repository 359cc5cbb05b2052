import CoreTypes
import SIP

/// Failing over to the next trunk of the route when one cannot take the call.
extension OutboundCall {
    /// Answers that say the trunk, not the callee, failed (RFC 3261 §21.5: server
    /// errors; 408 when it did not answer in time): another trunk may do better.
    static func triesNextTrunk(_ status: Int) -> Bool {
        [408, 500, 502, 503, 504].contains(status)
    }

    /// Sends the INVITE to the next fallback trunk, as a redirect is followed
    /// (RFC 3261 §8.1.3.4: same Call-ID and From tag, a higher CSeq, a new branch).
    /// Returns nil when no trunk is left.
    mutating func failOver(now: Instant) -> [CallAction]? {
        guard !plan.fallbackTrunks.isEmpty else { return nil }
        plan.trunk = plan.fallbackTrunks.removeFirst()
        inviteSeq += 1
        invite = TrunkRequests.invite(plan: plan, cseq: inviteSeq, authorization: nil)
        resetForNewTrunk()
        return [.sendRequest(invite, to: plan.trunk.nextHop)]
    }
}
