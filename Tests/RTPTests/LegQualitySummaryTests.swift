import Testing
@testable import RTP

/// The whole-call figures of one leg: cumulative counts come from the latest report,
/// extremes and averages from every report.
struct LegQualitySummaryTests {
    private func figures(received: UInt32, lost: Int32, sent: UInt32, loss: Double = 0, farEndLoss: Double? = nil,
                         jitter: Double = 0, rtt: Double? = nil, mos: Double) -> LegQuality {
        var quality = LegQuality()
        quality.packetsReceived = received
        quality.packetsLost = lost
        quality.packetsSent = sent
        quality.lossPercent = loss
        quality.farEndLossPercent = farEndLoss
        quality.jitterMilliseconds = jitter
        quality.roundTripMilliseconds = rtt
        quality.meanOpinionScore = mos
        return quality
    }

    /// Three intervals: clean, lossy with a far-end report, and a recovery.
    private func threeIntervals() -> LegQualitySummary {
        var summary = LegQualitySummary()
        summary.add(figures(received: 100, lost: 0, sent: 100, jitter: 2.5, mos: 4.4))
        summary.add(figures(received: 190, lost: 10, sent: 200, loss: 5, farEndLoss: 8, jitter: 7.5, rtt: 20, mos: 3.9))
        summary.add(figures(received: 290, lost: 10, sent: 300, jitter: 4, rtt: 40, mos: 4.1))
        return summary
    }

    @Test func anEmptySummaryHasNoAveragesAndNoLoss() {
        let summary = LegQualitySummary()
        #expect(summary.reports == 0)
        #expect(summary.lossPercent == 0)
        #expect(summary.averageMeanOpinionScore == nil)
        #expect(summary.minimumMeanOpinionScore == nil)
        #expect(summary.averageRoundTripMilliseconds == nil)
        #expect(summary.maximumRoundTripMilliseconds == nil)
        #expect(summary.maximumJitterMilliseconds == 0)
        #expect(summary.maximumLossPercent == 0)
    }

    @Test func countsAreTheLatestReportsAndNotASum() {
        let summary = threeIntervals()
        #expect(summary.reports == 3)
        #expect(summary.packetsReceived == 290)
        #expect(summary.packetsLost == 10)
        #expect(summary.packetsSent == 300)
    }

    @Test func lossPercentIsLostOverExpectedFromTheCumulativeCounts() {
        let summary = threeIntervals()
        // 10 lost of 290 + 10 = 300 expected, whatever the intervals' own percentages were.
        #expect(abs(summary.lossPercent - 10.0 / 3.0) < 1e-12)
        // The worst interval is the worse direction's: the far end's 8 % beats our 5 %.
        #expect(summary.maximumLossPercent == 8)
    }

    @Test func duplicatesMakingTheCumulativeLossNegativeCountAsNoLoss() {
        var summary = LegQualitySummary()
        summary.add(figures(received: 50, lost: -3, sent: 50, mos: 4.4))
        #expect(summary.packetsLost == -3)
        #expect(summary.lossPercent == 0)
    }

    @Test func averagesAndExtremesCoverEveryReport() throws {
        let summary = threeIntervals()
        #expect(summary.maximumJitterMilliseconds == 7.5)
        #expect(summary.minimumMeanOpinionScore == 3.9)
        let mos = try #require(summary.averageMeanOpinionScore)
        #expect(abs(mos - (4.4 + 3.9 + 4.1) / 3) < 1e-12)
        // The round trip averages only the reports that knew it: (20 + 40) / 2.
        #expect(summary.averageRoundTripMilliseconds == 30)
        #expect(summary.maximumRoundTripMilliseconds == 40)
    }

    @Test func aLaterSmallerRoundTripKeepsTheMaximum() {
        var summary = LegQualitySummary()
        summary.add(figures(received: 10, lost: 0, sent: 10, rtt: 80, mos: 4.3))
        summary.add(figures(received: 20, lost: 0, sent: 20, rtt: 10, mos: 4.4))
        summary.add(figures(received: 30, lost: 0, sent: 30, rtt: nil, mos: 4.4))
        #expect(summary.maximumRoundTripMilliseconds == 80)
        #expect(summary.averageRoundTripMilliseconds == 45)
        #expect(summary.minimumMeanOpinionScore == 4.3)
    }

