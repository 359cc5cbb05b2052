import Agents
import CoreTypes
import Testing

@Suite("Sign-in and presence")
struct PresenceTests {
    @Test("an agent starts away on sign-in and goes offline when the last console closes")
    func signInAndOut() {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        #expect(desk.isAgent("alice"))
        #expect(desk.report(of: "alice", now: at(0)) == report(.offline))

        #expect(desk.signIn(agent: "alice", session: 1, now: at(0)) == [changed("alice", .away)])
        #expect(desk.sessions(of: "alice") == [1])
        #expect(desk.report(of: "alice", now: at(0)) == report(.away))

        // A second tab changes nothing others see.
        #expect(desk.signIn(agent: "alice", session: 11, now: at(1)) == [])
        #expect(desk.signOut(agent: "alice", session: 1, now: at(2)) == [])
        #expect(desk.sessions(of: "alice") == [11])

        #expect(desk.signOut(agent: "alice", session: 11, now: at(3)) == [changed("alice", .offline)])
        #expect(desk.sessions(of: "alice").isEmpty)
        // A session that is not open closes nothing.
        #expect(desk.signOut(agent: "alice", session: 11, now: at(4)) == [])
    }

    @Test("someone not on the roster is no agent: no sessions, no presence")
    func notAnAgent() {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        #expect(!desk.isAgent("mallory"))
        #expect(desk.hasAgents)
        #expect(desk.signIn(agent: "mallory", session: 9, now: at(0)) == [])
        #expect(desk.sessions(of: "mallory").isEmpty)
        #expect(desk.report(of: "mallory", now: at(0)) == nil)
        #expect(throws: PresenceRefusal.notAnAgent) {
            try desk.setPresence(.available, agent: "mallory", now: at(1))
        }
        #expect(!CallDistributor(agents: [], groups: [], defaultRingTimeout: .seconds(20),
                                 defaultWrapUp: .seconds(10)).hasAgents)
    }

    @Test("each presence change is reported once; choosing the same presence again is a no-op")
    func changesReportedOnce() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        _ = desk.signIn(agent: "alice", session: 1, now: at(0))
        #expect(try desk.setPresence(.available, agent: "alice", now: at(1)) == [changed("alice", .available)])
        #expect(try desk.setPresence(.available, agent: "alice", now: at(2)) == [])
        #expect(try desk.setPresence(.busy, agent: "alice", now: at(3)) == [changed("alice", .busy)])
        #expect(try desk.setPresence(.busy, agent: "alice", now: at(4)) == [])
        #expect(try desk.setPresence(.offline, agent: "alice", now: at(5)) == [changed("alice", .offline)])
        #expect(try desk.setPresence(.away, agent: "alice", now: at(6)) == [changed("alice", .away)])
    }

    @Test("the chosen presence survives a reconnect; without a console the agent shows offline")
    func presenceKeptAcrossReconnect() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        try desk.bringOnline("alice")
        #expect(desk.signOut(agent: "alice", session: 1, now: at(1)) == [changed("alice", .offline)])
        // Chosen while offline: remembered, but still offline to others.
        #expect(try desk.setPresence(.busy, agent: "alice", now: at(2)) == [])
        #expect(desk.report(of: "alice", now: at(2)) == report(.offline))
        #expect(desk.signIn(agent: "alice", session: 5, now: at(3)) == [changed("alice", .busy)])
    }

    @Test("the 11th change within 10 s is refused and changes nothing; allowed again after the window")
    func rateLimited() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        _ = desk.signIn(agent: "alice", session: 1, now: at(0))
        // Ten changes, one a second: available, away, available, … ending away.
        for second in 0..<10 {
            let presence: Presence = second.isMultiple(of: 2) ? .available : .away
            #expect(try desk.setPresence(presence, agent: "alice", now: at(Int64(second)))
                == [changed("alice", presence)])
        }
        #expect(throws: PresenceRefusal.rateLimited) {
            try desk.setPresence(.available, agent: "alice", now: atMs(9_500))
        }
        #expect(desk.report(of: "alice", now: atMs(9_500)) == report(.away))
        // Repeating the current presence is no change, so it is not refused.
        #expect(try desk.setPresence(.away, agent: "alice", now: atMs(9_600)) == [])

        // At 10 s the change made at 0 s leaves the window: one more is allowed, then the
        // window (1 s … 10 s) is full again.
        #expect(try desk.setPresence(.available, agent: "alice", now: at(10)) == [changed("alice", .available)])
        #expect(throws: PresenceRefusal.rateLimited) {
            try desk.setPresence(.busy, agent: "alice", now: at(10))
        }
        #expect(desk.report(of: "alice", now: at(10)) == report(.available))
        #expect(try desk.setPresence(.busy, agent: "alice", now: at(11)) == [changed("alice", .busy)])
    }

    @Test("a refused change does not take a call away from a ringing agent")
    func rateLimitedWhileRinging() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"]))
        _ = desk.signIn(agent: "alice", session: 1, now: at(0))
        for second in 0..<10 {
            let presence: Presence = second.isMultiple(of: 2) ? .busy : .available
            _ = try desk.setPresence(presence, agent: "alice", now: at(Int64(second)))
        }
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(9))
            == [ring("c1", "alice"), .callerHears(call: "c1", .ringback), changed("alice", .available, .ringing(call: "c1"))])
        #expect(throws: PresenceRefusal.rateLimited) {
            try desk.setPresence(.away, agent: "alice", now: atMs(9_500))
        }
        #expect(desk.report(of: "alice", now: atMs(9_500)) == report(.available, .ringing(call: "c1")))
        #expect(desk.accept(call: "c1", agent: "alice", now: at(9)) != nil)
    }

    @Test("choosing available during wrap-up ends it, and a waiting call rings at once")
    func availableEndsWrapUp() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"], wrapUp: 30))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", now: at(2))
        #expect(desk.callEnded(call: "c1", agent: "alice", now: at(10))
            == [changed("alice", .available, .wrapUp(until: at(40)))])
        #expect(desk.nextDeadline == at(40))

        // A call arriving during wrap-up waits for her.
        #expect(desk.enqueue(call: "c2", target: .group("sales"), offer: offer, policy: patient, now: at(12))
            == [.callerHears(call: "c2", .waiting)])
        #expect(try desk.setPresence(.available, agent: "alice", now: at(15))
            == [ring("c2", "alice"), .callerHears(call: "c2", .ringback), changed("alice", .available, .ringing(call: "c2"))])
    }

    @Test("available during wrap-up with nothing waiting makes the agent idle; other presences keep the wrap-up")
    func wrapUpKeptByOtherPresences() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"], wrapUp: 30))
        try desk.bringOnline("alice")
        try desk.talk("alice", on: "c1", now: at(0))
        _ = desk.callEnded(call: "c1", agent: "alice", now: at(10))
        #expect(try desk.setPresence(.away, agent: "alice", now: at(11))
            == [changed("alice", .away, .wrapUp(until: at(40)))])
        #expect(try desk.setPresence(.available, agent: "alice", now: at(12)) == [changed("alice", .available)])
        #expect(desk.nextDeadline == nil)
        // Available again while idle is a no-op.
        #expect(try desk.setPresence(.available, agent: "alice", now: at(13)) == [])
    }
}
