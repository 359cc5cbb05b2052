import CoreTypes

/// The runtime's one source of time for protocol cores: a monotonic clock
/// turned into `Instant`s measured from process start.
public struct RuntimeClock: Sendable {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Instant {
        Instant(nanoseconds: (ContinuousClock.now - origin).nanosecondsClamped)
    }

    /// How long until `deadline`, never negative.
    public func delay(until deadline: Instant) -> Duration {
        let d = deadline - now
        return d < .zero ? .zero : d
    }
}
