/// The most recent samples of a stream, addressed by their position in the whole stream
/// (the first sample ever appended has position 0).
struct SampleHistory: Sendable {
    let capacity: Int
    private var samples: [Double]
    /// Samples appended so far; the newest one has position `count - 1`.
    private(set) var count: Int64 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        samples = Array(repeating: 0, count: self.capacity)
    }

    mutating func append(_ input: UnsafeBufferPointer<Int16>) {
        for sample in input {
            samples[Int(count % Int64(capacity))] = Double(sample)
            count += 1
        }
    }

    /// The sample at `position`; 0 for a position before the stream, already forgotten,
    /// or not yet received.
    subscript(position: Int64) -> Double {
        guard position >= 0, position < count, position >= count - Int64(capacity) else { return 0 }
        return samples[Int(position % Int64(capacity))]
    }
}
