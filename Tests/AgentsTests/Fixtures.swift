import Agents
import CoreTypes

// A small roster and the fixtures the suites share. Time is a manual clock: every call takes
// the `Instant` it happens at, written `at(5)` for five seconds after the origin.

/// The instant `seconds` after the clock's origin.
func at(_ seconds: Int64) -> Instant { .seconds(seconds) }

/// The instant `ms` milliseconds after the clock's origin.
func atMs(_ ms: Int64) -> Instant { .milliseconds(ms) }

let roster = [
    AgentProfile(identity: "alice", name: "Alice Martin", extension: "201"),
    AgentProfile(identity: "bob", name: "Bob Stone", extension: "202"),
    AgentProfile(identity: "carol", extension: "203"),
    AgentProfile(identity: "dave"),
]

/// The session number of each agent's first console; a second tab adds 10.
let firstSession = ["alice": 1, "bob": 2, "carol": 3, "dave": 4]

let offer = CallOffer(callerNumber: "+15551230000", callerName: "Bob", dialed: "+15557650000", keys: "12")

/// The default policy: five minutes of waiting, no announcements.
let patient = QueuePolicy(maxWait: .seconds(300))

func group(_ name: String, _ strategy: RingStrategy, _ members: [String],
           ringTimeout: Int64 = 20, wrapUp: Int64 = 10) -> AgentGroup {
    AgentGroup(name: name, strategy: strategy, members: members,
               ringTimeout: .seconds(ringTimeout), wrapUp: .seconds(wrapUp))
}

func distributor(_ groups: AgentGroup...) -> CallDistributor {
    CallDistributor(agents: roster, groups: groups, defaultRingTimeout: .seconds(20), defaultWrapUp: .seconds(10))
}

func report(_ presence: Presence, _ activity: AgentActivity = .idle) -> PresenceReport {
    PresenceReport(presence: presence, activity: activity)
}

/// A ring of the test offer, to every console of the agent.
func ring(_ call: String, _ agent: String, group: String? = "sales", session: Int? = nil) -> AgentAction {
    .ring(call: call, agent: agent, offer: offer, group: group, session: session)
}

func changed(_ agent: String, _ presence: Presence, _ activity: AgentActivity = .idle) -> AgentAction {
    .presenceChanged(agent: agent, report(presence, activity))
}

extension CallDistributor {
    /// Opens the agents' first consoles and makes them available, checking the actions
    /// reported on the way (away on sign-in, then available).
    mutating func bringOnline(_ identities: String..., now: Instant = .zero) throws {
        for identity in identities {
            let session = firstSession[identity] ?? 0
            let signedIn = signIn(agent: identity, session: session, now: now)
            guard signedIn == [changed(identity, .away)] else { throw FixtureError.unexpected(signedIn) }
            _ = try setPresence(.available, agent: identity, now: now)
        }
    }

    /// Opens an agent's first console and leaves them away.
    mutating func bringAway(_ identity: String, now: Instant = .zero) {
        _ = signIn(agent: identity, session: firstSession[identity] ?? 0, now: now)
    }

    /// Puts `agent` on `call` through the group: enqueue, then accept.
    mutating func talk(_ agent: String, on call: String, in target: AgentTarget = .group("sales"),
                       now: Instant) throws {
        _ = enqueue(call: call, target: target, offer: offer, policy: patient, now: now)
        guard accept(call: call, agent: agent, now: now) != nil else { throw FixtureError.notRinging(agent, call) }
    }
}

enum FixtureError: Error {
    case unexpected([AgentAction])
    case notRinging(String, String)
}
