/// When a media thread of `gateway-bench load` wakes: every 20 ms packet time is cut into
/// equal slots, each call sends in one of them, so the gateway gets packets spread over
/// the period as from independent browsers and phones, not one burst per 20 ms.
///
/// Deadlines are absolute (start + tick × slot length): a late wake-up is followed by the
/// next deadline as planned, never pushed back, so the packet rate stays exact and
/// lateness is measured instead of accumulated as drift.
struct PacingSchedule: Sendable, Equatable {
    /// RFC 3551 §4.5: 20 ms of audio per packet, 50 packets a second each way.
    static let periodNanoseconds: Int64 = 20_000_000

    let start: Int64
    let slots: Int
    /// The next slot tick to run, counted from `start`.
    private(set) var tick: Int64 = 0

    init(start: Int64, slots: Int) {
        precondition(slots >= 1 && Self.periodNanoseconds % Int64(slots) == 0, "slots must divide 20 ms")
        self.start = start
        self.slots = slots
    }

    var slotLength: Int64 { Self.periodNanoseconds / Int64(slots) }

    /// When the next tick is due.
    var deadline: Int64 { start + tick * slotLength }

    /// Which slot the next tick serves.
    var slot: Int { Int(tick % Int64(slots)) }

    /// Moves on to the following tick.
    mutating func advance() { tick += 1 }

    /// The slot a call sends in: consecutive calls land 7 slots apart, which spreads even a
    /// few calls across the period. 7 shares no factor with any slot count that divides
    /// 20 ms (whose only prime factors are 2 and 5), so every slot gets used.
    static func slot(forCall index: Int, slots: Int) -> Int {
        (index % slots) * (7 % slots) % slots
    }
}

/// How late a media thread woke for its ticks: the generator's own timeliness, so a run
/// can show that missing or late packets were not the generator's doing.
struct TickLateness: Sendable, Equatable, Codable {
    /// Upper bounds of the histogram's buckets, in milliseconds; the last bucket is open.
    static let bucketBoundsMilliseconds: [Double] = [1, 2, 5, 10, 20]
    /// A tick more than this late counts as late.
    static let lateThresholdNanoseconds: Int64 = 5_000_000

    var ticks: Int = 0
    var lateTicks: Int = 0
    var maxLatenessNanoseconds: Int64 = 0
    /// Ticks per lateness bucket: ≤ 1 ms, ≤ 2, ≤ 5, ≤ 10, ≤ 20, > 20 ms.
    var histogram: [Int] = Array(repeating: 0, count: TickLateness.bucketBoundsMilliseconds.count + 1)

    mutating func record(latenessNanoseconds lateness: Int64) {
        ticks += 1
        if lateness > Self.lateThresholdNanoseconds { lateTicks += 1 }
        maxLatenessNanoseconds = max(maxLatenessNanoseconds, lateness)
        let milliseconds = Double(lateness) / 1e6
        let bucket = Self.bucketBoundsMilliseconds.firstIndex { milliseconds <= $0 } ?? Self.bucketBoundsMilliseconds.count
        histogram[bucket] += 1
    }

    /// What happened between an earlier reading and this one. The maximum is the later
    /// reading's own: media threads restart it when a measuring window begins.
    func since(_ earlier: TickLateness) -> TickLateness {
        var delta = self
        delta.ticks -= earlier.ticks
        delta.lateTicks -= earlier.lateTicks
        delta.histogram = zip(histogram, earlier.histogram).map { $0 - $1 }
        return delta
    }

    static func + (a: TickLateness, b: TickLateness) -> TickLateness {
        var sum = a
        sum.ticks += b.ticks
        sum.lateTicks += b.lateTicks
        sum.maxLatenessNanoseconds = max(a.maxLatenessNanoseconds, b.maxLatenessNanoseconds)
        sum.histogram = zip(a.histogram, b.histogram).map { $0 + $1 }
        return sum
    }
}
