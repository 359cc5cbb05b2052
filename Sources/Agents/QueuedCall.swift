import CoreTypes

/// What the ringing notification tells an agent about a call.
public struct CallOffer: Sendable, Hashable {
    public var callerNumber: String
    public var callerName: String?
    public var dialed: String
    /// Keys the caller pressed in the dialplan's menus before reaching the agents.
    public var keys: String

    public init(callerNumber: String, callerName: String? = nil, dialed: String, keys: String = "") {
        self.callerNumber = callerNumber
        self.callerName = callerName
        self.dialed = dialed
        self.keys = keys
    }
}

/// Where a call is sent: a group, or one agent by identity or extension (direct dial).
public enum AgentTarget: Sendable, Hashable {
    case group(String)
    case agent(String)
}

/// How long a call may wait and what it is told while waiting.
public struct QueuePolicy: Sendable, Hashable {
    /// The whole time the caller may spend ringing and waiting before the fallback.
    public var maxWait: Duration
    /// Time between position announcements; nil for none.
    public var announceEvery: Duration?

    public init(maxWait: Duration, announceEvery: Duration? = nil) {
        self.maxWait = maxWait
        self.announceEvery = announceEvery
    }
}

/// What the caller hears while in the agents step.
public enum CallerAudio: Sendable, Hashable {
    /// An agent's browser rings.
    case ringback
    /// Nobody rings: the queue's music or tone.
    case waiting
}

/// One call being offered to agents or waiting for one.
struct QueuedCall: Sendable {
    let key: String
    /// Order of arrival: the oldest call is offered first.
    let sequence: Int
    let group: AgentGroup
    /// The group's name, or nil for a direct dial (shown to the agent).
    let groupName: String?
    let offer: CallOffer
    let enteredAt: Instant
    let deadline: Instant
    let announceEvery: Duration?
    var nextAnnouncement: Instant?
    /// Agents rung for this call and when each one's ringing times out.
    var ringing: [String: Instant] = [:]
    /// Agents who were rung and declined, let it ring out or went away.
    var tried: Set<String> = []
    var hears: CallerAudio?
}
