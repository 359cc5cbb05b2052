import Agents
import CoreTypes
import Testing

@Suite("Consoles opening and closing while ringing")
struct SessionTests {
    func ringingAlice() throws -> CallDistributor {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"]))
        try desk.bringOnline("alice", "bob")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        return desk
    }

    @Test("an agent whose last console closes while ringing is skipped; the next member rings")
    func lastConsoleClosesWhileRinging() throws {
        var desk = try ringingAlice()
        #expect(desk.signOut(agent: "alice", session: 1, now: at(5)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .agentUnavailable), ring("c1", "bob"),
            changed("alice", .offline), changed("bob", .available, .ringing(call: "c1")),
        ])
        #expect(desk.accept(call: "c1", agent: "alice", now: at(6)) == nil)
        // Back with the presence she chose, but she had her turn for this call.
        #expect(desk.signIn(agent: "alice", session: 7, now: at(6)) == [changed("alice", .available)])
        #expect(desk.advance(to: at(25)) == [
            .stopRinging(call: "c1", agent: "bob", reason: .timeout),
            .giveUp(call: "c1", reason: .noAnswer, waited: .seconds(25)),
            changed("bob", .available),
        ])
    }

    @Test("a second tab of a ringing agent is offered the same call, to that tab only")
    func secondTabRings() throws {
        var desk = try ringingAlice()
        #expect(desk.signIn(agent: "alice", session: 11, now: at(2))
            == [ring("c1", "alice", session: 11)])
        #expect(desk.sessions(of: "alice") == [1, 11])
        // The ring timeout is not restarted by the new tab.
        #expect(desk.nextDeadline == at(20))
    }

    @Test("closing one of two tabs keeps the agent ringing; closing the other skips them")
    func closingOneOfTwoTabs() throws {
        var desk = try ringingAlice()
        _ = desk.signIn(agent: "alice", session: 11, now: at(1))
        #expect(desk.signOut(agent: "alice", session: 1, now: at(2)) == [])
        #expect(desk.report(of: "alice", now: at(2)) == report(.available, .ringing(call: "c1")))
        #expect(desk.sessions(of: "alice") == [11])
        #expect(desk.signOut(agent: "alice", session: 11, now: at(3)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .agentUnavailable), ring("c1", "bob"),
            changed("alice", .offline), changed("bob", .available, .ringing(call: "c1")),
        ])
    }

    @Test("the only member's console closing while ringing gives up with no_answer")
    func onlyMemberLeaves() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        try desk.bringOnline("alice")
        _ = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(0))
        #expect(desk.signOut(agent: "alice", session: 1, now: at(4)) == [
            .stopRinging(call: "c1", agent: "alice", reason: .agentUnavailable),
            .giveUp(call: "c1", reason: .noAnswer, waited: .seconds(4)),
            changed("alice", .offline),
        ])
    }

    @Test("an available agent signing in picks up a waiting call")
    func signInPicksUpWaitingCall() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"]))
        try desk.bringOnline("alice", "bob")
        try desk.talk("alice", on: "c1", now: at(0))
        _ = desk.signOut(agent: "bob", session: 2, now: at(1))
        // alice talks (a call may come to her soon): c2 waits.
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(2))
            == [.callerHears(call: "c2", .waiting)])
        // bob comes back, still available from before.
        #expect(desk.signIn(agent: "bob", session: 12, now: at(3)) == [
            ring("c2", "bob"), .callerHears(call: "c2", .ringback), changed("bob", .available, .ringing(call: "c2")),
        ])
    }
}
