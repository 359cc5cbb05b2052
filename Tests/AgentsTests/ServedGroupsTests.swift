import Agents
import CoreTypes
import Testing

@Suite("Sessions that take calls of some groups only (a token's agent_groups)")
struct ServedGroupsTests {
    func signInAvailable(_ desk: inout CallDistributor, _ agent: String, groups: Set<String>?) throws {
        _ = desk.signIn(agent: agent, session: firstSession[agent] ?? 0, groups: groups, now: at(0))
        _ = try desk.setPresence(.available, agent: agent, now: at(0))
    }

    @Test("a member whose session does not serve the group is not rung; the next member is")
    func skipsAMemberNotServingTheGroup() throws {
        var desk = distributor(group("sales", .inOrder, ["alice", "bob"]), group("support", .inOrder, ["alice"]))
        try signInAvailable(&desk, "alice", groups: ["support"])
        try signInAvailable(&desk, "bob", groups: nil)
        let actions = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(1))
        #expect(actions.contains(ring("c1", "bob")))
        #expect(!actions.contains(ring("c1", "alice")))
        let support = desk.enqueue(call: "c2", target: .group("support"), offer: offer, policy: patient, now: at(2))
        #expect(support.contains(ring("c2", "alice", group: "support")))
    }

    @Test("a call nobody serving its group can take gives up at once")
    func nobodyServesTheGroup() throws {
        var desk = distributor(group("sales", .ringAll, ["alice"]))
        try signInAvailable(&desk, "alice", groups: [])
        #expect(desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(1))
            == [.giveUp(call: "c1", reason: .nobodyAvailable, waited: .zero)])
    }

    @Test("a second tab that serves the group makes the agent rung; closing it stops that")
    func aSecondTabWithTheGroup() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try signInAvailable(&desk, "alice", groups: ["support"])
        _ = desk.signIn(agent: "alice", session: 11, groups: ["sales"], now: at(0))
        let actions = desk.enqueue(call: "c1", target: .group("sales"), offer: offer, policy: patient, now: at(1))
        #expect(actions.contains(ring("c1", "alice")))
        // A third tab that does not serve sales is not offered the ringing call.
        #expect(desk.signIn(agent: "alice", session: 12, groups: ["support"], now: at(2)).allSatisfy {
            if case .ring = $0 { return false } else { return true }
        })
    }

    @Test("calls to the agent's own extension reach any session")
    func directDialIgnoresGroups() throws {
        var desk = distributor(group("sales", .inOrder, ["alice"]))
        try signInAvailable(&desk, "alice", groups: [])
        let actions = desk.enqueue(call: "c1", target: .agent("alice"), offer: offer, policy: patient, now: at(1))
        #expect(actions.contains { if case .ring(_, "alice", _, _, _) = $0 { return true } else { return false } })
    }
}

@Suite("Which of an agent's sessions a call is offered to")
struct ServedSessionsTests {
    @Test("only the sessions serving the call's group; all of them for a direct dial")
    func sessionsServingAGroup() {
        var desk = distributor(group("sales", .inOrder, ["alice"]), group("support", .inOrder, ["alice"]))
        _ = desk.signIn(agent: "alice", session: 1, groups: ["support"], now: at(0))
        _ = desk.signIn(agent: "alice", session: 11, groups: ["sales"], now: at(0))
        _ = desk.signIn(agent: "alice", session: 12, groups: nil, now: at(0))
        #expect(desk.sessions(of: "alice", serving: "support") == [1, 12])
        #expect(desk.sessions(of: "alice", serving: "sales") == [11, 12])
        #expect(desk.sessions(of: "alice", serving: nil) == [1, 11, 12])
        _ = desk.signOut(agent: "alice", session: 12, now: at(1))
        #expect(desk.sessions(of: "alice", serving: "support") == [1])
        #expect(desk.sessions(of: "bob", serving: "support") == [])
    }
}
