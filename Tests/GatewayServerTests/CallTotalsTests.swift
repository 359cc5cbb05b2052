import CoreTypes
import Testing
@testable import GatewayServer

@Suite struct CallTotalsTests {
    @Test func countsCallsByDirectionAndCause() {
        var totals = CallTotals()
        totals.callStarted("a", direction: "outbound", at: .seconds(1))
        totals.callStarted("b", direction: "outbound", at: .seconds(2))
        totals.callStarted("c", direction: "inbound", at: .seconds(3))
        totals.callEnded("a", cause: "normal_clearing")
        totals.callEnded("b", cause: "user_busy")
        totals.callEnded("b", cause: "user_busy")          // once only
        totals.callEnded("unknown", cause: "user_busy")    // never started: not counted
        #expect(totals.started == ["outbound": 2, "inbound": 1])
        #expect(totals.ended == [CallTotals.EndKey(direction: "outbound", cause: "normal_clearing"): 1,
                                 CallTotals.EndKey(direction: "outbound", cause: "user_busy"): 1])
    }

    @Test func setupTimeIsObservedOnceAtTheAnswer() throws {
        var totals = CallTotals()
        totals.callStarted("a", direction: "outbound", at: .seconds(10))
        totals.callAnswered("a", at: .seconds(10) + .milliseconds(2500))
        totals.callAnswered("a", at: .seconds(20))         // a second answer changes nothing
        let setup = try #require(totals.setup["outbound"])
        #expect(setup.count == 1)
        #expect(setup.sum == 2.5)
        // Cumulative buckets: 2.5 s is above 2 and within 3.
        let index = { (bound: Double) in CallTotals.setupBuckets.firstIndex(of: bound)! }
        #expect(setup.counts[index(2)] == 0)
        #expect(setup.counts[index(3)] == 1)
        #expect(setup.counts[index(60)] == 1)
    }

    @Test func digitsByDirectionAndMethod() {
        var totals = CallTotals()
        totals.digit(direction: "from_browser", method: "rfc4733")
        totals.digit(direction: "from_browser", method: "rfc4733")
        totals.digit(direction: "to_phone", method: "info")
        #expect(totals.digits[CallTotals.DigitKey(direction: "from_browser", method: "rfc4733")] == 2)
        #expect(totals.digits[CallTotals.DigitKey(direction: "to_phone", method: "info")] == 1)
    }
}
