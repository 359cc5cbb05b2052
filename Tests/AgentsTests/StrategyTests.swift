import Agents
import CoreTypes
import Testing

@Suite("in_order, round_robin and longest_idle")
struct StrategyTests {
    // MARK: in_order

    @Test("in_order: a decline rings the next member, a ring timeout moves on, all tried gives up no_answer")
    func inOrderWalksTheList() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob", "carol"]))
        try desk.bringOnline("alice", "bob", "carol")
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
            == [ring("c1", "alice"), .callerHears(call: "c1", .ringback), changed("alice", .available, .ringing(call: "c1"))])

        #expect(desk.decline(call: "c1", agent: "alice", now: at(3)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .declined), ring("c1", "bob"),
            changed("alice", .available), changed("bob", .available, .ringing(call: "c1")),
        ])
        // Declined once: not again.
        #expect(desk.decline(call: "c1", agent: "alice", now: at(4)) == nil)
        #expect(desk.nextDeadline == at(23))

        #expect(desk.advance(to: at(23)) == [
            .stopRinging(call: "c1", agent: "bob", reason: .timeout), ring("c1", "carol"),
            changed("bob", .available), changed("carol", .available, .ringing(call: "c1")),
        ])
        #expect(desk.advance(to: at(43)) == [
            .stopRinging(call: "c1", agent: "carol", reason: .timeout),
            .giveUp(call: "c1", reason: .noAnswer, waited: .seconds(43)),
            changed("carol", .available),
        ])
        #expect(desk.nextDeadline == nil)
    }

    @Test("in_order skips members who are away, busy or offline")
    func inOrderSkipsUnavailable() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob", "carol", "dave"]))
        desk.bringAway("alice")
        _ = desk.signIn(agent: "bob", session: 2, now: at(0))
        _ = try desk.setPresence(.busy, agent: "bob", now: at(0))
        try desk.bringOnline("carol")
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(1))
            == [ring("c1", "carol"), .callerHears(call: "c1", .ringback), changed("carol", .available, .ringing(call: "c1"))])
        // carol was the only one who could take it.
        #expect(desk.decline(call: "c1", agent: "carol", now: at(2)) == [
            .stopRinging(call: "c1", agent: "carol", reason: .declined),
            .giveUp(call: "c1", reason: .noAnswer, waited: .seconds(1)),
            changed("carol", .available),
        ])
    }

    @Test("in_order with everyone away or offline gives up at once with nobody_available")
    func inOrderNobodyAvailable() {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"]))
        desk.bringAway("alice")
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(7))
            == [.giveUp(call: "c1", reason: .nobodyAvailable, waited: .zero)])
        #expect(GiveUpReason.nobodyAvailable.cause == "user_busy")
        #expect(desk.report(of: "alice", now: at(7)) == report(.away))
    }

    @Test("going away while ringing withdraws the offer and rings the next member")
    func awayWhileRinging() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"]))
        try desk.bringOnline("alice", "bob")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(try desk.setPresence(.away, agent: "alice", now: at(2)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .agentUnavailable), ring("c1", "bob"),
            changed("alice", .away), changed("bob", .available, .ringing(call: "c1")),
        ])
        // Back to available: already tried for this call, so not rung again.
        #expect(try desk.setPresence(.available, agent: "alice", now: at(3)) == [changed("alice", .available)])
    }

    // MARK: round_robin

    @Test("round_robin starts after the member offered the previous call, across calls")
    func roundRobinRotates() throws {
        var desk = distributor(group("sales", .roundRobin, ["alice", "bob", "carol"], wrapUp: 0))
        try desk.bringOnline("alice", "bob", "carol")
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0)).first
            == ring("c1", "alice"))
        #expect(desk.accept(call: "c1", agent: "alice", now: at(1)) != nil)
        // No wrap-up in this group: idle at once.
        #expect(desk.callEnded(call: "c1", agent: "alice", now: at(2)) == [changed("alice", .available)])

        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(3)).first
            == ring("c2", "bob"))
        _ = desk.callerLeft(call: "c2", now: at(4))
        #expect(desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: patient, now: at(5)).first
            == ring("c3", "carol"))
        _ = desk.callerLeft(call: "c3", now: at(6))
        #expect(desk.enqueue(call: "c4", target: .group("sales"), offer: offer, policy: patient, now: at(7)).first
            == ring("c4", "alice"))
    }

    @Test("round_robin passes over members who cannot take the call and moves on after a decline")
    func roundRobinSkipsAndMovesOn() throws {
        var desk = distributor(group("sales", .roundRobin, ["alice", "bob", "carol"], wrapUp: 0))
        try desk.bringOnline("alice", "bob", "carol")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        _ = desk.callerLeft(call: "c1", now: at(1))
        _ = try desk.setPresence(.away, agent: "bob", now: at(1))
        // Next after alice is bob, who is away: carol.
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(2)).first
            == ring("c2", "carol"))
        // carol declines: on to the member after her, alice.
        #expect(desk.decline(call: "c2", agent: "carol", now: at(3)) == [
            .stopRinging(call: "c2", agent: "carol", reason: .declined), ring("c2", "alice"),
            changed("alice", .available, .ringing(call: "c2")), changed("carol", .available),
        ])
        _ = desk.callerLeft(call: "c2", now: at(4))
        _ = try desk.setPresence(.available, agent: "bob", now: at(4))
        #expect(desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: patient, now: at(5)).first
            == ring("c3", "bob"))
    }

    @Test("round_robin keeps one rotation per group")
    func roundRobinPerGroup() throws {
        var desk = distributor(group("sales", .roundRobin, ["alice", "bob"], wrapUp: 0),
                               group("support", .roundRobin, ["alice", "bob"], wrapUp: 0))
        try desk.bringOnline("alice", "bob")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        _ = desk.callerLeft(call: "c1", now: at(1))
        // sales went to alice; support has not rung anyone yet, so it starts at alice too.
        #expect(desk.enqueue(call: "c2", target: .group("support"), offer: offer, policy: patient, now: at(2)).first
            == ring("c2", "alice", group: "support"))
    }

    // MARK: longest_idle

    @Test("longest_idle picks whose last call ended longest ago, not the member order")
    func longestIdleByCallEnd() throws {
        var desk = distributor(group("sales", .longestIdle, ["alice", "bob", "carol"], wrapUp: 0))
        try desk.bringOnline("alice", "bob", "carol")
        // Never called, all tied: member order.
        try desk.talk("alice", on: "c1", now: at(1))
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(2)).first
            == ring("c2", "bob"))
        _ = desk.accept(call: "c2", agent: "bob", now: at(2))
        try desk.talk("carol", on: "c3", now: at(3))
        // The calls end in reverse order.
        _ = desk.callEnded(call: "c3", agent: "carol", now: at(10))
        _ = desk.callEnded(call: "c2", agent: "bob", now: at(11))
        _ = desk.callEnded(call: "c1", agent: "alice", now: at(12))

        #expect(desk.enqueue(call: "c4", target: .group("sales"), offer: offer, policy: patient, now: at(13)).first
            == ring("c4", "carol"))
        _ = desk.accept(call: "c4", agent: "carol", now: at(13))
        #expect(desk.enqueue(call: "c5", target: .group("sales"), offer: offer, policy: patient, now: at(14)).first
            == ring("c5", "bob"))
        // bob declines: the next longest idle, alice.
        #expect(desk.decline(call: "c5", agent: "bob", now: at(15))?.dropFirst().first == ring("c5", "alice"))
    }

    @Test("longest_idle rings an agent who never had a call before those who had one, even if they signed in later")
    func longestIdleNeverCalledFirst() throws {
        var desk = distributor(group("sales", .longestIdle, ["alice", "bob", "carol", "dave"], wrapUp: 0))
        try desk.bringOnline("alice", "bob")
        try desk.talk("alice", on: "c1", now: at(1))
        _ = desk.callEnded(call: "c1", agent: "alice", now: at(5))
        // bob has had no call: he goes first, ahead of alice.
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(6)).first
            == ring("c2", "bob"))
        _ = desk.callerLeft(call: "c2", now: at(7))

        // carol and dave sign in long after alice's call ended; neither has had a call, so
        // both come before alice, and between them the member order decides.
        try desk.bringOnline("dave", now: at(100))
        try desk.bringOnline("carol", now: at(200))
        #expect(desk.enqueue(call: "c3", target: .group("sales"), offer: offer, policy: patient, now: at(201)).first
            == ring("c3", "bob"))
        #expect(desk.decline(call: "c3", agent: "bob", now: at(202))?.dropFirst().first == ring("c3", "carol"))
        #expect(desk.decline(call: "c3", agent: "carol", now: at(203))?.dropFirst().first == ring("c3", "dave"))
        #expect(desk.decline(call: "c3", agent: "dave", now: at(204))?.dropFirst().first == ring("c3", "alice"))
    }
}
