/// Who an `agents` step rings: a group of `agents.groups` in gateway.yaml, or one agent.
public enum AgentTarget: Sendable, Hashable {
    /// A group by name: its members are rung by the group's strategy, callers queue.
    case group(String)
    /// One agent by identity or extension (direct dial), e.g. `"${ext}"` after a `collect`.
    case agent(Template)
}

/// An `agents` step: callers wait for an agent of a group (or one agent) to answer.
///
/// The step answers nothing itself: the runtime rings agents and plays ringback or `music`
/// while the caller waits, at most `maxWaitSeconds` in all (ringing and waiting). An agent
/// who answers connects the call; otherwise the steps after this one run (the fallback).
public struct AgentsStep: Sendable, Hashable {
    public var target: AgentTarget
    /// Longest time in this step, ringing and waiting together.
    public var maxWaitSeconds: Int
    /// A prompt looped while no agent is ringing; nil plays the ringback tone.
    public var music: String?
    /// Seconds between announcements of the caller's place in the queue; nil for none.
    public var announceEverySeconds: Int?

    public static let defaultMaxWaitSeconds = 300
    public static let maxWaitRange = 5...3600
    public static let announceRange = 10...600
    /// Prompts a position announcement is made of: "you are number" and the digits of the place.
    public static let positionPrompts = ["queue-position"] + (0...9).map { "digit-\($0)" }

    public init(target: AgentTarget, maxWaitSeconds: Int = AgentsStep.defaultMaxWaitSeconds,
                music: String? = nil, announceEverySeconds: Int? = nil) {
        self.target = target
        self.maxWaitSeconds = maxWaitSeconds
        self.music = music
        self.announceEverySeconds = announceEverySeconds
    }
}

extension Step {
    /// Whether this step rings agents, directly or in a branch.
    var mayRingAgents: Bool {
        switch self {
        case .agents: return true
        case .branch(_, let then, let otherwise):
            return then.contains(where: \.mayRingAgents) || otherwise.contains(where: \.mayRingAgents)
        default: return false
        }
    }
}

/// Agents steps and requests in words, for traces and explanations.
enum AgentsText {
    /// "group sales" or "agent 201".
    static func target(_ target: AgentsRequest.Target) -> String {
        switch target {
        case .group(let name): return "group \(name)"
        case .agent(let agent): return "agent \(agent)"
        }
    }

    /// "agents group sales, max wait 120 s".
    static func trace(_ request: AgentsRequest) -> String {
        "agents \(target(request.target)), max wait \(request.maxWaitSeconds) s"
    }
}
