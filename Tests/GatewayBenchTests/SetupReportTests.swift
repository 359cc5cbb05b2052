import Testing
@testable import gateway_bench

@Suite struct SetupReportTests {
    @Test func quantilesAndRates() {
        let millisecond: Int64 = 1_000_000
        var calls: [SignalingCall.Progress] = (1...100).map { index in
            var call = SignalingCall.Progress()
            call.placedAt = 0
            call.connectedAt = Int64(index) * millisecond
            call.hangupAt = Int64(index) * millisecond
            call.closedAt = Int64(index) * millisecond + 2 * millisecond
            return call
        }
        var failed = SignalingCall.Progress()
        failed.placedAt = 0
        failed.problem = "ended: no_answer"
        calls.append(failed)
        let step = SetupReport.Step(rate: 50, calls: calls, placingSeconds: 2, elapsedSeconds: 4, gatewayCPUSeconds: 1)
        #expect(step.placed == 101)
        #expect(step.connected == 100)
        #expect(step.firstProblem == "ended: no_answer")
        #expect(step.achievedRate == 50)
        #expect(step.setupP50Milliseconds == 50)
        #expect(step.setupP99Milliseconds == 99)
        #expect(step.setupMaxMilliseconds == 100)
        #expect(step.teardownP50Milliseconds == 2)
        #expect(step.gatewayCPUMillisecondsPerCall == 10)
        #expect(step.gatewayCPUPercentOfCore == 25)
    }
}
