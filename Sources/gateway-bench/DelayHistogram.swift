/// Counts of delays in buckets of 10 µs below 1 ms, 100 µs below 10 ms, 1 ms below 100 ms
/// and 10 ms below 1 s (one more bucket holds the rest): fine where the targets are and
/// small enough to copy at every tick of a media thread. Only counts that grow, so a
/// window is the difference of two readings.
struct DelayHistogram: Sendable, Equatable, Codable {
    private static let ranges: [(upTo: Int64, width: Int64)] = [
        (1_000, 10), (10_000, 100), (100_000, 1_000), (1_000_000, 10_000),
    ]
    static let bucketCount = 1 + ranges.enumerated().reduce(0) { total, entry in
        total + Int((entry.element.upTo - (entry.offset == 0 ? 0 : ranges[entry.offset - 1].upTo)) / entry.element.width)
    }

    private(set) var counts = [UInt32](repeating: 0, count: bucketCount)
    private(set) var total = 0

    mutating func record(nanoseconds: Int64) {
        let microseconds = max(0, nanoseconds / 1000)
        counts[Self.bucket(microseconds)] += 1
        total += 1
    }

    /// The bucket of a delay in microseconds.
    static func bucket(_ microseconds: Int64) -> Int {
        var first = 0
        var lower: Int64 = 0
        for range in ranges {
            if microseconds < range.upTo { return first + Int((microseconds - lower) / range.width) }
            first += Int((range.upTo - lower) / range.width)
            lower = range.upTo
        }
        return first
    }

    /// The upper edge of a bucket in microseconds (the last bucket: 1 s).
    static func upperEdge(ofBucket index: Int) -> Int64 {
        var first = 0
        var lower: Int64 = 0
        for range in ranges {
            let buckets = Int((range.upTo - lower) / range.width)
            if index < first + buckets { return lower + Int64(index - first + 1) * range.width }
            first += buckets
            lower = range.upTo
        }
        return ranges.last?.upTo ?? 0
    }

    /// The delay at or under which `fraction` of the recorded ones fall, as the upper edge
    /// of its bucket, in milliseconds; nil when nothing was recorded.
    func quantileMilliseconds(_ fraction: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(total)).rounded(.up)))
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += Int(count)
            if seen >= rank { return Double(Self.upperEdge(ofBucket: index)) / 1000 }
        }
        return Double(Self.upperEdge(ofBucket: counts.count - 1)) / 1000
    }

    func since(_ earlier: DelayHistogram) -> DelayHistogram {
        var result = self
        for index in counts.indices { result.counts[index] = counts[index] &- earlier.counts[index] }
        result.total = total - earlier.total
        return result
    }

    static func + (a: DelayHistogram, b: DelayHistogram) -> DelayHistogram {
        var result = a
        for index in a.counts.indices { result.counts[index] = a.counts[index] &+ b.counts[index] }
        result.total = a.total + b.total
        return result
    }
}
