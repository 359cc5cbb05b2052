import CoreTypes
import Gateway

/// SIP from addresses that are not trunks: at most `sip.requests_per_second_per_source`
/// (more are dropped unanswered), and a ban of `sip.ban_s` after `sip.ban_after_failures`
/// refused INVITEs within a minute, so an extension scan or a password brute force learns
/// nothing and soon costs nothing. Trunks' addresses are trusted and never limited.
extension CallEngine {
    static let ackPrefix = Array("ACK ".utf8)

    /// Whether a message from `source` is handled at all. An ACK always is: it only stops
    /// the retransmissions of a final response (RFC 3261 §17.2.1), such as the 403 that just
    /// banned its sender, which would otherwise go on for 64·T1.
    func admitSource(_ source: Endpoint, isACK: Bool = false) -> Bool {
        guard trunkSources[source.host] == nil, !isACK else { return true }
        switch sourceGuard.admit(source.host, now: clock.now) {
        case .allowed:
            return true
        case .rateLimited:
            sipDropped["rate_limited", default: 0] += 1
            return false
        case .banned:
            sipDropped["banned", default: 0] += 1
            return false
        }
    }

    /// A refused request from `source`; the one that crosses the limit bans it.
    func sourceFailed(_ source: Endpoint) {
        guard trunkSources[source.host] == nil else { return }
        let now = clock.now
        if let until = sourceGuard.recordFailure(source.host, now: now) {
            logger.warning("SIP source banned after repeated refused requests", metadata: [
                "source": "\(source.host)", "failures": "\(sourceGuard.limits.failuresBeforeBan)",
                "ban_s": "\((until - now).components.seconds)"])
        }
    }
}
