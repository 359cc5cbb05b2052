/// Quality figures of one leg of a call (the browser's or the trunk's), as its
/// `RTCPReporter` knows them after the latest report interval.
public struct LegQuality: Sendable, Hashable {
    /// RTP packets received from the far end, and the cumulative loss (RFC 3550 A.3).
    public var packetsReceived: UInt32 = 0
    public var packetsLost: Int32 = 0
    public var packetsSent: UInt32 = 0
    /// Loss of what this side received, over the last report interval, in percent.
    public var lossPercent: Double = 0
    /// Interarrival jitter of what this side receives (RFC 3550 A.8), in milliseconds.
    public var jitterMilliseconds: Double = 0
    /// The far end's last report on what this side sends: its loss (interval, percent)
    /// and the jitter it measures; nil until a report names this side's stream.
    public var farEndLossPercent: Double?
    public var farEndJitterMilliseconds: Double?
    /// Round-trip time from the far end's LSR and DLSR (RFC 3550 §6.4.1); nil until
    /// a report echoes one of this side's SRs.
    public var roundTripMilliseconds: Double?
    /// The delay of the leg's jitter buffer, when it has one (a trunk's `jitter_buffer_ms`).
    public var jitterBufferMilliseconds: Int?
    /// E-model estimate (ITU-T G.107) for this leg.
    public var meanOpinionScore: Double = EModel.meanOpinionScore(rating: EModel.basicRating)

    public init() {}

    /// The worse of the two directions' loss: a leg sounds as bad as its worse way.
    public var worstLossPercent: Double { max(lossPercent, farEndLossPercent ?? 0) }

    /// The E-model inputs: loss is the worse direction's; the one-way delay is half the
    /// round trip, plus a jitter buffer of twice the jitter, plus the codec's own delay.
    static func estimate(lossPercent: Double, roundTripMilliseconds: Double?, jitterMilliseconds: Double,
                         codec: EModel.CodecImpairment) -> Double {
        let delay = (roundTripMilliseconds ?? 0) / 2 + 2 * jitterMilliseconds + codec.delayMilliseconds
        return EModel.meanOpinionScore(oneWayDelayMilliseconds: delay, lossPercent: lossPercent, codec: codec)
    }
}

/// One leg's figures over the whole call, for the call record.
public struct LegQualitySummary: Sendable, Hashable {
    public var reports = 0
    public var packetsReceived: UInt32 = 0
    public var packetsLost: Int32 = 0
    public var packetsSent: UInt32 = 0
    public var maximumJitterMilliseconds: Double = 0
    public var maximumLossPercent: Double = 0
    public var maximumRoundTripMilliseconds: Double?
    public var minimumMeanOpinionScore: Double?
    private var mosSum = 0.0
    private var roundTripSum = 0.0
    private var roundTripCount = 0

    public init() {}

    /// Cumulative loss of what this side received, in percent.
    public var lossPercent: Double {
        let expected = Double(packetsReceived) + Double(max(0, packetsLost))
        return expected > 0 ? 100 * Double(max(0, packetsLost)) / expected : 0
    }

    public var averageMeanOpinionScore: Double? { reports > 0 ? mosSum / Double(reports) : nil }
    public var averageRoundTripMilliseconds: Double? {
        roundTripCount > 0 ? roundTripSum / Double(roundTripCount) : nil
    }

    mutating func add(_ quality: LegQuality) {
        reports += 1
        packetsReceived = quality.packetsReceived
        packetsLost = quality.packetsLost
        packetsSent = quality.packetsSent
        maximumJitterMilliseconds = max(maximumJitterMilliseconds, quality.jitterMilliseconds)
        maximumLossPercent = max(maximumLossPercent, quality.worstLossPercent)
        if let rtt = quality.roundTripMilliseconds {
            maximumRoundTripMilliseconds = max(maximumRoundTripMilliseconds ?? 0, rtt)
            roundTripSum += rtt
            roundTripCount += 1
        }
        minimumMeanOpinionScore = min(minimumMeanOpinionScore ?? .infinity, quality.meanOpinionScore)
        mosSum += quality.meanOpinionScore
    }
}
