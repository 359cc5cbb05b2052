import Agents
import CoreTypes
import Testing

@Suite("Caller hanging up, and direct dial")
struct CallerAndDirectDialTests {
    // MARK: callerLeft

    @Test("the caller hanging up stops everyone's ringing; the agents are idle again")
    func callerLeavesWhileRinging() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob"]))
        try desk.bringOnline("alice", "bob")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.callerLeft(call: "c1", now: at(3)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .callerHungUp),
            .stopRinging(call: "c1", agent: "bob", reason: .callerHungUp),
            changed("alice", .available), changed("bob", .available),
        ])
        #expect(desk.report(of: "alice", now: at(3)) == report(.available))
        #expect(desk.nextDeadline == nil)
        #expect(desk.accept(call: "c1", agent: "alice", now: at(4)) == nil)
        // Not rung before, so rung for the next call.
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(5)).prefix(2)
            == [ring("c2", "alice"), ring("c2", "bob")])
    }

    @Test("callerLeft for an unknown or finished call does nothing")
    func callerLeftUnknown() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        try desk.bringOnline("alice")
        #expect(desk.callerLeft(call: "nope", now: at(0)) == [])
        try desk.talk("alice", on: "c1", now: at(1))
        // Answered: the call left the queue; its end is reported with callEnded.
        #expect(desk.callerLeft(call: "c1", now: at(2)) == [])
        #expect(desk.report(of: "alice", now: at(2)) == report(.available, .talking(call: "c1")))
        // callEnded by someone else, or for another call, changes nothing.
        #expect(desk.callEnded(call: "c1", agent: "bob", now: at(3)) == [])
        #expect(desk.callEnded(call: "c9", agent: "alice", now: at(3)) == [])
        #expect(desk.callEnded(call: "c1", agent: "alice", now: at(4))
            == [changed("alice", .available, .wrapUp(until: at(14)))])
        #expect(desk.callEnded(call: "c1", agent: "alice", now: at(5)) == [])
    }

    // MARK: direct dial

    @Test("direct dial by identity rings that agent alone, with no group, until maxWait")
    func directDialByIdentity() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob"]))
        try desk.bringOnline("alice", "bob")
        #expect(desk.enqueue(call: "c1", target: .agent("alice"), offer: offer, policy: QueuePolicy(maxWait: .seconds(60)),
                             now: at(0))
            == [ring("c1", "alice", group: nil), .callerHears(call: "c1", .ringback),
                changed("alice", .available, .ringing(call: "c1"))])
        #expect(desk.position(of: "c1") == nil)
        #expect(desk.nextDeadline == at(60))
        #expect(desk.advance(to: at(60)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .timeout),
            .giveUp(call: "c1", reason: .maxWait, waited: .seconds(60)),
            changed("alice", .available),
        ])
    }

    @Test("direct dial by extension; the wrap-up afterwards is the default one")
    func directDialByExtension() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob"], wrapUp: 45))
        try desk.bringOnline("alice", "bob")
        #expect(desk.enqueue(call: "c1", target: .agent("202"), offer: offer, policy: patient, now: at(0))
            == [ring("c1", "bob", group: nil), .callerHears(call: "c1", .ringback),
                changed("bob", .available, .ringing(call: "c1"))])
        #expect(desk.accept(call: "c1", agent: "bob", now: at(2))
            == [.connect(call: "c1", agent: "bob", waited: .seconds(2)), changed("bob", .available, .talking(call: "c1"))])
        #expect(desk.callEnded(call: "c1", agent: "bob", now: at(10))
            == [changed("bob", .available, .wrapUp(until: at(20)))])
    }

    @Test("direct dial to a talking agent waits for them; to an away agent gives up nobody_available")
    func directDialBusyOrAway() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob"]))
        try desk.bringOnline("alice")
        desk.bringAway("bob")
        try desk.talk("alice", on: "c1", now: at(0))
        #expect(desk.enqueue(call: "c2", target: .agent("201"), offer: offer, policy: patient, now: at(1))
            == [.callerHears(call: "c2", .waiting)])
        #expect(desk.enqueue(call: "c3", target: .agent("bob"), offer: offer, policy: patient, now: at(1))
            == [.giveUp(call: "c3", reason: .nobodyAvailable, waited: .zero)])
        // A declined direct dial has nobody else to go to.
        _ = desk.callEnded(call: "c1", agent: "alice", now: at(2))
        _ = desk.advance(to: at(12))
        #expect(desk.decline(call: "c2", agent: "alice", now: at(13)) == [
            .stopRinging(call: "c2", agent: "alice", reason: .declined),
            .giveUp(call: "c2", reason: .noAnswer, waited: .seconds(12)),
            changed("alice", .available),
        ])
    }

    @Test("direct dial to an unknown identity or extension, or an unknown group, gives up unknown_agent")
    func unknownTargets() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        try desk.bringOnline("alice")
        for (call, target) in [("c1", AgentTarget.agent("mallory")), ("c2", .agent("299")), ("c3", .group("nope"))] {
            #expect(desk.enqueue(call: call, target: target, offer: offer, policy: patient, now: at(5))
                == [.giveUp(call: call, reason: .unknownAgent, waited: .zero)])
        }
        #expect(GiveUpReason.unknownAgent.cause == "unallocated_number")
        #expect(desk.nextDeadline == nil)
        #expect(desk.report(of: "alice", now: at(5)) == report(.available))
    }
}

@Suite("an agent's own calls")
struct OwnCallTests {
    @Test("an agent on a call they placed is not rung, and is free again when it ends, without wrap-up")
    func ownCallsKeepTheAgentBusy() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"], ringTimeout: 30, wrapUp: 8))
        try desk.bringOnline("alice", "bob")
        #expect(desk.ownCallStarted(call: "out-1", agent: "alice", now: at(1))
                == [changed("alice", .available, .talking(call: "out-1"))])
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer,
                         policy: QueuePolicy(maxWait: .seconds(60)), now: at(2))
        #expect(desk.report(of: "bob", now: at(2)) == report(.available, .ringing(call: "c1")))
        #expect(desk.report(of: "alice", now: at(2)) == report(.available, .talking(call: "out-1")))
        #expect(desk.ownCallEnded(call: "out-1", agent: "alice", now: at(3)) == [changed("alice", .available)])
        #expect(desk.ownCallEnded(call: "out-1", agent: "alice", now: at(4)).isEmpty)
    }

    @Test("placing a call while ringing withdraws the offer and rings the next member")
    func placingACallWhileRinging() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"], ringTimeout: 30))
        try desk.bringOnline("alice", "bob")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer,
                         policy: QueuePolicy(maxWait: .seconds(60)), now: at(0))
        let actions = desk.ownCallStarted(call: "out-1", agent: "alice", now: at(1))
        #expect(actions.first == .stopRinging(call: "c1", agent: "alice", reason: .agentUnavailable))
        #expect(actions.contains(ring("c1", "bob")))
    }
}
