import Agents
import CoreTypes
import Testing

@Suite("ring_all")
struct RingAllTests {
    /// alice and bob available, carol signed in but away, dave offline.
    func salesDesk() throws -> CallDistributor {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob", "carol", "dave"]))
        try desk.bringOnline("alice", "bob")
        desk.bringAway("carol")
        return desk
    }

    @Test("every free member rings; the first to accept gets the call, the others are told")
    func firstAcceptWins() throws {
        var desk = try salesDesk()
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0)) == [
            ring("c1", "alice"), ring("c1", "bob"), .callerHears(call: "c1", .ringback),
            changed("alice", .available, .ringing(call: "c1")), changed("bob", .available, .ringing(call: "c1")),
        ])
        #expect(desk.position(of: "c1") == 1)

        #expect(desk.accept(call: "c1", agent: "bob", now: at(4)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .answeredElsewhere),
            .connect(call: "c1", agent: "bob", waited: .seconds(4)),
            changed("alice", .available), changed("bob", .available, .talking(call: "c1")),
        ])
        #expect(desk.report(of: "bob", now: at(4)) == report(.available, .talking(call: "c1")))
        #expect(desk.position(of: "c1") == nil)
        #expect(desk.nextDeadline == nil)

        // Too late, and not twice.
        #expect(desk.accept(call: "c1", agent: "alice", now: at(5)) == nil)
        #expect(desk.accept(call: "c1", agent: "bob", now: at(5)) == nil)
        #expect(desk.decline(call: "c1", agent: "alice", now: at(5)) == nil)
    }

    @Test("an agent who was never rung for a call cannot accept it")
    func acceptWithoutRinging() throws {
        var desk = try salesDesk()
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.accept(call: "c1", agent: "carol", now: at(1)) == nil)
        #expect(desk.accept(call: "nope", agent: "alice", now: at(1)) == nil)
        #expect(desk.decline(call: "c1", agent: "carol", now: at(1)) == nil)
        #expect(desk.report(of: "alice", now: at(1)) == report(.available, .ringing(call: "c1")))
    }

    @Test("declines leave the others ringing; the last decline gives up with no_answer")
    func everyoneDeclines() throws {
        var desk = try salesDesk()
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.decline(call: "c1", agent: "alice", now: at(2)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .declined), changed("alice", .available),
        ])
        #expect(desk.decline(call: "c1", agent: "bob", now: at(6)) == [
            .stopRinging(call: "c1", agent: "bob", reason: .declined),
            .giveUp(call: "c1", reason: .noAnswer, waited: .seconds(6)),
            changed("bob", .available),
        ])
        #expect(GiveUpReason.noAnswer.cause == "no_answer")
        #expect(RingEnd.declined.rawValue == "declined_elsewhere")
    }

    @Test("the ring timeout ends everyone's ringing at once")
    func ringTimeout() throws {
        var desk = try salesDesk()
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.nextDeadline == at(20))
        #expect(desk.advance(to: at(19)) == [])
        #expect(desk.advance(to: at(20)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .timeout),
            .stopRinging(call: "c1", agent: "bob", reason: .timeout),
            .giveUp(call: "c1", reason: .noAnswer, waited: .seconds(20)),
            changed("alice", .available), changed("bob", .available),
        ])
        #expect(desk.nextDeadline == nil)
    }

    @Test("a member who becomes available while the call rings is rung too, with their own timeout")
    func lateJoiner() throws {
        var desk = try salesDesk()
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(try desk.setPresence(.available, agent: "carol", now: at(5))
            == [ring("c1", "carol"), changed("carol", .available, .ringing(call: "c1"))])
        #expect(desk.advance(to: at(20)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .timeout),
            .stopRinging(call: "c1", agent: "bob", reason: .timeout),
            changed("alice", .available), changed("bob", .available),
        ])
        #expect(desk.nextDeadline == at(25))
        #expect(desk.accept(call: "c1", agent: "carol", now: at(24))
            == [.connect(call: "c1", agent: "carol", waited: .seconds(24)), changed("carol", .available, .talking(call: "c1"))])
    }

    @Test("nobody available in the group: gives up at once with nobody_available (user_busy)")
    func nobodyAvailable() throws {
        var desk = distributor(group("sales", .ringAll, ["alice", "bob", "carol"]))
        desk.bringAway("alice")
        _ = desk.signIn(agent: "bob", session: 2, now: at(0))
        _ = try desk.setPresence(.busy, agent: "bob", now: at(0))
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(3))
            == [.giveUp(call: "c1", reason: .nobodyAvailable, waited: .zero)])
        #expect(GiveUpReason.nobodyAvailable.cause == "user_busy")
        #expect(desk.position(of: "c1") == nil)
        #expect(desk.nextDeadline == nil)
    }
}
