/// A fixed-capacity first-in first-out ring of 16-bit samples, used to re-chunk audio
/// between codecs whose frame durations differ (a browser may send 10–60 ms Opus frames,
/// a trunk expects 20 ms G.711 frames).
///
/// Storage is allocated once in `init`; reads and writes never allocate. Not thread-safe:
/// one instance belongs to one media direction of one call.
public final class PCMFIFO: @unchecked Sendable {
    /// Most samples the ring can hold.
    public let capacity: Int
    /// Samples currently held.
    public private(set) var count = 0

    private let storage: UnsafeMutableBufferPointer<Int16>
    /// Index of the oldest sample.
    private var head = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "PCMFIFO capacity must be positive")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    public var isEmpty: Bool { count == 0 }
    /// Samples that can still be written.
    public var freeSpace: Int { capacity - count }

    /// Appends as many samples as fit. Samples beyond the free space are dropped (the
    /// newest ones), so a caller that drains after every write never loses audio.
    /// - Returns: the number of samples appended.
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
        let total = min(samples.count, freeSpace)
        guard total > 0, let source = samples.baseAddress, let base = storage.baseAddress else { return 0 }
        let tail = (head + count) % capacity
        let firstPart = min(total, capacity - tail)
        (base + tail).update(from: source, count: firstPart)
        (base).update(from: source + firstPart, count: total - firstPart)
        count += total
        return total
    }

    /// Removes up to `destination.count` of the oldest samples into `destination`.
    /// - Returns: the number of samples read.
    @discardableResult
    public func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        let total = min(destination.count, count)
        guard total > 0, let target = destination.baseAddress, let base = storage.baseAddress else { return 0 }
        let firstPart = min(total, capacity - head)
        target.update(from: base + head, count: firstPart)
        (target + firstPart).update(from: base, count: total - firstPart)
        consume(total)
        return total
    }

    /// Removes exactly `frame.count` samples into `frame` if that many are held, else
    /// leaves the ring untouched: the re-chunking step ("emit whole frames only").
    /// - Returns: whether a frame was read.
    public func readFrame(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard frame.count > 0, count >= frame.count else { return false }
        read(into: frame)
        return true
    }

    /// Drops up to `samples` of the oldest samples; returns how many were dropped.
    @discardableResult
    public func discard(_ samples: Int) -> Int {
        let total = max(0, min(samples, count))
        consume(total)
        return total
    }

    /// Empties the ring.
    public func removeAll() {
        head = 0
        count = 0
    }

    private func consume(_ total: Int) {
        head = (head + total) % capacity
        count -= total
        if count == 0 { head = 0 }
    }
}
