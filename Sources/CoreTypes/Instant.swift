/// A point on a monotonic timeline, passed into protocol cores as a parameter.
///
/// Cores never read a clock themselves: the runtime converts its clock to an
/// `Instant` and tests drive cores with a manual clock built from `Instant`s.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary origin chosen by whoever owns the clock.
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = Instant(nanoseconds: 0)

    public static func milliseconds(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }
    public static func seconds(_ s: Int64) -> Instant { Instant(nanoseconds: s * 1_000_000_000) }

    public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

    public static func + (a: Instant, d: Duration) -> Instant {
        Instant(nanoseconds: a.nanoseconds + d.nanosecondsClamped)
    }
    public static func - (a: Instant, d: Duration) -> Instant {
        Instant(nanoseconds: a.nanoseconds - d.nanosecondsClamped)
    }
    public static func - (a: Instant, b: Instant) -> Duration {
        .nanoseconds(a.nanoseconds - b.nanoseconds)
    }
    public static func += (a: inout Instant, d: Duration) { a = a + d }

    /// The earlier of two optional deadlines; nil only when both are.
    public static func earliest(_ a: Instant?, _ b: Instant?) -> Instant? {
        switch (a, b) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }

    public var description: String { "t+\(Double(nanoseconds) / 1e9)s" }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64` bounds.
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return ns &+ attoseconds / 1_000_000_000
    }

    public var milliseconds: Int64 { nanosecondsClamped / 1_000_000 }
}