    @Test func theReporterFeedsItsSummaryOncePerReport() throws {
        let ms: Int64 = 1_000_000
        var leg = RTCPReporter(localSSRC: 1, cname: "gw@test", clockRate: 8000, codec: .g711,
                               ntp: NTPClock(unixNanoseconds: 1_700_000_000_000_000_000, atMonotonic: 0))
        for index in 0..<50 {
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 1000 * ms)
        for index in 50..<80 {
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 2000 * ms)
        let summary = leg.summary
        #expect(summary.reports == 2)
        #expect(summary.packetsSent == 80)
        #expect(summary.packetsReceived == 0)
        #expect(summary.lossPercent == 0)
        #expect(summary.averageRoundTripMilliseconds == nil)
        // Nothing impaired but the codec's 20 ms: R = 93.2 − 0.024·20 = 92.72, MOS ≈ 4.3998
        // in both intervals (G.107 Annex B).
        #expect(abs(try #require(summary.minimumMeanOpinionScore) - 4.3998) < 0.0001)
        #expect(abs(try #require(summary.averageMeanOpinionScore) - 4.3998) < 0.0001)
    }

    @Test func theSummaryKeepsCountingAcrossANewLocalStream() {
        let ms: Int64 = 1_000_000
        var leg = RTCPReporter(localSSRC: 1, cname: "gw@test", clockRate: 8000, codec: .g711,
                               ntp: NTPClock(unixNanoseconds: 1_700_000_000_000_000_000, atMonotonic: 0))
        for index in 0..<50 {
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 1000 * ms)
        // The browser came back on a new peer connection: a new SSRC toward it.
        leg.restart(localSSRC: 2)
        for index in 0..<10 {
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: 2000 * ms + Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 3000 * ms)
        // The live figures are the new stream's; the whole call sent 60 packets.
        #expect(leg.quality.packetsSent == 10)
        #expect(leg.summary.packetsSent == 60)
    }
}

/// A leg's summary counts the whole call even when a stream starts afresh.
struct LegQualitySummaryAcrossStreamsTests {
    private let ms: Int64 = 1_000_000

    private func reporter() -> RTCPReporter {
        RTCPReporter(localSSRC: 1, cname: "gw@test", clockRate: 8000, codec: .g711,
                     ntp: NTPClock(unixNanoseconds: 1_700_000_000_000_000_000, atMonotonic: 0))
    }

    @Test func aNewFarEndSourceKeepsTheEarlierSourcesCounts() {
        var leg = reporter()
        // SSRC 3: packets 0..<30 but 10; the first one is probation (RFC 3550 A.1), so 28 count.
        for index in 0..<30 where index != 10 {
            leg.received(ssrc: 3, sequenceNumber: UInt16(100 + index), timestamp: UInt32(index * 160),
                         nowNanoseconds: Int64(index) * 20 * ms)
            // A report mid-stream: what arrives after it still counts once the stream ends.
            if index == 15 { _ = leg.makeReport(nowNanoseconds: Int64(index) * 20 * ms + ms) }
        }
        // The far end restarts with SSRC 4: 20 packets, 19 counted.
        for index in 0..<20 {
            leg.received(ssrc: 4, sequenceNumber: UInt16(7000 + index), timestamp: UInt32(index * 160),
                         nowNanoseconds: 1000 * ms + Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 2000 * ms)
        #expect(leg.quality.packetsReceived == 19)
        #expect(leg.quality.packetsLost == 0)
        #expect(leg.summary.packetsReceived == 28 + 19)
        #expect(leg.summary.packetsLost == 1)
        #expect(abs(leg.summary.lossPercent - 100.0 / 48) < 1e-12)
    }

    @Test func aRestartCarriesBothDirectionsCounts() {
        var leg = reporter()
        for index in 0..<40 {
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: Int64(index) * 20 * ms)
            leg.received(ssrc: 9, sequenceNumber: UInt16(index), timestamp: UInt32(index * 160),
                         nowNanoseconds: Int64(index) * 20 * ms)
        }
        // No report before the restart: the summary still learns of those 40 and 39.
        leg.restart(localSSRC: 2)
        for index in 0..<5 {
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: 1000 * ms + Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 2000 * ms)
        #expect(leg.quality.packetsSent == 5)
        #expect(leg.quality.packetsReceived == 0)
        #expect(leg.summary.packetsSent == 45)
        #expect(leg.summary.packetsReceived == 39)
        #expect(leg.summary.reports == 1)
    }
}
