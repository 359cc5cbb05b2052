import CoreTypes

/// Offers calls to agents and keeps callers waiting when nobody is free: the roster's
/// sessions and presence, the groups' ring strategies, ring timeouts, the queue in order of
/// arrival with its maximum wait, and wrap-up after each call.
///
/// A protocol core: no sockets, no clock. The runtime reports sessions, presence, accepts,
/// declines and call ends with the time they happened, calls `advance(to:)` at
/// `nextDeadline`, and carries out the `AgentAction`s it gets back.
///
/// Rules:
/// - A free agent is signed in, `available`, not ringing, not talking, not wrapping up.
/// - Calls are offered oldest first; an agent rings for one call at a time.
/// - Each agent is rung at most once per call: a decline, a ring timeout or a closed
///   console moves on to the next member.
/// - A call with no free untried member waits while some untried member is available but
///   occupied (ringing elsewhere, talking, wrapping up); when nobody is even that, it gives up
///   at once, as it does when every member was tried. It never waits past `maxWait`.
public struct CallDistributor: Sendable {
    var agents: [String: AgentState] = [:]
    /// Identities by extension, for direct dial.
    let extensions: [String: String]
    let groups: [String: AgentGroup]
    let defaultRingTimeout: Duration
    let defaultWrapUp: Duration
    var queue: [String: QueuedCall] = [:]
    var nextSequence = 0
    /// Per group: the member rung last, where round robin goes on from.
    var roundRobinCursor: [String: String] = [:]
    /// What each agent's consoles were last told.
    var reported: [String: PresenceReport] = [:]
    /// Wrap-up length of the group of each call an agent is talking on.
    var wrapUpOfCall: [String: Duration] = [:]

    /// A console may change presence this many times within the window.
    public static let presenceChangeLimit = 10
    public static let presenceChangeWindow: Duration = .seconds(10)

    public init(agents: [AgentProfile], groups: [AgentGroup], defaultRingTimeout: Duration, defaultWrapUp: Duration) {
        var states: [String: AgentState] = [:]
        var extensions: [String: String] = [:]
        for profile in agents {
            states[profile.identity] = AgentState(profile: profile)
            if let number = profile.extension { extensions[number] = profile.identity }
        }
        self.agents = states
        self.extensions = extensions
        self.groups = Dictionary(groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.defaultRingTimeout = defaultRingTimeout
        self.defaultWrapUp = defaultWrapUp
        for identity in states.keys { reported[identity] = PresenceReport(presence: .offline, activity: .idle) }
    }

    public func isAgent(_ identity: String) -> Bool { agents[identity] != nil }

    public func sessions(of agent: String) -> Set<Int> { agents[agent]?.sessions ?? [] }

    /// The agent's sessions that take calls of `group` (nil: a call to the agent's extension).
    public func sessions(of agent: String, serving group: String?) -> Set<Int> {
        guard let state = agents[agent] else { return [] }
        return state.sessions.filter { session in
            group.map { state.servedGroupsBySession[session]?.contains($0) ?? true } ?? true
        }
    }

    public func report(of agent: String, now: Instant) -> PresenceReport? {
        agents[agent].map { PresenceReport(presence: $0.presence, activity: $0.activity(now: now)) }
    }

    public var hasAgents: Bool { !agents.isEmpty }

    // MARK: Sessions

    /// A signaling connection of an agent opened. A tab that opens while the agent rings is
    /// offered the same call. `groups` limits the groups whose calls this session takes
    /// (nil: all of the agent's groups).
    public mutating func signIn(agent identity: String, session: Int, groups: Set<String>? = nil,
                                now: Instant) -> [AgentAction] {
        guard var agent = agents[identity] else { return [] }
        agent.sessions.insert(session)
        agent.servedGroupsBySession[session] = groups
        agents[identity] = agent
        var actions: [AgentAction] = []
        if let call = agent.ringingFor, let queued = queue[call],
           queued.groupName.map({ groups?.contains($0) ?? true }) ?? true {
            actions.append(.ring(call: call, agent: identity, offer: queued.offer, group: queued.groupName, session: session))
        }
        return actions + settle(now: now)
    }

    /// A signaling connection closed. An agent left with none is skipped for the call
    /// ringing them and offered no more calls.
    public mutating func signOut(agent identity: String, session: Int, now: Instant) -> [AgentAction] {
        guard agents[identity]?.sessions.remove(session) != nil else { return [] }
        agents[identity]?.servedGroupsBySession[session] = nil
        guard agents[identity]?.sessions.isEmpty == true else { return [] }
        var actions: [AgentAction] = []
        if let call = agents[identity]?.ringingFor {
            actions += endRinging(call: call, agent: identity, reason: .agentUnavailable, tried: true)
        }
        return actions + settle(now: now)
    }

    /// The agent chose a presence. Choosing `available` during wrap-up ends it; choosing
    /// anything else while ringing withdraws the offer from them.
    public mutating func setPresence(_ presence: Presence, agent identity: String,
                                     now: Instant) throws(PresenceRefusal) -> [AgentAction] {
        guard var agent = agents[identity] else { throw .notAnAgent }
        let inWrapUp = agent.activity(now: now).name == "wrap_up"
        if presence == agent.chosen, !(presence == .available && inWrapUp) { return [] }
        agent.recentChanges.removeAll { now - $0 >= Self.presenceChangeWindow }
        guard agent.recentChanges.count < Self.presenceChangeLimit else { throw .rateLimited }
        agent.recentChanges.append(now)
        agent.chosen = presence
        if presence == .available, inWrapUp { agent.wrapUpUntil = nil }
        agents[identity] = agent
        var actions: [AgentAction] = []
        if presence != .available, let call = agent.ringingFor {
            actions += endRinging(call: call, agent: identity, reason: .agentUnavailable, tried: true)
        }
        return actions + settle(now: now)
    }
}
