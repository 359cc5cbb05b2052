import CoreTypes

/// `agents:` — who may sign in as an agent, and the groups calls are offered to.
///
/// An agent is a browser connection whose identity (`?identity=...` on `/ws`) is on the
/// roster; the dialplan step `agents` rings a group or one agent.
public struct AgentsConfig: Sendable, Hashable {
    /// Time an agent is left alone after each call before the next one is offered.
    public var wrapUp: Duration = .seconds(10)
    /// Time a call rings an agent (for `ring_all`, everyone rung at once) before moving on.
    public var ringTimeout: Duration = .seconds(20)
    /// Everyone who may sign in as an agent, in file order.
    public var roster: [AgentEntry] = []
    /// The groups calls are offered to, in file order.
    public var groups: [AgentGroupConfig] = []

    /// Seconds allowed for `wrap_up_s`, here and in a group.
    public static let wrapUpSecondsRange = 0...600
    /// Seconds allowed for `ring_timeout_s`, here and in a group.
    public static let ringTimeoutSecondsRange = 5...300

    public init(wrapUp: Duration = .seconds(10), ringTimeout: Duration = .seconds(20),
                roster: [AgentEntry] = [], groups: [AgentGroupConfig] = []) {
        self.wrapUp = wrapUp
        self.ringTimeout = ringTimeout
        self.roster = roster
        self.groups = groups
    }

    /// The group with this name, if any.
    public func group(named name: String) -> AgentGroupConfig? {
        groups.first { $0.name == name }
    }

    /// The roster entry with this identity, if any.
    public func agent(identity: String) -> AgentEntry? {
        roster.first { $0.identity == identity }
    }

    /// The roster entry with this extension, if any.
    public func agent(extension number: String) -> AgentEntry? {
        roster.first { $0.extension == number }
    }
}

/// One agent of the roster.
public struct AgentEntry: Sendable, Hashable {
    /// What the agent connects with (`?identity=...`); unique, letters, digits and `._-@+`.
    public var identity: String
    /// Display name, if given.
    public var name: String?
    /// 2 to 8 digits callers can dial to reach this agent directly; unique.
    public var `extension`: String?

    public init(identity: String, name: String? = nil, extension: String? = nil) {
        self.identity = identity
        self.name = name
        self.extension = `extension`
    }
}

/// One group of agents a call can be offered to.
public struct AgentGroupConfig: Sendable, Hashable {
    /// Unique name the dialplan refers to; letters, digits, `_` and `-`.
    public var name: String
    /// How the members are rung.
    public var strategy: RingStrategy
    /// Identities from the roster, each once, in the order `in_order` rings them.
    public var members: [String]
    /// Overrides `AgentsConfig.ringTimeout` for this group.
    public var ringTimeout: Duration?
    /// Overrides `AgentsConfig.wrapUp` for this group.
    public var wrapUp: Duration?

    public init(name: String, strategy: RingStrategy = .ringAll, members: [String],
                ringTimeout: Duration? = nil, wrapUp: Duration? = nil) {
        self.name = name
        self.strategy = strategy
        self.members = members
        self.ringTimeout = ringTimeout
        self.wrapUp = wrapUp
    }
}
