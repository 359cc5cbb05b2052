import CoreTypes

/// What operators see of agents and queues (`GET /api/agents`).
public struct DistributorSnapshot: Sendable, Hashable {
    public struct Agent: Sendable, Hashable {
        public var identity: String
        public var name: String?
        public var `extension`: String?
        public var presence: Presence
        public var activity: AgentActivity
        /// Open signaling connections (tabs, devices).
        public var sessions: Int
    }

    public struct WaitingCall: Sendable, Hashable {
        public var call: String
        /// The group, or nil for a direct dial.
        public var group: String?
        /// Place among the group's calls (1 = next); nil for a direct dial.
        public var position: Int?
        public var waited: Duration
        /// Agents ringing for it now.
        public var ringing: [String]
    }

    public var agents: [Agent]
    /// Oldest first.
    public var waiting: [WaitingCall]
}

extension CallDistributor {
    public func snapshot(now: Instant) -> DistributorSnapshot {
        let agents = self.agents.values.sorted { $0.profile.identity < $1.profile.identity }.map { state in
            DistributorSnapshot.Agent(identity: state.profile.identity, name: state.profile.name,
                                      extension: state.profile.extension, presence: state.presence,
                                      activity: state.activity(now: now), sessions: state.sessions.count)
        }
        let waiting = queue.values.sorted { $0.sequence < $1.sequence }.map { queued in
            DistributorSnapshot.WaitingCall(call: queued.key, group: queued.groupName, position: position(of: queued.key),
                                            waited: now - queued.enteredAt, ringing: queued.ringing.keys.sorted())
        }
        return DistributorSnapshot(agents: agents, waiting: waiting)
    }
}
