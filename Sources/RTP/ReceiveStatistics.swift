/// Reception state for one incoming source, as RFC 3550 Appendix A keeps it:
/// sequence tracking with wrap-around and probation (A.1), loss figures (A.3)
/// and interarrival jitter (A.8), turned into a report block for SR/RR.
/// A value type with no allocation; time comes in as parameters.
public struct ReceiveStatistics: Sendable, Hashable {
    /// A.1: a jump ahead of more than this many sequence numbers is suspicious.
    public static let maxDropout: UInt16 = 3000
    /// A.1: a packet up to this many sequence numbers behind is "late", not a restart.
    public static let maxMisorder: UInt16 = 100
    private static let sequenceModulus: UInt32 = 1 << 16

    public let ssrc: UInt32
    private let minSequential: UInt32

    private var started = false
    private var maxSequence: UInt16 = 0
    /// Wrap-arounds shifted left 16 bits, as in A.1.
    private var cycles: UInt32 = 0
    private var baseSequence: UInt32 = 0
    private var badSequence: UInt32 = 0
    private var probation: UInt32 = 0
    /// Packets counted (duplicates and late packets included, as in A.1).
    public private(set) var received: UInt32 = 0
    private var expectedPrior: UInt32 = 0
    private var receivedPrior: UInt32 = 0

    private var hasTransit = false
    private var transit: Int32 = 0
    /// Jitter scaled by 16 (A.8 integer form).
    private var jitterScaled: UInt64 = 0

    private var lastSRCompactNTP: UInt32 = 0
    private var lastSRArrivalNanoseconds: Int64?

    /// - Parameter minSequential: packets in sequence needed before a source is
    ///   valid (A.1 MIN_SEQUENTIAL, 2); at least 1.
    public init(ssrc: UInt32, minSequential: Int = 2) {
        self.ssrc = ssrc
        self.minSequential = UInt32(clamping: max(1, minSequential))
    }

    /// Whether the source has passed probation.
    public var isValid: Bool { started && probation == 0 }

    /// A.1 `init_seq`.
    private mutating func restart(at sequence: UInt16) {
        baseSequence = UInt32(sequence)
        maxSequence = sequence
        badSequence = Self.sequenceModulus + 1
        cycles = 0
        received = 0
        receivedPrior = 0
        expectedPrior = 0
    }

    /// Records one packet. `arrival` is the arrival time converted to this
    /// stream's timestamp units (same clock rate, any origin). Returns whether
    /// the packet counts (A.1 `update_seq`): false while the source is on
    /// probation and for a large jump that is not yet confirmed by a second
    /// packet; the caller may drop those.
    @discardableResult
    public mutating func record(sequenceNumber sequence: UInt16, timestamp: UInt32, arrival: UInt32) -> Bool {
        if !started {
            // A.1: init_seq(s, seq); s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL.
            started = true
            restart(at: sequence)
            maxSequence = sequence &- 1
            probation = minSequential
        }
        guard updateSequence(sequence) else { return false }
        updateJitter(timestamp: timestamp, arrival: arrival)
        return true
    }

    /// A.1 `update_seq`.
    private mutating func updateSequence(_ sequence: UInt16) -> Bool {
        let delta = sequence &- maxSequence
        if probation > 0 {
            // Accept only packets in strict sequence until probation ends.
            if sequence == maxSequence &+ 1 {
                probation -= 1
                maxSequence = sequence
                if probation == 0 {
                    restart(at: sequence)
                    received &+= 1
                    return true
                }
            } else {
                probation = minSequential - 1
                maxSequence = sequence
            }
            return false
        } else if delta < Self.maxDropout {
            // In order, with a permissible gap; a smaller number means a wrap.
            if sequence < maxSequence { cycles &+= Self.sequenceModulus }
            maxSequence = sequence
        } else if UInt32(delta) <= Self.sequenceModulus - UInt32(Self.maxMisorder) {
            // A very large jump: the sender restarted if the next packet follows it.
            if UInt32(sequence) == badSequence {
                restart(at: sequence)
                // A restarted sender usually has a new timestamp base too; do
                // not let the step between the two count as jitter.
                hasTransit = false
            } else {
                badSequence = (UInt32(sequence) + 1) & (Self.sequenceModulus - 1)
                return false
            }
        } else {
            // Duplicate or reordered packet: counted, no change to the maximum.
        }
        received &+= 1
        return true
    }

