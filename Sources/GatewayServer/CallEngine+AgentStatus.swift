import Agents
import Foundation

/// `GET /api/agents`: every agent on the roster and the calls waiting for one.
struct AgentsStatus: Codable, Sendable {
    struct Agent: Codable, Sendable {
        var identity: String
        var name: String?
        var `extension`: String?
        var presence: String
        var activity: String
        /// The call the agent rings for or talks on (a call record id).
        var call: String?
        var sessions: Int
    }

    struct Waiting: Codable, Sendable {
        var call: String
        var group: String?
        var position: Int?
        var waitedSeconds: Double
        var ringing: [String]
    }

    var agents: [Agent]
    var waiting: [Waiting]
}

extension CallEngine {
    func agentsStatus() -> AgentsStatus {
        let snapshot = distributor.snapshot(now: clock.now)
        return AgentsStatus(
            agents: snapshot.agents.map { agent in
                var call: String?
                switch agent.activity {
                case .ringing(let key), .talking(let key): call = key
                case .idle, .wrapUp: call = nil
                }
                return AgentsStatus.Agent(identity: agent.identity, name: agent.name, extension: agent.extension,
                                          presence: agent.presence.rawValue, activity: agent.activity.name,
                                          call: call, sessions: agent.sessions)
            },
            waiting: snapshot.waiting.map { waiting in
                AgentsStatus.Waiting(call: waiting.call, group: waiting.group, position: waiting.position,
                                     waitedSeconds: Double(waiting.waited.components.seconds)
                                         + Double(waiting.waited.components.attoseconds) / 1e18,
                                     ringing: waiting.ringing)
            })
    }
}
