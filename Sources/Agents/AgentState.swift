import CoreTypes

/// One agent's live state: signaling sessions, chosen presence, and what they are doing.
struct AgentState: Sendable {
    let profile: AgentProfile
    /// The signaling connections the agent is signed in on (tabs, devices).
    var sessions: Set<Int> = []
    /// Sessions whose sign-in named the groups they take calls for (a token's
    /// `agent_groups`); a session missing here takes calls of every group of the agent.
    var servedGroupsBySession: [Int: Set<String>] = [:]
    /// The presence the agent chose last; kept across reconnects. A new agent starts away,
    /// so opening the console does not by itself bring calls.
    var chosen: Presence = .away
    var ringingFor: String?
    var talkingOn: String?
    /// Calls the agent placed themselves from the console (to a phone, say): they are not
    /// offered calls meanwhile, and no wrap-up follows.
    var ownCalls: Set<String> = []
    var wrapUpUntil: Instant?
    /// When the agent's last call ended, for `longest_idle`; nil until their first call
    /// ends, which makes them idle the longest (signing in does not set it).
    var idleSince: Instant?
    /// When the last presence changes were asked for (rate limiting).
    var recentChanges: [Instant] = []

    init(profile: AgentProfile) {
        self.profile = profile
    }

    /// Whether some session of the agent takes calls offered to `group` (nil: a call to the
    /// agent's own extension, which every session takes).
    func serves(_ group: String?) -> Bool {
        guard let group else { return true }
        return sessions.contains { servedGroupsBySession[$0]?.contains(group) ?? true }
    }

    /// What others see: offline without a connection, else the chosen presence.
    var presence: Presence { sessions.isEmpty ? .offline : chosen }

    func activity(now: Instant) -> AgentActivity {
        if let call = talkingOn ?? ownCalls.min() { return .talking(call: call) }
        if let call = ringingFor { return .ringing(call: call) }
        if let until = wrapUpUntil, now < until { return .wrapUp(until: until) }
        return .idle
    }

    /// Can be rung now.
    func isFree(now: Instant) -> Bool {
        presence == .available && activity(now: now) == .idle
    }

    /// Available, but ringing, talking or wrapping up: a waiting call may get them soon.
    func isOccupied(now: Instant) -> Bool {
        presence == .available && activity(now: now) != .idle
    }
}
