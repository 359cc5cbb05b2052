import CoreTypes
import Gateway
import SIP

/// Refusing new calls while the gateway cannot keep up (`OverloadGuard`, the
/// `calls.overload_queue_delay_ms` setting): a phone's INVITE gets 503 with Retry-After
/// (RFC 3261 §21.5.4), a browser `unavailable`. Calls in progress, and anything that
/// belongs to them (re-INVITEs, BYEs, a browser resuming its call, an agent answering), go
/// on as before: refusing them would drop calls the gateway already carries.
///
/// Every 50 ms a probe asks to run on the engine and gives the guard one sample: the
/// worst of how late it got there, how long the inbox items taken since the last probe
/// waited from posting to being taken, and how late the media loops ran their timers
/// (DTLS handshakes and packets are theirs, not the engine's). One sample per period, the
/// worst of all, so a prompt probe between long-waiting items does not read as keeping
/// up. The probe also sees what the inbox cannot: on a machine starved of CPU, datagrams
/// and WebSocket frames wait in the kernel's buffers before anything posts them.
extension CallEngine {
    /// Whether a new call may start now; counts the refusal of one that may not, by the
    /// side it came from (`web` or `trunk`), and logs when refusing starts and stops.
    func admitsNewCall(from side: String) -> Bool {
        let admits = overload.admitsNewCalls
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

    /// How often the responsiveness probe asks to run.
    static let overloadProbeInterval: Duration = .milliseconds(50)

    /// Every `overloadProbeInterval`, asks to run on the engine and reports how late it got
    /// there (the timer's lateness and the actor's queue together); there it also takes the
    /// quality reports the media loops left in the inbox. Runs until cancelled.
    nonisolated func probeResponsiveness() async {
        while !Task.isCancelled {
            let asked = ContinuousClock.now + Self.overloadProbeInterval
            do { try await Task.sleep(until: asked, clock: .continuous) } catch { return }
            await probed(askedFor: asked)
        }
    }

    private func probed(askedFor asked: ContinuousClock.Instant) {
        observeProbe(askedFor: asked)
        takeQualityReports()
    }

    /// One sample for the guard: the worst of how late the probe ran here, how long inbox
    /// items waited, and how late a media loop ran a timer, since the last probe.
    private func observeProbe(askedFor asked: ContinuousClock.Instant) {
        let worst = max(ContinuousClock.now - asked, worstInboxWait, mediaFactory.mediaLateness())
        worstInboxWait = .zero
        overload.observe(delay: worst, now: clock.now)
    }

    /// The answer to a new INVITE while overloaded.
    func refuseOverloaded(_ invite: SIPRequest) {
        refuseUnavailable(invite, retryAfterSeconds: overload.settings.retryAfterSeconds)
    }
}