    /// A.8: J += (|D| − J) / 16 with D the change in relative transit time,
    /// kept as an integer scaled by 16.
    private mutating func updateJitter(timestamp: UInt32, arrival: UInt32) {
        let newTransit = Int32(bitPattern: arrival &- timestamp)
        defer { transit = newTransit; hasTransit = true }
        guard hasTransit else { return }
        let d = UInt64((newTransit &- transit).magnitude)
        jitterScaled = jitterScaled + d - ((jitterScaled + 8) >> 4)
    }

    /// A.3: the highest sequence number seen, extended with the wrap count.
    public var extendedHighestSequence: UInt32 { cycles &+ UInt32(maxSequence) }

    /// A.3: packets expected since the first counted one.
    public var expected: UInt32 {
        guard isValid else { return 0 }
        return extendedHighestSequence &- baseSequence &+ 1
    }

    /// A.3: expected − received, clamped to the 24-bit signed range of the report.
    public var cumulativeLost: Int32 {
        let lost = Int64(expected) - Int64(received)
        return Int32(min(max(lost, -0x80_0000), 0x7F_FFFF))
    }

    /// A.8: interarrival jitter in timestamp units.
    public var jitter: UInt32 { UInt32(clamping: jitterScaled >> 4) }

    /// Remembers an SR from this source for the LSR/DLSR fields (RFC 3550 §6.4.1).
    /// `arrivalNanoseconds` is on the same monotonic timeline as `nowNanoseconds`
    /// passed to `makeReportBlock` (e.g. `Instant.nanoseconds`).
    public mutating func recordSenderReport(_ info: RTCPSenderInfo, arrivalNanoseconds: Int64) {
        lastSRCompactNTP = info.compactNTP
        lastSRArrivalNanoseconds = arrivalNanoseconds
    }

    /// A report block for this source. Computes the fraction lost since the
    /// previous call (A.3), so call it exactly once per report sent.
    public mutating func makeReportBlock(nowNanoseconds: Int64) -> RTCPReportBlock {
        let expectedNow = expected
        let expectedInterval = expectedNow &- expectedPrior
        expectedPrior = expectedNow
        let receivedInterval = received &- receivedPrior
        receivedPrior = received
        let lostInterval = Int64(expectedInterval) - Int64(receivedInterval)
        var fraction: UInt8 = 0
        if expectedInterval != 0, lostInterval > 0 {
            // (lost << 8) / expected is 256 when everything was lost; the field holds 255.
            fraction = UInt8(min(255, (lostInterval << 8) / Int64(expectedInterval)))
        }
        var delay: UInt32 = 0
        if let arrival = lastSRArrivalNanoseconds, nowNanoseconds > arrival {
            // DLSR in 1/65536 s; via microseconds so the product cannot overflow.
            let micros = (nowNanoseconds - arrival) / 1000
            delay = UInt32(clamping: micros.multipliedReportingOverflow(by: 65536).overflow
                           ? Int64.max : micros * 65536 / 1_000_000)
        }
        return RTCPReportBlock(ssrc: ssrc, fractionLost: fraction, cumulativeLost: cumulativeLost,
                               extendedHighestSequence: extendedHighestSequence, jitter: jitter,
                               lastSenderReport: lastSRArrivalNanoseconds == nil ? 0 : lastSRCompactNTP,
                               delaySinceLastSenderReport: delay)
    }
}
