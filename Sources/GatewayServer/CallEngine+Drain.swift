import Foundation
import Gateway
import SIP

/// A graceful stop (SIGTERM or SIGINT): new calls are refused (web users get
/// `unavailable`, trunks 503 with Retry-After, RFC 3261 §21.5.4), calls in progress go on
/// until they end or `calls.drain_timeout_s` runs out, and then the gateway ends the rest
/// itself with `temporary_failure` (docs/hangup-causes.md) so no phone is left hanging.
extension CallEngine {
    /// Seconds a trunk is asked to wait before trying this gateway again.
    static let drainRetryAfterSeconds = 120

    var isDraining: Bool { draining }

    /// Refuses new calls from now on and waits for the calls in progress, at most `limit`
    /// (or until `cutShort` says so: a second signal); then ends what is left and waits up
    /// to five seconds for their BYEs to be answered.
    func drain(within limit: Duration, cutShort: @Sendable () -> Bool) async {
        draining = true
        logger.notice("shutting down: new calls are refused, calls in progress may finish", metadata: [
            "calls": "\(calls.count)", "drain_timeout_s": "\(limit.components.seconds)"])
        let deadline = ContinuousClock.now + limit
        while !calls.isEmpty, ContinuousClock.now < deadline, !cutShort() {
            try? await Task.sleep(for: .milliseconds(100))
        }
        guard !calls.isEmpty else { return }
        logger.warning("ending the calls still in progress", metadata: ["calls": "\(calls.count)"])
        for key in Array(calls.keys) where calls[key]?.logic.hasEnded == false {
            drive(key, .gatewayHangup(.temporaryFailure))
        }
        let settle = ContinuousClock.now + .seconds(5)
        while !calls.isEmpty, ContinuousClock.now < settle {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The answer to an INVITE that arrives while draining.
    func refuseWhileDraining(_ invite: SIPRequest) {
        refuseUnavailable(invite, retryAfterSeconds: Self.drainRetryAfterSeconds)
    }

    /// RFC 3261 §21.5.4: 503 Service Unavailable, and when to try again (§20.33): the answer
    /// to a new call the gateway will not take now (draining, a limit, overload).
    func refuseUnavailable(_ invite: SIPRequest, retryAfterSeconds: Int) {
        var response = invite.makeResponse(status: 503, reason: "Service Unavailable", toTag: SIPIdentifiers.newTag())
        response.headers.add("Retry-After", "\(retryAfterSeconds)")
        respond(to: invite, response)
    }
}
