import CoreTypes
import SIP

/// A call from a trunk answered by an agent's browser (docs/signaling.md, "Agents"): ringing
/// while agents ring, the answer when one accepts, and the disconnect window when the
/// agent's browser drops off mid-call ("Reconnecting"): the caller stays connected and hears
/// the hold audio, and only the window's deadline can end the call.
extension InboundCall {
    /// 180 Ringing, once, while agents' browsers ring for a call not answered yet: the
    /// caller's own network plays ringback (RFC 3261 §13.3.1.1). It carries our tag and
    /// Contact, so it makes an early dialog (§12.1.1).
    public mutating func ring() -> [CallAction] {
        guard phase == .offered, offer != nil, !rang else { return [] }
        rang = true
        var ringing = invite.makeResponse(status: 180, reason: "Ringing", toTag: plan.localTag)
        ringing.headers.add("Contact", plan.local.contact)
        return [.sendResponse(ringing)]
    }

    /// An agent accepted the call in their browser: the call is answered if it was not yet,
    /// and the browser follows its states from `connecting` on.
    public mutating func connectAgent(now: Instant) -> [CallAction] {
        guard phase == .offered || phase == .answered, !hasAgent else { return [] }
        hasAgent = true
        return answer(now: now) + [.webState(.connecting, nil)]
    }

    /// The agent's browser went away without a hangup: the trunk leg stays as it is.
    mutating func agentDropped(now: Instant) -> [CallAction] {
        guard hasAgent, phase == .answered, end == nil, reconnectDeadline == nil else { return [] }
        reconnectDeadline = now + plan.disconnectInterval
        return [.webState(.reconnecting, nil)]
    }

    /// Back with its resume token and a new offer: `reconnected`, then `connected` once its
    /// new media is up.
    mutating func agentResumed(now: Instant) -> [CallAction] {
        guard hasAgent, phase == .answered, end == nil else { return [] }
        reconnectDeadline = nil
        return [.webState(.reconnected, nil)]
    }

    /// Whether the agent's browser is away and the call waits for it.
    public var isReconnecting: Bool { reconnectDeadline != nil }
}
