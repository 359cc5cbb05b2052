import CoreTypes

/// Decides when the gateway is past what its CPU can carry and new calls must be refused
/// instead of queued (RFC 6357 §4: a server that queues beyond its capacity makes every
/// call late; one that refuses early keeps the calls it takes on time).
///
/// The measure is how long work waited for the gateway, one sample per probe period (fed
/// by `observe`; the engine gives the worst of its inbox's waits, its own lateness and the
/// media loops' over each 50 ms). A machine that keeps up has each within a few
/// milliseconds; one that does not makes work wait ever longer.
///
/// Overload starts when every sample for `hold` waited longer than `enterDelay`, so one
/// stall (a dialplan compiled, a burst of set-ups) does not trip it: what queued behind it
/// is taken within moments. It ends only when every sample for `hold` waited no longer
/// than `leaveDelay` (half the entry level: hysteresis, so it does not flap). A gap with no
/// samples changes nothing: on a machine starved of CPU the engine can go without running
/// for longer than `hold`, and the first thing it does after is no sign that it keeps up.
///
/// No I/O; time comes in as `Instant`s of a monotonic clock.
public struct OverloadGuard: Sendable, Equatable {
    public struct Settings: Sendable, Hashable {
        /// Waits that count toward overload; nil: never refuse.
        public var enterDelay: Duration?
        /// How long samples have to stay above `enterDelay` (and then at or below half of
        /// it) before the state changes.
        public var hold: Duration
        /// What a refused trunk is asked to wait, in seconds (503's Retry-After).
        public var retryAfterSeconds: Int

        public init(enterDelay: Duration? = .milliseconds(250), hold: Duration = .milliseconds(500),
                    retryAfterSeconds: Int = 5) {
            self.enterDelay = enterDelay
            self.hold = hold
            self.retryAfterSeconds = retryAfterSeconds
        }

        var leaveDelay: Duration? { enterDelay.map { $0 / 2 } }
    }

    public let settings: Settings
    /// The first of the current run of samples above `enterDelay`.
    private var highSince: Instant?
    /// The first of the current run of samples at or below `leaveDelay`.
    private var lowSince: Instant?
    private var overloaded = false
    /// The longest wait seen since `takeLongestDelay` last read it (for /metrics).
    private var longestDelay: Duration = .zero

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Whether a new call may be set up.
    public var admitsNewCalls: Bool { !overloaded }

    /// Work that was taken at `now` had waited `delay`.
    public mutating func observe(delay: Duration, now: Instant) {
        longestDelay = max(longestDelay, delay)
        guard let enter = settings.enterDelay, let leave = settings.leaveDelay else { return }
        highSince = delay > enter ? highSince ?? now : nil
        lowSince = delay <= leave ? lowSince ?? now : nil
        if let since = highSince, now - since >= settings.hold {
            overloaded = true
        } else if overloaded, let since = lowSince, now - since >= settings.hold {
            overloaded = false
        }
    }

    /// The longest wait seen since the last call, which starts a new period.
    public mutating func takeLongestDelay() -> Duration {
        defer { longestDelay = .zero }
        return longestDelay
    }
}
