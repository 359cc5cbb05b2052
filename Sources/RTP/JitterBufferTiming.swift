// Time arithmetic for the jitter buffer. Every time value comes from outside
// (arrival and playout instants, RTP timestamps), so nothing here may trap:
// sums saturate and conversions clamp their input to an hour first.

extension JitterBuffer {
    static let nanosecondsPerSecond: Int64 = 1_000_000_000
    /// Conversions clamp spans to one hour, far beyond any delay the buffer keeps,
    /// so that `ticks × 10⁹` and `nanoseconds × clockRate` stay inside Int64.
    static let spanLimitNanoseconds: Int64 = 3_600 * nanosecondsPerSecond

    static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    static func subtracting(_ a: Int64, _ b: Int64) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : difference
    }

    static func clamped(_ value: Int64, _ low: Int64, _ high: Int64) -> Int64 {
        min(max(value, low), high)
    }

    /// Division rounding toward minus infinity, so positions before the anchor
    /// fall in the right frame.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Stream time (timestamp units) → nanoseconds.
    func nanoseconds(ticks: Int64) -> Int64 { Self.nanoseconds(ticks: ticks, rate: rate) }

    static func nanoseconds(ticks: Int64, rate: Int64) -> Int64 {
        let limit = rate * 3_600
        return clamped(ticks, -limit, limit) * nanosecondsPerSecond / rate
    }

    /// Nanoseconds → stream time, rounded down.
    func ticks(nanoseconds: Int64) -> Int64 {
        let span = Self.clamped(nanoseconds, -Self.spanLimitNanoseconds, Self.spanLimitNanoseconds)
        return Self.floorDivide(span * rate, Self.nanosecondsPerSecond)
    }

    /// RFC 3550 §6.4.1 / A.8 interarrival jitter, kept in nanoseconds:
    /// D = (Rj − Ri) − (Sj − Si) between consecutive arrivals, J += (|D| − J)/16.
    struct JitterEstimate: Sendable {
        /// J scaled by 16, the integer form of A.8.
        private var scaled: Int64 = 0
        private var previous: (arrival: Int64, timestamp: UInt32)?
        /// A single |D| above this (a sender that stops its clock during silence,
        /// a stalled network) counts only this much, so the estimate recovers
        /// within a second instead of pinning the delay at its maximum.
        static let largestDifference: Int64 = nanosecondsPerSecond

        var nanoseconds: Int64 { scaled >> 4 }

        mutating func record(arrival: Int64, timestamp: UInt32, clockRate: Int64) {
            defer { previous = (arrival, timestamp) }
            guard let previous else { return }
            // Timestamp difference modulo 2^32, so a wrap between the two is harmless.
            let sent = JitterBuffer.nanoseconds(ticks: Int64(Int32(bitPattern: timestamp &- previous.timestamp)),
                                                rate: clockRate)
            let received = JitterBuffer.subtracting(arrival, previous.arrival)
            let difference = JitterBuffer.subtracting(received, sent).magnitude
            let d = Int64(min(difference, UInt64(Self.largestDifference)))
            scaled += d - ((scaled + 8) >> 4)
        }

        mutating func reset() { self = JitterEstimate() }
    }

    /// The largest value recorded over the last one to two seconds: the
    /// maximum of the current and the previous block of one second.
    ///
    /// Used for the running delay (the margins playout time − arrival time of
    /// the packets: the largest is how long the packets with the least network
    /// delay wait, i.e. the delay playout runs with) and for the recent peak of
    /// the target delay (the delay is lowered only below that peak, so a target
    /// that wobbles with the jitter estimate does not make it go up and down).
    struct RecentMaximum: Sendable, Hashable {
        static let blockNanoseconds = nanosecondsPerSecond
        private var currentMaximum: Int64?
        private var previousMaximum: Int64?
        private var blockStart: Int64 = 0

        var maximum: Int64? {
            switch (currentMaximum, previousMaximum) {
            case let (current?, previous?): max(current, previous)
            case let (current, previous): current ?? previous
            }
        }

        mutating func record(_ value: Int64, at time: Int64) {
            if currentMaximum == nil || JitterBuffer.subtracting(time, blockStart) >= Self.blockNanoseconds {
                previousMaximum = currentMaximum
                currentMaximum = value
                blockStart = time
            } else if let current = currentMaximum {
                currentMaximum = max(current, value)
            }
        }

        /// Playout moved by `delta`: every margin moves with it.
        mutating func shift(by delta: Int64) {
            currentMaximum = currentMaximum.map { JitterBuffer.adding($0, delta) }
            previousMaximum = previousMaximum.map { JitterBuffer.adding($0, delta) }
        }

        mutating func reset() { self = RecentMaximum() }
    }

    /// Which sequence numbers were handed out lately: bit i stands for
    /// `newest − i`. Tells a duplicate of a played packet from a late one.
    struct PlayedSequences: Sendable, Hashable {
        private var newest: UInt16 = 0
        private var mask: UInt64 = 0

        mutating func insert(_ sequence: UInt16) {
            let ahead = Int(Int16(bitPattern: sequence &- newest))
            if mask == 0 || ahead > 0 {
                mask = (mask == 0 || ahead >= 64) ? 1 : (mask << UInt64(ahead)) | 1
                newest = sequence
            } else if -ahead < 64 {
                mask |= 1 << UInt64(-ahead)
            }
        }

        func contains(_ sequence: UInt16) -> Bool {
            let behind = Int(Int16(bitPattern: newest &- sequence))
            return mask != 0 && behind >= 0 && behind < 64 && mask & (1 << UInt64(behind)) != 0
        }

        mutating func reset() { self = PlayedSequences() }
    }
}
