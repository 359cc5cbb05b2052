import CoreTypes
import Gateway
import SIP

/// Refusing new calls while the gateway cannot keep up (`OverloadGuard`, the
/// `calls.overload_queue_delay_ms` setting): a phone's INVITE gets 503 with Retry-After
/// (RFC 3261 §21.5.4), a browser `unavailable`. Calls in progress, and anything that
/// belongs to them (re-INVITEs, BYEs, a browser resuming its call, an agent answering),
/// go on as before: refusing them would drop calls the gateway already carries.
extension CallEngine {
    /// Whether a new call may start now; counts the refusal of one that may not, by the
    /// side it came from (`web` or `trunk`), and logs when refusing starts and stops.
    func admitsNewCall(from side: String) -> Bool {
        let admits = overload.admitsNewCall(now: clock.now)
        if admits == refusingForOverload {
            refusingForOverload = !admits
            if admits {
                logger.notice("the gateway keeps up again: new calls are taken")
            } else {
                let level = config.calls.overloadQueueDelay.map { "\($0.nanosecondsClamped / 1_000_000)" } ?? "off"
                logger.warning("the gateway is overloaded: new calls are refused until its queue drains",
                               metadata: ["overload_queue_delay_ms": "\(level)"])
            }
        }
        if !admits { overloadRefusals[side, default: 0] += 1 }
        return admits
    }

    /// The answer to a new INVITE while overloaded.
    func refuseOverloaded(_ invite: SIPRequest) {
        var response = invite.makeResponse(status: 503, reason: "Service Unavailable", toTag: SIPIdentifiers.newTag())
        response.headers.add("Retry-After", "\(overload.settings.retryAfterSeconds)")
        respond(to: invite, response)
    }
}
