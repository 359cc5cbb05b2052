import Agents
import CoreTypes
import Testing

@Suite("Queue, wrap-up, announcements and maximum wait")
struct QueueTests {
    @Test("with every member talking the caller waits; after the wrap-up the oldest call rings")
    func waitThroughWrapUp() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob"], wrapUp: 10))
        try desk.bringOnline("alice", "bob")
        try desk.talk("alice", on: "c1", now: at(1))
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(2))
            == [ring("c2", "bob"), .callerHears(call: "c2", .ringback), changed("bob", .available, .ringing(call: "c2"))])
        _ = desk.accept(call: "c2", agent: "bob", now: at(3))

        #expect(desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: patient, now: at(4))
            == [.callerHears(call: "c3", .waiting)])
        #expect(desk.enqueue(call: "c4", target: .group("sales"), offer: offer, policy: patient, now: at(5))
            == [.callerHears(call: "c4", .waiting)])
        #expect(desk.position(of: "c3") == 1)
        #expect(desk.position(of: "c4") == 2)
        #expect(desk.nextDeadline == at(304))

        #expect(desk.callEnded(call: "c1", agent: "alice", now: at(30))
            == [changed("alice", .available, .wrapUp(until: at(40)))])
        #expect(desk.report(of: "alice", now: at(39)) == report(.available, .wrapUp(until: at(40))))
        #expect(desk.nextDeadline == at(40))
        #expect(desk.advance(to: at(39)) == [])

        #expect(desk.advance(to: at(40)) == [
            ring("c3", "alice"), .callerHears(call: "c3", .ringback), changed("alice", .available, .ringing(call: "c3")),
        ])
        #expect(desk.accept(call: "c3", agent: "alice", now: at(41))
            == [.connect(call: "c3", agent: "alice", waited: .seconds(37)), changed("alice", .available, .talking(call: "c3"))])
        #expect(desk.position(of: "c4") == 1)

        // bob's call ends: after his wrap-up, c4 rings him.
        #expect(desk.callEnded(call: "c2", agent: "bob", now: at(50))
            == [changed("bob", .available, .wrapUp(until: at(60)))])
        #expect(desk.advance(to: at(60)) == [
            ring("c4", "bob"), .callerHears(call: "c4", .ringback), changed("bob", .available, .ringing(call: "c4")),
        ])
    }

    @Test("two waiting calls are offered in the order they arrived")
    func arrivalOrder() throws {
        var desk = distributor(group("support", .inOrder, ["alice"], wrapUp: 10))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", in: .group("support"), now: at(0))
        // Keys sort the other way round from arrival: order must come from arrival.
        #expect(desk.enqueue(call: "z-first", target: .group("support"), offer: offer, policy: patient, now: at(2))
            == [.callerHears(call: "z-first", .waiting)])
        #expect(desk.enqueue(call: "a-second", target: .group("support"), offer: offer, policy: patient, now: at(3))
            == [.callerHears(call: "a-second", .waiting)])
        #expect(desk.position(of: "z-first") == 1)
        #expect(desk.position(of: "a-second") == 2)

        _ = desk.callEnded(call: "c1", agent: "alice", now: at(10))
        #expect(desk.advance(to: at(20)) == [
            ring("z-first", "alice", group: "support"), .callerHears(call: "z-first", .ringback),
            changed("alice", .available, .ringing(call: "z-first")),
        ])
        // She declines it: the first call has no one left and gives up; the second rings her.
        #expect(desk.decline(call: "z-first", agent: "alice", now: at(21)) == [
            .stopRinging(call: "z-first", agent: "alice", reason: .declined),
            .giveUp(call: "z-first", reason: .noAnswer, waited: .seconds(19)),
            ring("a-second", "alice", group: "support"), .callerHears(call: "a-second", .ringback),
            changed("alice", .available, .ringing(call: "a-second")),
        ])
        #expect(desk.position(of: "a-second") == 1)
    }

    @Test("a call waits while the only free-soon member rings for an older call, and rings them next")
    func waitsForAgentRingingElsewhere() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try desk.bringOnline("alice")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(1))
            == [.callerHears(call: "c2", .waiting)])
        #expect(desk.callerLeft(call: "c1", now: at(2)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .callerHungUp),
            ring("c2", "alice"), .callerHears(call: "c2", .ringback),
            changed("alice", .available, .ringing(call: "c2")),
        ])
    }

    @Test("a call that rang out waits again for a member who is talking, then rings them")
    func ringingBackToWaiting() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"], wrapUp: 0))
        try desk.bringOnline("alice", "bob")
        try desk.talk("bob", on: "c0", in: .agent("bob"), now: at(0))
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(1)).first
            == ring("c1", "alice"))
        #expect(desk.advance(to: at(21)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .timeout), .callerHears(call: "c1", .waiting),
            changed("alice", .available),
        ])
        // The direct call had the default wrap-up (10 s), not the group's.
        #expect(desk.callEnded(call: "c0", agent: "bob", now: at(30))
            == [changed("bob", .available, .wrapUp(until: at(40)))])
        #expect(desk.advance(to: at(40)) == [
            ring("c1", "bob"), .callerHears(call: "c1", .ringback), changed("bob", .available, .ringing(call: "c1")),
        ])
    }

    @Test("the wrap-up is that of the group the call came through")
    func wrapUpOfTheCallsGroup() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"], wrapUp: 30),
                               group("support", .inOrder, ["alice"], wrapUp: 5))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", in: .group("support"), now: at(0))
        #expect(desk.callEnded(call: "c1", agent: "alice", now: at(10))
            == [changed("alice", .available, .wrapUp(until: at(15)))])
        #expect(desk.advance(to: at(15)) == [changed("alice", .available)])
        try desk.talk("alice", on: "c2", in: .group("sales"), now: at(16))
        #expect(desk.callEnded(call: "c2", agent: "alice", now: at(20))
            == [changed("alice", .available, .wrapUp(until: at(50)))])
    }

    @Test("positions are announced at the configured interval, 1 for the next call, 2 behind it")
    func positionAnnouncements() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", now: at(0))
        let announcing = QueuePolicy(maxWait: .seconds(300), announceEvery: .seconds(30))
        _ = desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: announcing, now: at(0))
        _ = desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: announcing, now: at(10))
        #expect(desk.nextDeadline == at(30))
        #expect(desk.advance(to: at(29)) == [])

        #expect(desk.advance(to: at(30)) == [.announcePosition(call: "c2", position: 1)])
        #expect(desk.nextDeadline == at(40))
        #expect(desk.advance(to: at(40)) == [.announcePosition(call: "c3", position: 2)])
        #expect(desk.nextDeadline == at(60))
        #expect(desk.advance(to: at(60)) == [.announcePosition(call: "c2", position: 1)])

        // c2 hangs up: c3 moves up.
        #expect(desk.callerLeft(call: "c2", now: at(65)) == [])
        #expect(desk.nextDeadline == at(70))
        #expect(desk.advance(to: at(70)) == [.announcePosition(call: "c3", position: 1)])
        #expect(desk.nextDeadline == at(100))
    }

    @Test("calls without announcements are never announced")
    func noAnnouncements() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", now: at(0))
        _ = desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.nextDeadline == at(300))
        #expect(desk.advance(to: at(299)) == [])
    }

    @Test("maxWait gives up on a ringing call and stops its ringing with timeout")
    func maxWaitWhileRinging() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob"], ringTimeout: 60))
        try desk.bringOnline("alice", "bob")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: QueuePolicy(maxWait: .seconds(30)),
                         now: at(0))
        #expect(desk.nextDeadline == at(30))
        #expect(desk.advance(to: at(30)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .timeout),
            .stopRinging(call: "c1", agent: "bob", reason: .timeout),
            .giveUp(call: "c1", reason: .maxWait, waited: .seconds(30)),
            changed("alice", .available), changed("bob", .available),
        ])
        #expect(GiveUpReason.maxWait.cause == "no_answer")
        #expect(desk.accept(call: "c1", agent: "alice", now: at(31)) == nil)
        #expect(desk.nextDeadline == nil)
    }

    @Test("maxWait gives up on a waiting call; the agent freed by it rings the next call")
    func maxWaitWhileWaiting() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"], ringTimeout: 60))
        try desk.bringOnline("alice")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: QueuePolicy(maxWait: .seconds(30)),
                         now: at(0))
        _ = desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: QueuePolicy(maxWait: .seconds(20)),
                         now: at(5))
        // c2 only waited: its maximum wait comes first.
        #expect(desk.nextDeadline == at(25))
        #expect(desk.advance(to: at(25)) == [.giveUp(call: "c2", reason: .maxWait, waited: .seconds(20))])

        _ = desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: patient, now: at(26))
        #expect(desk.advance(to: at(30)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .timeout),
            .giveUp(call: "c1", reason: .maxWait, waited: .seconds(30)),
            ring("c3", "alice"), .callerHears(call: "c3", .ringback),
            changed("alice", .available, .ringing(call: "c3")),
        ])
    }

    @Test("a waiting call whose members all leave gives up with nobody_available")
    func waitingCallLosesEveryone() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", now: at(0))
        _ = desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(1))
        #expect(try desk.setPresence(.busy, agent: "alice", now: at(5)) == [
            .giveUp(call: "c2", reason: .nobodyAvailable, waited: .seconds(4)),
            changed("alice", .busy, .talking(call: "c1")),
        ])
    }
}
