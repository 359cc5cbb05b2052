import RTP

/// What one load leg receives from the gateway: RFC 3550 Appendix A figures (loss from
/// sequence numbers, interarrival jitter) through `ReceiveStatistics`, plus lateness.
///
/// Lateness: each packet's transit (arrival time minus its RTP timestamp in nanoseconds)
/// compared with the smallest transit seen on the stream, i.e. how much later than the
/// quickest packet it came, relative to when it was due. The gateway transcodes as packets
/// arrive, so this is its queueing and scheduling delay plus the sender's own lateness.
struct StreamReception: Sendable {
    /// How one packet changed the stream's figures.
    struct Update: Sendable, Equatable {
        /// Packets the sequence numbers now account for beyond the last update (RFC 3550 A.3).
        var expectedIncrease: Int
        var counted: Bool
        /// Transit beyond the quickest packet's, in nanoseconds.
        var deviation: Int64
    }

    let clockRate: Int64
    private(set) var statistics: ReceiveStatistics?
    private var lastTimestamp: UInt32 = 0
    /// The RTP timestamp with wrap-arounds unrolled, counted from the first packet.
    private var elapsedTimestamp: Int64 = 0
    private var minimumTransit: Int64?
    private var lastExpected: UInt32 = 0

    init(clockRate: Int) {
        self.clockRate = Int64(clockRate)
    }

    /// Records a packet that arrived at `arrival` (monotonic nanoseconds).
    mutating func record(_ header: RTPHeader, arrival: Int64) -> Update {
        if statistics == nil {
            statistics = ReceiveStatistics(ssrc: header.ssrc, minSequential: 1)
            lastTimestamp = header.timestamp
        }
        // A.8 wants the arrival in timestamp units; the origin does not matter.
        let arrivalUnits = UInt32(truncatingIfNeeded: arrival / 1000 * clockRate / 1_000_000)
        let counted = statistics?.record(sequenceNumber: header.sequenceNumber, timestamp: header.timestamp,
                                         arrival: arrivalUnits) ?? false
        // A step back (a reordered packet) is a negative difference, not a wrap.
        elapsedTimestamp += Int64(Int32(bitPattern: header.timestamp &- lastTimestamp))
        lastTimestamp = header.timestamp
        let transit = arrival - elapsedTimestamp * 1_000_000_000 / clockRate
        let minimum = min(minimumTransit ?? transit, transit)
        minimumTransit = minimum
        let expected = statistics?.expected ?? 0
        // A source that restarted its sequence (A.1) starts counting again: no negative step.
        let increase = max(0, Int(Int32(bitPattern: expected &- lastExpected)))
        lastExpected = expected
        return Update(expectedIncrease: counted ? increase : 0, counted: counted, deviation: transit - minimum)
    }

    /// RFC 3550 A.8 interarrival jitter, in milliseconds.
    var jitterMilliseconds: Double {
        Double(statistics?.jitter ?? 0) * 1000 / Double(clockRate)
    }
}
