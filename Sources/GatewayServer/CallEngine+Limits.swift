import Config
import CoreTypes
import Gateway
import Logging
import SIP
import WebAuth

/// Calls at once and calls per minute, per web identity, call link and trunk
/// (docs/signaling.md "Limits"; `web_auth` and `trunks[]` in docs/configuration.md).
///
/// A web user's call counts against its identity, its call link and the trunk it is sent to;
/// a phone's call counts against the trunk it came from. A call over any limit is refused
/// before anything is set up: `limit_exceeded` to a browser, 503 with Retry-After to a trunk.
extension CallEngine {
    /// The identity's limits: the token's claims, else `web_auth`'s per-identity ones.
    func identityLimit(_ grants: Grants) -> CallLimit {
        CallLimit(maxConcurrent: grants.maxCalls ?? config.webAuth.maxCallsPerIdentity,
                  perMinute: grants.callsPerMinute ?? config.webAuth.callsPerMinutePerIdentity)
    }

    func trunkLimit(_ trunk: TrunkConfig) -> CallLimit {
        CallLimit(maxConcurrent: trunk.maxCalls, perMinute: trunk.callsPerMinute)
    }

    func callLinkLimit(_ link: String) -> CallLimit? {
        guard let entry = dialplans.current?.dialplan.entry.callLinks[link] else { return nil }
        return CallLimit(maxConcurrent: entry.maxCalls, perMinute: entry.callsPerMinute)
    }

    /// Counts a web user's new call against its identity, its link and the first trunk of
    /// `trunks` with room. Returns the trunks to use (those with room, in order) or the refusal.
    func admitWebCall(_ key: String, grants: Grants, link: String?,
                      trunks: [TrunkConfig]) -> Result<[TrunkConfig], LimitRefusal> {
        var limits: [(LimitScope, CallLimit)] = [(.identity(grants.identity), identityLimit(grants))]
        if let link, let limit = callLinkLimit(link) { limits.append((.callLink(link), limit)) }
        if let id = grants.callLink, let stored = callLinks?.link(id: id) {
            limits.append((.operatorLink(id), Self.storedLinkLimit(stored)))
        }
        guard !trunks.isEmpty else { return admit(key, limits).map { [] } }
        var lastRefusal: LimitRefusal?
        for (index, trunk) in trunks.enumerated() {
            switch admit(key, limits + [(.trunk(trunk.name), trunkLimit(trunk))]) {
            case .success:
                // Failover trunks already full are left out; the others are counted if reached.
                let rest = trunks[(index + 1)...].filter { hasRoom(trunk: $0) }
                return .success([trunk] + rest)
            case .failure(let refusal):
                guard case .trunk = refusal.scope else { return .failure(refusal) }
                lastRefusal = refusal
            }
        }
        return .failure(lastRefusal ?? LimitRefusal(scope: .identity(grants.identity), kind: .concurrent, limit: 0, count: 0))
    }

    /// A phone's call from `trunk`.
    func admitInboundCall(_ key: String, trunk: TrunkConfig) -> LimitRefusal? {
        if case .failure(let refusal) = admit(key, [(.trunk(trunk.name), trunkLimit(trunk))]) { return refusal }
        return nil
    }

    /// The call failed over to another trunk: it now counts there.
    func followFailover(_ key: String) {
        guard let call = calls[key], case .outbound(let outbound) = call.logic,
              call.countedTrunk != outbound.plan.trunk.name else { return }
        if let previous = call.countedTrunk { limiter.release(call: key, from: .trunk(previous)) }
        countOnTrunk(key, outbound.plan.trunk.name)
    }

    /// Counts a call already under way on `trunk`, even over its limit (failover, a menu's
    /// dial: the caller is already connected; full trunks were left out beforehand).
    func countOnTrunk(_ key: String, _ trunk: String) {
        _ = limiter.admit(call: key, under: [(.trunk(trunk), CallLimit())], now: clock.now)
        calls[key]?.countedTrunk = trunk
    }

    /// RFC 3261 §21.5.4: 503 with Retry-After, the seconds until the per-minute window has
    /// room again, or a short wait when calls at once are the limit.
    func refuseOverLimit(_ invite: SIPRequest, _ refusal: LimitRefusal) {
        let seconds = refusal.retryAfter.map { max(1, Int($0.components.seconds) + 1) } ?? Self.busyTrunkRetryAfterSeconds
        refuseUnavailable(invite, retryAfterSeconds: seconds)
    }

    static let busyTrunkRetryAfterSeconds = 30

    func releaseLimits(_ key: String) {
        limiter.release(call: key)
    }

    func refusedOverLimit(_ refusal: LimitRefusal, _ metadata: Logger.Metadata) {
        limitRefusals[refusal.scopeKind, default: 0] += 1
        logger.notice("call over a limit refused", metadata: metadata.merging(["limit": "\(refusal)"]) { $1 })
    }

    /// A browser page of an origin not in `http.allowed_origins` tried to open `/ws`.
    func signalingOriginRefused() {
        webAuthRefusals["bad_origin", default: 0] += 1
        logger.notice("signaling connection refused: its page's origin is not allowed (http.allowed_origins)")
    }

    func webAuthRefused(_ refusal: WebAuthGate.Refusal) {
        webAuthRefusals[refusal.metricReason, default: 0] += 1
        switch refusal {
        case .badIdentity: logger.info("signaling connection refused: bad identity")
        case .token(let why): logger.notice("signaling connection refused", metadata: ["token": "\(why)"])
        }
    }

    private func admit(_ key: String, _ limits: [(LimitScope, CallLimit)]) -> Result<Void, LimitRefusal> {
        if let refusal = limiter.admit(call: key, under: limits, now: clock.now) { return .failure(refusal) }
        return .success(())
    }

    func hasRoom(trunk: TrunkConfig) -> Bool {
        guard let max = trunk.maxCalls else { return true }
        return limiter.activeCalls(in: .trunk(trunk.name)) < max
    }
}

extension LimitRefusal {
    /// Label of `gateway_calls_over_limit_total`.
    var scopeKind: String {
        switch scope {
        case .identity: "identity"
        case .callLink, .operatorLink: "call_link"
        case .trunk: "trunk"
        }
    }
}
