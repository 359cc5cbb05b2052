import CoreTypes

/// The disconnect window (docs/signaling.md, "Reconnecting"): while the browser is away the
/// trunk leg stays exactly as it is — no re-INVITE, no BYE — and only the window's deadline
/// (`handleTimer`) can end the call.
extension OutboundCall {
    /// The trunk leg stays as it is (no re-INVITE, no BYE) while the browser is away.
    mutating func browserDropped(now: Instant) -> [CallAction] {
        guard end == nil, reconnectDeadline == nil, phase == .inviting || phase == .answered else { return [] }
        reconnectDeadline = now + plan.disconnectInterval
        stateBeforeDrop = webState
        webMediaUp = false
        mediaDeadline = nil
        return setWebState(.reconnecting)
    }

    /// Back with a new offer (after a drop, or an ICE restart / new peer connection while
    /// still here): the browser's media must connect within the media timeout, and the
    /// browser hears `reconnected`, then `connected` once it has.
    mutating func browserResumed(now: Instant) -> [CallAction] {
        guard end == nil else { return [] }
        let wasAway = reconnectDeadline != nil
        reconnectDeadline = nil
        webMediaUp = false
        guard wasAway || phase == .answered else { return [] }
        mediaDeadline = now + plan.mediaTimeout
        if phase == .answered { return setWebState(.reconnected) }
        return setWebState(stateBeforeDrop ?? .calling)
    }

    /// Whether the browser is away and the call waits for it.
    public var isReconnecting: Bool { reconnectDeadline != nil }
}
