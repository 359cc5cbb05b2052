import Testing
@testable import gateway_bench

@Suite struct LoadDelayTests {
    @Test func histogramBuckets() {
        // 10 µs steps below 1 ms, 100 µs below 10 ms, 1 ms below 100 ms, 10 ms below 1 s.
        #expect(DelayHistogram.bucket(0) == 0)
        #expect(DelayHistogram.bucket(9) == 0)
        #expect(DelayHistogram.bucket(10) == 1)
        #expect(DelayHistogram.bucket(999) == 99)
        #expect(DelayHistogram.bucket(1_000) == 100)
        #expect(DelayHistogram.bucket(9_999) == 189)
        #expect(DelayHistogram.bucket(10_000) == 190)
        #expect(DelayHistogram.bucket(999_999) == 369)
        #expect(DelayHistogram.bucket(5_000_000) == 370)
        #expect(DelayHistogram.bucketCount == 371)
        #expect(DelayHistogram.upperEdge(ofBucket: 0) == 10)
        #expect(DelayHistogram.upperEdge(ofBucket: 100) == 1_100)
        #expect(DelayHistogram.upperEdge(ofBucket: 370) == 1_000_000)
    }

    @Test func quantilesOverAWindow() {
        var histogram = DelayHistogram()
        #expect(histogram.quantileMilliseconds(0.5) == nil)
        // 98 packets at 150 µs, one at 2.45 ms, one at 30.5 ms.
        for _ in 0..<98 { histogram.record(nanoseconds: 150_000) }
        histogram.record(nanoseconds: 2_450_000)
        let before = histogram
        histogram.record(nanoseconds: 30_500_000)
        #expect(histogram.total == 100)
        #expect(histogram.quantileMilliseconds(0.5) == 0.16)
        #expect(histogram.quantileMilliseconds(0.99) == 2.5)
        #expect(histogram.quantileMilliseconds(1) == 31)
        let window = histogram.since(before)
        #expect(window.total == 1)
        #expect(window.quantileMilliseconds(0.5) == 31)
        #expect((window + before).total == 100)
    }

    @Test func pairsOutputsWithTheLatestInputThenFollowsTheOffset() {
        var inputs = SendLog()
        var matcher = DelayMatcher()
        // The other leg sent 10, 11, 12 at 0, 20 and 40 ms.
        for (index, sequence) in [UInt16(10), 11, 12].enumerated() {
            inputs.record(sequence: sequence, at: Int64(index) * 20_000_000)
        }
        // The gateway's output 500 arrived 300 µs after input 12: it is input 12's.
        #expect(matcher.delay(outputSequence: 500, arrival: 40_300_000, inputs: inputs) == 300_000)
        // Later outputs keep the offset even when they arrive after a newer input was sent:
        // output 501 (input 13, sent at 60 ms) arrives 25 ms late, after input 14 went out.
        inputs.record(sequence: 13, at: 60_000_000)
        inputs.record(sequence: 14, at: 80_000_000)
        #expect(matcher.delay(outputSequence: 501, arrival: 85_000_000, inputs: inputs) == 25_000_000)
    }

    @Test func findsThePairingAgainWhenItSlips() {
        var inputs = SendLog()
        var matcher = DelayMatcher()
        inputs.record(sequence: 65_535, at: 0)
        #expect(matcher.delay(outputSequence: 7, arrival: 200_000, inputs: inputs) == 200_000)
        // Input 0 (sequence numbers wrap) comes out as 9, not 8: the offset says 9 is input 1,
        // not sent yet, so 9 is paired anew with the latest input sent before it arrived.
        inputs.record(sequence: 0, at: 20_000_000)
        #expect(matcher.delay(outputSequence: 9, arrival: 20_200_000, inputs: inputs) == 200_000)
        inputs.record(sequence: 1, at: 40_000_000)
        #expect(matcher.delay(outputSequence: 10, arrival: 40_300_000, inputs: inputs) == 300_000)
        // An output that arrived before anything was sent cannot be paired.
        var fresh = DelayMatcher()
        #expect(fresh.delay(outputSequence: 1, arrival: 5, inputs: SendLog()) == nil)
    }

    @Test func sendLogForgetsOverwrittenPackets() {
        var log = SendLog()
        log.record(sequence: 3, at: 1_000)
        #expect(log.time(of: 3) == 1_000)
        log.record(sequence: 3 + UInt16(SendLog.capacity), at: 2_000)
        #expect(log.time(of: 3) == nil)
        #expect(log.time(of: 4) == nil)
        #expect(log.latest?.time == 2_000)
    }

    @Test func residentMemoryPerCall() {
        func step(_ calls: Int, _ kilobytes: Int) -> LoadReport.Step {
            let empty = LegTotals()
            let direction = LoadReport.Direction(sender: empty, receiver: empty, calls: calls, seconds: 1)
            return LoadReport.Step(
                calls: calls, windowSeconds: 1, gatewayCPUPercentOfCore: 0, gatewayCPUMicrosecondsPerCallSecond: 0,
                gatewayCPUMicrosecondsPerCallSecondAboveIdle: 0, callsPerCoreAt70: 0, generatorCPUPercentOfCore: 0,
                gatewayResidentKilobytes: kilobytes, gatewayAllocationsPerPacket: nil, gatewayMediaThreadAllocationsPerPacket: nil,
                browserToTrunk: direction, trunkToBrowser: direction, generatorTicks: TickLateness(), udp: nil,
                gatewayReportedWorstLossPercent: 0, clean: true, generatorOnTime: true, verdict: "clean", problems: [])
        }
        // 150 KB per call over three steps, whatever the idle figure.
        let steps = [step(10, 51_500), step(20, 53_000), step(40, 56_000)]
        #expect(LoadReport.residentSlope(steps: steps, idleKilobytes: 10) == 150)
        // One step: its growth from idle.
        #expect(LoadReport.residentSlope(steps: [step(10, 52_000)], idleKilobytes: 50_000) == 200)
        #expect(LoadReport.residentSlope(steps: [step(10, 52_000)], idleKilobytes: nil) == nil)
    }
}
