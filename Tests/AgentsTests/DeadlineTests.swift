import Agents
import CoreTypes
import Testing

@Suite("nextDeadline")
struct DeadlineTests {
    @Test("nothing queued and nobody wrapping up: no deadline")
    func none() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        #expect(desk.nextDeadline == nil)
        try desk.bringOnline("alice")
        #expect(desk.nextDeadline == nil)
    }

    @Test("a ring timeout earlier than the maximum wait")
    func ringTimeoutFirst() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"], ringTimeout: 15))
        try desk.bringOnline("alice")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer,
                         policy: QueuePolicy(maxWait: .seconds(60), announceEvery: .seconds(30)), now: at(5))
        #expect(desk.nextDeadline == at(20))
    }

    @Test("a maximum wait earlier than the ring timeout")
    func maxWaitFirst() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"], ringTimeout: 60))
        try desk.bringOnline("alice")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer,
                         policy: QueuePolicy(maxWait: .seconds(40), announceEvery: .seconds(50)), now: at(5))
        #expect(desk.nextDeadline == at(45))
    }

    @Test("an announcement earlier than the ring timeout and the maximum wait")
    func announcementFirst() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"], ringTimeout: 60))
        try desk.bringOnline("alice")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer,
                         policy: QueuePolicy(maxWait: .seconds(300), announceEvery: .seconds(10)), now: at(5))
        #expect(desk.nextDeadline == at(15))
    }

    @Test("the end of a wrap-up earlier than everything else, across calls and agents")
    func wrapUpFirst() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"], ringTimeout: 30, wrapUp: 8))
        try desk.bringOnline("alice", "bob")
        try desk.talk("alice", on: "c1", now: at(0))
        _ = desk.callEnded(call: "c1", agent: "alice", now: at(2))
        // bob rings for c2 until 33; alice wraps up until 10; c2 may wait until 63.
        _ = desk.enqueue(call: "c2", target: .group("sales"), offer: offer,
                         policy: QueuePolicy(maxWait: .seconds(60), announceEvery: .seconds(20)), now: at(3))
        #expect(desk.report(of: "bob", now: at(3)) == report(.available, .ringing(call: "c2")))
        #expect(desk.nextDeadline == at(10))

        // The wrap-up ends: alice is idle (c2 keeps ringing bob alone, in order).
        #expect(desk.advance(to: at(10)) == [changed("alice", .available)])
        #expect(desk.nextDeadline == at(23))
        // Announcements are for callers who wait with nobody ringing: c2 rings bob.
        #expect(desk.advance(to: at(23)).isEmpty)
        #expect(desk.nextDeadline == at(33))
        #expect(desk.advance(to: at(33)) == [
            .stopRinging(call: "c2", agent: "bob", reason: .timeout), ring("c2", "alice"),
            changed("alice", .available, .ringing(call: "c2")), changed("bob", .available),
        ])
        // alice rings until 63, which is also c2's maximum wait; the announcement is at 43.
        #expect(desk.nextDeadline == at(43))
    }

    @Test("the earliest among several calls")
    func earliestOfSeveralCalls() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", now: at(0))
        _ = desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: QueuePolicy(maxWait: .seconds(100)),
                         now: at(1))
        _ = desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: QueuePolicy(maxWait: .seconds(50)),
                         now: at(2))
        #expect(desk.nextDeadline == at(52))
        _ = desk.callerLeft(call: "c3", now: at(3))
        #expect(desk.nextDeadline == at(101))
    }
}
