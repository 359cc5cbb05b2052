import CoreTypes

/// What the runtime must do after the distributor changed something.
public enum AgentAction: Sendable, Hashable {
    /// Offer the call to the agent: every signaling session of theirs, or only `session`
    /// (a tab that signed in while the agent was already ringing).
    case ring(call: String, agent: String, offer: CallOffer, group: String?, session: Int? = nil)
    /// Withdraw the offer from the agent's sessions.
    case stopRinging(call: String, agent: String, reason: RingEnd)
    /// The agent took the call: bridge the caller to their browser.
    case connect(call: String, agent: String, waited: Duration)
    /// Switch what the caller hears.
    case callerHears(call: String, CallerAudio)
    /// Tell the caller their place in the queue (1 = next).
    case announcePosition(call: String, position: Int)
    /// Nobody took the call: the dialplan's steps after `agents` run.
    case giveUp(call: String, reason: GiveUpReason, waited: Duration)
    /// The agent's presence or activity changed: tell every session of theirs.
    case presenceChanged(agent: String, PresenceReport)
}

/// Why an agent stopped being offered a call.
public enum RingEnd: String, Sendable, Hashable {
    /// Another agent, or another tab of this one, answered.
    case answeredElsewhere = "answered_elsewhere"
    case callerHungUp = "caller_hung_up"
    /// The agent let it ring for the group's ring timeout, or the caller's wait ran out.
    case timeout
    /// The agent declined (the declining tab knows; their other tabs are told).
    case declined = "declined_elsewhere"
    /// The agent set a presence other than available, or their last session closed.
    case agentUnavailable = "agent_unavailable"
}

/// Why the distributor stopped trying to place a call.
public enum GiveUpReason: String, Sendable, Hashable {
    /// The caller waited `maxWait`.
    case maxWait = "max_wait"
    /// Every member who could take it was rung; none answered.
    case noAnswer = "no_answer"
    /// Nobody in the group is available or about to be (all away, busy or offline).
    case nobodyAvailable = "nobody_available"
    /// A direct dial to an identity or extension that is not on the roster.
    case unknownAgent = "unknown_agent"

    /// The hangup cause the dialplan sees (docs/hangup-causes.md).
    public var cause: String {
        switch self {
        case .maxWait, .noAnswer: return "no_answer"
        case .nobodyAvailable: return "user_busy"
        case .unknownAgent: return "unallocated_number"
        }
    }
}

/// An agent's presence and activity as their consoles show it.
public struct PresenceReport: Sendable, Hashable {
    public var presence: Presence
    public var activity: AgentActivity

    public init(presence: Presence, activity: AgentActivity) {
        self.presence = presence
        self.activity = activity
    }
}

/// Why a presence change was refused; nothing changed.
public enum PresenceRefusal: Error, Sendable, Hashable {
    case notAnAgent
    /// More than `CallDistributor.presenceChangeLimit` changes within `presenceChangeWindow`.
    case rateLimited
}
