import CoreTypes

/// Counts behind the call metrics: calls started by direction, ended by direction and
/// cause, how long answered calls took to set up, and DTMF keys by direction and method.
/// A value the engine owns; nothing here reads a clock.
struct CallTotals: Sendable {
    /// Upper bounds, in seconds, of the setup-time histogram's buckets (+Inf implied).
    static let setupBuckets: [Double] = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60]

    struct Setup: Sendable {
        var counts = [Int](repeating: 0, count: CallTotals.setupBuckets.count)
        var count = 0
        var sum = 0.0
    }

    private(set) var started: [String: Int] = [:]
    private(set) var ended: [EndKey: Int] = [:]
    private(set) var setup: [String: Setup] = [:]
    private(set) var digits: [DigitKey: Int] = [:]
    /// Calls not ended yet.
    private var open: [String: OpenCall] = [:]

    private struct OpenCall: Sendable {
        let direction: String
        let startedAt: Instant
        var answered = false
    }

    struct EndKey: Hashable, Sendable {
        let direction: String
        let cause: String
    }

    struct DigitKey: Hashable, Sendable {
        let direction: String
        let method: String
    }

    mutating func callStarted(_ key: String, direction: String, at now: Instant) {
        started[direction, default: 0] += 1
        open[key] = OpenCall(direction: direction, startedAt: now)
    }

    /// The call was answered: its setup time is observed once.
    mutating func callAnswered(_ key: String, at now: Instant) {
        guard let call = open[key], !call.answered else { return }
        open[key]?.answered = true
        let seconds = max(0, Double((now - call.startedAt).nanosecondsClamped) / 1e9)
        var histogram = setup[call.direction] ?? Setup()
        histogram.count += 1
        histogram.sum += seconds
        for (index, bound) in Self.setupBuckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
        setup[call.direction] = histogram
    }

    mutating func callEnded(_ key: String, cause: String) {
        guard let call = open.removeValue(forKey: key) else { return }
        ended[EndKey(direction: call.direction, cause: cause), default: 0] += 1
    }

    /// `direction`: `to_phone`, `from_phone` or `from_browser`.
    mutating func digit(direction: String, method: String) {
        digits[DigitKey(direction: direction, method: method), default: 0] += 1
    }
}
