import CoreTypes
import Testing
@testable import SIP

@Suite struct DeadlineIndexTests {
    func at(_ milliseconds: Int64) -> Instant { Instant(nanoseconds: milliseconds * 1_000_000) }

    @Test func earliestFollowsUpdatesAndRemovals() {
        var index = DeadlineIndex<String>()
        #expect(index.earliest == nil)
        index.update("a", deadline: at(50))
        index.update("b", deadline: at(20))
        index.update("c", deadline: at(30))
        #expect(index.earliest == at(20))
        // b moves later: its old entry is stale.
        index.update("b", deadline: at(90))
        #expect(index.earliest == at(30))
        index.update("c", deadline: nil)
        #expect(index.earliest == at(50))
    }

    @Test func takesDueKeysInOrderOnce() {
        var index = DeadlineIndex<String>()
        index.update("late", deadline: at(100))
        index.update("first", deadline: at(10))
        index.update("second", deadline: at(20))
        index.update("second", deadline: at(15))
        #expect(index.takeDue(now: at(50)) == ["first", "second"])
        #expect(index.takeDue(now: at(50)) == [])
        #expect(index.earliest == at(100))
        // A key taken and not updated again has no deadline any more.
        index.update("first", deadline: at(200))
        #expect(index.takeDue(now: at(1000)) == ["late", "first"])
        #expect(index.earliest == nil)
    }

    @Test func staysSmallUnderManyUpdates() {
        var index = DeadlineIndex<Int>()
        for round in 0..<1000 {
            for key in 0..<10 { index.update(key, deadline: at(Int64(round * 10 + key + 1))) }
        }
        #expect(index.earliest == at(9991))
        #expect(index.takeDue(now: at(1_000_000)).count == 10)
    }

    /// Thousands of finished INVITE client transactions waiting out Timer D: the next
    /// deadline and the timers that fire are still right.
    @Test func manyLingeringTransactionsKeepTheirTimers() throws {
        var layer = TransactionLayer()
        let destination = Endpoint(host: "192.0.2.9", port: 5060)
        let start = Instant(nanoseconds: 1_000_000_000)
        for index in 0..<3000 {
            let request = try TestMessages.parsedRequest(branch: "z9hG4bK-\(index)")
            _ = layer.sendRequest(request, to: destination, now: start)
        }
        #expect(layer.clientTransactionCount == 3000)
        // Timer A (T1 = 500 ms) is every transaction's first deadline.
        #expect(layer.nextDeadline == Instant(nanoseconds: start.nanoseconds + 500_000_000))
        let events = layer.advance(to: Instant(nanoseconds: start.nanoseconds + 500_000_000))
        #expect(events.count == 3000)
        #expect(layer.nextDeadline == Instant(nanoseconds: start.nanoseconds + 1_500_000_000))
    }
}
