import Testing
@testable import GatewayServer
@testable import RTP

/// Builds whole-call summaries the way a leg's `RTCPReporter` does: one `add` per report.
private func summary(_ reports: [LegQuality]) -> LegQualitySummary {
    var summary = LegQualitySummary()
    for report in reports { summary.add(report) }
    return summary
}

private func figures(received: UInt32 = 0, lost: Int32 = 0, sent: UInt32 = 0, loss: Double = 0,
                     jitter: Double = 0, rtt: Double? = nil, mos: Double) -> LegQuality {
    var quality = LegQuality()
    quality.packetsReceived = received
    quality.packetsLost = lost
    quality.packetsSent = sent
    quality.lossPercent = loss
    quality.jitterMilliseconds = jitter
    quality.roundTripMilliseconds = rtt
    quality.meanOpinionScore = mos
    return quality
}

/// The call record's `quality` event text.
@Suite struct QualityRecordDetailTests {
    @Test func aLegWithRoundTripShowsEveryFigure() {
        let trunk = summary([
            figures(received: 745, lost: 0, sent: 750, jitter: 1.2, rtt: 10, mos: 4.45),
            figures(received: 1494, lost: 6, sent: 1498, loss: 2.1, jitter: 3.24, rtt: 15.6, mos: 4.21),
            figures(received: 1494, lost: 6, sent: 1498, jitter: 0.5, mos: 4.48),
        ])
        // MOS (4.45 + 4.21 + 4.48) / 3 = 4.38; loss 6 of 1500 = 0.4 %; RTT (10 + 15.6) / 2 = 12.8.
        #expect(trunk.recordDetail(leg: .trunk)
            == "trunk: MOS 4.38 (min 4.21), loss 0.4% (worst interval 2.1%), jitter max 3.2 ms, "
            + "RTT 12.8 ms (max 15.6 ms), 1494 packets in, 1498 out")
    }

    @Test func anUnknownRoundTripIsLeftOut() {
        let browser = summary([figures(received: 50, lost: 0, sent: 49, jitter: 7.06, mos: 4.0)])
        #expect(browser.recordDetail(leg: .browser)
            == "browser: MOS 4.00 (min 4.00), loss 0.0% (worst interval 0.0%), jitter max 7.1 ms, 50 packets in, 49 out")
    }

    @Test func aSummaryWithoutReportsHasNoMOS() {
        var empty = LegQualitySummary()
        #expect(empty.recordDetail(leg: .browser)
            == "browser: loss 0.0% (worst interval 0.0%), jitter max 0.0 ms, 0 packets in, 0 out")
        empty.packetsReceived = 30
        empty.packetsLost = 10
        #expect(empty.recordDetail(leg: .trunk)
            == "trunk: loss 25.0% (worst interval 0.0%), jitter max 0.0 ms, 30 packets in, 0 out")
    }
}

/// The running totals behind `gateway_call_mos`, the packet counters and the warnings counter.
@Suite struct QualityTotalsTests {
    @Test func bucketsAreCumulative() throws {
        var totals = QualityTotals()
        totals.ended(summary([figures(mos: 4.1), figures(mos: 4.2)]), on: .trunk)    // average 4.15
        totals.ended(summary([figures(mos: 3.2)]), on: .trunk)
        let trunk = try #require(totals.legs[.trunk])
        // Bounds 1, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.4: 3.2 is ≤ 3.5 and up, 4.15 is ≤ 4.2 and up.
        #expect(trunk.mosCounts == [0, 0, 0, 0, 1, 1, 1, 2, 2])
        #expect(trunk.mosCount == 2)
        #expect(abs(trunk.mosSum - (4.15 + 3.2)) < 1e-9)
        #expect(totals.legs[.browser] == nil)
    }

    @Test func aScoreOnABoundCountsInThatBucket() throws {
        var totals = QualityTotals()
        totals.ended(summary([figures(mos: 4.0)]), on: .browser)
        totals.ended(summary([figures(mos: 1.0)]), on: .browser)
        let browser = try #require(totals.legs[.browser])
        #expect(browser.mosCounts == [1, 1, 1, 1, 1, 1, 2, 2, 2])
        #expect(browser.mosCount == 2)
    }

    @Test func aScoreAboveTheLastBoundIsOnlyInTheTotal() throws {
        var totals = QualityTotals()
        totals.ended(summary([figures(mos: 4.45)]), on: .browser)
        let browser = try #require(totals.legs[.browser])
        #expect(browser.mosCounts == [0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(browser.mosCount == 1)
        #expect(browser.mosSum == 4.45)
    }

    @Test func packetsAddUpAndNegativeLossCountsAsNone() throws {
        var totals = QualityTotals()
        totals.ended(summary([figures(received: 1000, lost: 12, mos: 4.3)]), on: .trunk)
        totals.ended(summary([figures(received: 500, lost: -4, mos: 4.3)]), on: .trunk)
        let trunk = try #require(totals.legs[.trunk])
        #expect(trunk.packetsReceived == 1500)
        #expect(trunk.packetsLost == 12)
    }

