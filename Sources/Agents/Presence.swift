import CoreTypes

/// What an agent says about themselves (docs/signaling.md, "Agents").
public enum Presence: String, Sendable, Hashable, CaseIterable {
    /// Ready for calls.
    case available
    /// Signed in, not taking calls for a while.
    case away
    /// Signed in, not taking calls (in a meeting, on another line).
    case busy
    /// Not taking calls; also what an agent with no signaling connection is.
    case offline
}

/// What an agent is doing, as the gateway sees it.
public enum AgentActivity: Sendable, Hashable {
    case idle
    /// A call is being offered to them.
    case ringing(call: String)
    case talking(call: String)
    /// Left alone after a call until `until`.
    case wrapUp(until: Instant)

    public var name: String {
        switch self {
        case .idle: return "idle"
        case .ringing: return "ringing"
        case .talking: return "talking"
        case .wrapUp: return "wrap_up"
        }
    }
}

/// An agent as configured: who signs in, and the extension that reaches them directly.
public struct AgentProfile: Sendable, Hashable {
    public var identity: String
    public var name: String?
    public var `extension`: String?

    public init(identity: String, name: String? = nil, extension: String? = nil) {
        self.identity = identity
        self.name = name
        self.extension = `extension`
    }
}

/// A group of agents that calls are offered to, and how.
public struct AgentGroup: Sendable, Hashable {
    public var name: String
    public var strategy: RingStrategy
    /// Identities, in the order `in_order` rings them.
    public var members: [String]
    /// How long one agent (or, for ring-all, each agent rung) rings before moving on.
    public var ringTimeout: Duration
    /// How long an agent is left alone after a call of this group.
    public var wrapUp: Duration

    public init(name: String, strategy: RingStrategy, members: [String], ringTimeout: Duration, wrapUp: Duration) {
        self.name = name
        self.strategy = strategy
        self.members = members
        self.ringTimeout = ringTimeout
        self.wrapUp = wrapUp
    }
}
