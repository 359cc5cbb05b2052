import CoreTypes

/// Decides when the gateway is past what its CPU can carry and new calls must be refused
/// instead of queued (RFC 6357 §4: a server that queues beyond its capacity makes every
/// call late; one that refuses early keeps the calls it takes on time).
///
/// The measure is queueing delay: how long each item waited in the call engine's inbox
/// before the engine took it (fed by `observe`). A machine that keeps up takes items within
/// a few milliseconds; one that does not lets them wait ever longer. Overload starts when
/// every item taken for `hold` waited longer than `enterDelay`, so one stall (a dialplan
/// compiled, a burst of set-ups) does not trip it: the items that queued behind it are all
/// taken within moments of each other. It ends once no item has waited longer than
/// `leaveDelay` (half the entry level: hysteresis, so it does not flap) for `hold`, which
/// also ends it when the inbox goes quiet.
///
/// No I/O; time comes in as `Instant`s of a monotonic clock.
public struct OverloadGuard: Sendable, Equatable {
    public struct Settings: Sendable, Hashable {
        /// Queueing delay that counts toward overload; nil: never refuse.
        public var enterDelay: Duration?
        /// How long the delay has to stay above `enterDelay` (and then below half of it)
        /// before the state changes.
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
    /// The first of the current run of items that waited longer than `enterDelay`.
    private var highSince: Instant?
    /// When the last item that waited longer than `leaveDelay` was taken.
    private var lastAboveLeave: Instant?
    private var overloaded = false
    /// The longest wait seen since `takeLongestDelay` last read it (for /metrics).
    private var longestDelay: Duration = .zero

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// An item was taken from the inbox at `now` after waiting `delay`.
    public mutating func observe(delay: Duration, now: Instant) {
        longestDelay = max(longestDelay, delay)
        guard let enter = settings.enterDelay, let leave = settings.leaveDelay else { return }
        if delay > leave { lastAboveLeave = now }
        if delay > enter {
            let since = highSince ?? now
            highSince = since
            if now - since >= settings.hold { overloaded = true }
        } else {
            highSince = nil
        }
    }

    /// Whether a new call may be set up at `now`.
    public mutating func admitsNewCall(now: Instant) -> Bool {
        if overloaded, let last = lastAboveLeave, now - last >= settings.hold {
            overloaded = false
            highSince = nil
        }
        return !overloaded
    }

    /// The longest wait seen since the last call, which starts a new period.
    public mutating func takeLongestDelay() -> Duration {
        defer { longestDelay = .zero }
        return longestDelay
    }
}