    @Test func aSummaryWithoutReportsAddsPacketsButNoScore() throws {
        var totals = QualityTotals()
        var silent = LegQualitySummary()
        silent.packetsReceived = 40
        silent.packetsLost = 2
        totals.ended(silent, on: .browser)
        let browser = try #require(totals.legs[.browser])
        #expect(browser.packetsReceived == 40)
        #expect(browser.packetsLost == 2)
        #expect(browser.mosCount == 0)
        #expect(browser.mosSum == 0)
        #expect(browser.mosCounts == Array(repeating: 0, count: QualityTotals.mosBuckets.count))
    }

    @Test func warningsAreCountedPerLegAndKind() {
        var totals = QualityTotals()
        totals.raised(.highLoss, on: .trunk)
        totals.raised(.highLoss, on: .trunk)
        totals.raised(.highLoss, on: .browser)
        totals.raised(.lowMOS, on: .trunk)
        #expect(totals.warnings == [
            QualityTotals.WarningKey(leg: .trunk, warning: .highLoss): 2,
            QualityTotals.WarningKey(leg: .browser, warning: .highLoss): 1,
            QualityTotals.WarningKey(leg: .trunk, warning: .lowMOS): 1,
        ])
    }
}

/// `MetricsText.histogram` in the Prometheus text format.
@Suite struct MetricsHistogramTests {
    @Test func labelledSeriesGetBucketsInfSumAndCount() {
        var metrics = MetricsText()
        metrics.histogram("gateway_call_mos", help: "MOS per leg.", series: [
            ([("leg", "browser")], [1, 2.5, 4], [0, 1, 3], 4, 14.25),
            ([("leg", "trunk")], [1, 2.5, 4], [0, 0, 0], 0, 0),
        ])
        #expect(metrics.text == """
        # HELP gateway_call_mos MOS per leg.
        # TYPE gateway_call_mos histogram
        gateway_call_mos_bucket{leg="browser",le="1"} 0
        gateway_call_mos_bucket{leg="browser",le="2.5"} 1
        gateway_call_mos_bucket{leg="browser",le="4"} 3
        gateway_call_mos_bucket{leg="browser",le="+Inf"} 4
        gateway_call_mos_sum{leg="browser"} 14.25
        gateway_call_mos_count{leg="browser"} 4
        gateway_call_mos_bucket{leg="trunk",le="1"} 0
        gateway_call_mos_bucket{leg="trunk",le="2.5"} 0
        gateway_call_mos_bucket{leg="trunk",le="4"} 0
        gateway_call_mos_bucket{leg="trunk",le="+Inf"} 0
        gateway_call_mos_sum{leg="trunk"} 0
        gateway_call_mos_count{leg="trunk"} 0

        """)
    }

    @Test func aSeriesWithoutLabelsHasOnlyTheBoundLabel() {
        var metrics = MetricsText()
        metrics.histogram("latency_seconds", help: "Latency.", series: [([], [0.1, 1], [2, 5], 6, 9.5)])
        #expect(metrics.text == """
        # HELP latency_seconds Latency.
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 2
        latency_seconds_bucket{le="1"} 5
        latency_seconds_bucket{le="+Inf"} 6
        latency_seconds_sum 9.5
        latency_seconds_count 6

        """)
    }

    @Test func labelValuesAreEscaped() {
        var metrics = MetricsText()
        metrics.histogram("h", help: "H.", series: [([("leg", "a\"b")], [1], [1], 1, 1)])
        #expect(metrics.text.contains(#"h_bucket{leg="a\"b",le="1"} 1"#))
        #expect(metrics.text.contains(#"h_sum{leg="a\"b"} 1"#))
    }

    @Test func totalsFeedTheHistogramAsTheMetricsDo() {
        var totals = QualityTotals()
        totals.ended(summary([figures(mos: 3.75)]), on: .trunk)
        totals.ended(summary([figures(mos: 4.25)]), on: .trunk)
        let trunk = totals.legs[.trunk] ?? QualityTotals.Leg()
        var metrics = MetricsText()
        metrics.histogram("gateway_call_mos", help: "MOS.", series: [
            ([("leg", "trunk")], QualityTotals.mosBuckets, trunk.mosCounts, trunk.mosCount, trunk.mosSum),
        ])
        #expect(metrics.text == """
        # HELP gateway_call_mos MOS.
        # TYPE gateway_call_mos histogram
        gateway_call_mos_bucket{leg="trunk",le="1"} 0
        gateway_call_mos_bucket{leg="trunk",le="2"} 0
        gateway_call_mos_bucket{leg="trunk",le="2.5"} 0
        gateway_call_mos_bucket{leg="trunk",le="3"} 0
        gateway_call_mos_bucket{leg="trunk",le="3.5"} 0
        gateway_call_mos_bucket{leg="trunk",le="3.8"} 1
        gateway_call_mos_bucket{leg="trunk",le="4"} 1
        gateway_call_mos_bucket{leg="trunk",le="4.2"} 1
        gateway_call_mos_bucket{leg="trunk",le="4.4"} 2
        gateway_call_mos_bucket{leg="trunk",le="+Inf"} 2
        gateway_call_mos_sum{leg="trunk"} 8
        gateway_call_mos_count{leg="trunk"} 2

        """)
    }
}
