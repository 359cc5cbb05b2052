import CoreTypes

extension CallDistributor {
    /// A call enters the agents step. A direct dial to an unknown identity or extension, or
    /// to an unknown group, gives up at once.
    public mutating func enqueue(call key: String, target: AgentTarget, offer: CallOffer, policy: QueuePolicy,
                                 now: Instant) -> [AgentAction] {
        let group: AgentGroup
        let groupName: String?
        switch target {
        case .group(let name):
            guard let found = groups[name] else { return [.giveUp(call: key, reason: .unknownAgent, waited: .zero)] }
            group = found
            groupName = name
        case .agent(let who):
            guard let identity = agents[who] != nil ? who : extensions[who] else {
                return [.giveUp(call: key, reason: .unknownAgent, waited: .zero)]
            }
            group = AgentGroup(name: identity, strategy: .inOrder, members: [identity],
                               ringTimeout: policy.maxWait, wrapUp: defaultWrapUp)
            groupName = nil
        }
        // A direct dial has no queue to tell a place in.
        let announceEvery = groupName == nil ? nil : policy.announceEvery
        let queued = QueuedCall(key: key, sequence: nextSequence, group: group, groupName: groupName, offer: offer,
                                enteredAt: now, deadline: now + policy.maxWait, announceEvery: announceEvery,
                                nextAnnouncement: announceEvery.map { now + $0 })
        nextSequence += 1
        queue[key] = queued
        return settle(now: now)
    }

    /// The agent accepts the call they ring for; nil when they do not ring for it (it was
    /// answered elsewhere, cancelled, timed out, or never offered to them).
    public mutating func accept(call key: String, agent identity: String, now: Instant) -> [AgentAction]? {
        guard let queued = queue[key], queued.ringing[identity] != nil else { return nil }
        var actions: [AgentAction] = []
        for other in queued.ringing.keys.sorted() where other != identity {
            actions += endRinging(call: key, agent: other, reason: .answeredElsewhere, tried: false)
        }
        queue[key] = nil
        agents[identity]?.ringingFor = nil
        agents[identity]?.talkingOn = key
        wrapUpOfCall[key] = queued.group.wrapUp
        actions.append(.connect(call: key, agent: identity, waited: now - queued.enteredAt))
        return actions + settle(now: now)
    }

    /// The agent declines; the call moves on. Nil when they do not ring for it.
    public mutating func decline(call key: String, agent identity: String, now: Instant) -> [AgentAction]? {
        guard queue[key]?.ringing[identity] != nil else { return nil }
        return endRinging(call: key, agent: identity, reason: .declined, tried: true) + settle(now: now)
    }

    /// The caller hung up (or the call ended otherwise) while ringing or waiting.
    public mutating func callerLeft(call key: String, now: Instant) -> [AgentAction] {
        guard let queued = queue[key] else { return [] }
        var actions: [AgentAction] = []
        for agent in queued.ringing.keys.sorted() {
            actions += endRinging(call: key, agent: agent, reason: .callerHungUp, tried: false)
        }
        queue[key] = nil
        return actions + settle(now: now)
    }

    /// A call an agent answered has ended: the agent wraps up, then is free again.
    public mutating func callEnded(call key: String, agent identity: String, now: Instant) -> [AgentAction] {
        guard var agent = agents[identity], agent.talkingOn == key else { return [] }
        agent.talkingOn = nil
        let wrapUp = wrapUpOfCall.removeValue(forKey: key) ?? defaultWrapUp
        agent.wrapUpUntil = wrapUp > .zero ? now + wrapUp : nil
        agent.idleSince = now
        agents[identity] = agent
        return settle(now: now)
    }

    /// The agent placed a call of their own: they are busy with it until `ownCallEnded`.
    public mutating func ownCallStarted(call key: String, agent identity: String, now: Instant) -> [AgentAction] {
        guard agents[identity] != nil else { return [] }
        agents[identity]?.ownCalls.insert(key)
        var actions: [AgentAction] = []
        if let ringing = agents[identity]?.ringingFor {
            actions += endRinging(call: ringing, agent: identity, reason: .agentUnavailable, tried: true)
        }
        return actions + settle(now: now)
    }

    /// A call the agent placed themselves ended; they are free again at once.
    public mutating func ownCallEnded(call key: String, agent identity: String, now: Instant) -> [AgentAction] {
        guard agents[identity]?.ownCalls.remove(key) != nil else { return [] }
        return settle(now: now)
    }

    /// Ring timeouts, maximum waits, announcements and wrap-ups that are due.
    public mutating func advance(to now: Instant) -> [AgentAction] {
        var actions: [AgentAction] = []
        for key in queue.keys.sorted() {
            guard let queued = queue[key] else { continue }
            if now >= queued.deadline {
                for agent in queued.ringing.keys.sorted() {
                    actions += endRinging(call: key, agent: agent, reason: .timeout, tried: true)
                }
                queue[key] = nil
                actions.append(.giveUp(call: key, reason: .maxWait, waited: now - queued.enteredAt))
                continue
            }
            for (agent, deadline) in queued.ringing.sorted(by: { $0.key < $1.key }) where now >= deadline {
                actions += endRinging(call: key, agent: agent, reason: .timeout, tried: true)
            }
            if let due = queued.nextAnnouncement, let every = queued.announceEvery, now >= due {
                queue[key]?.nextAnnouncement = now + every
                // Only a caller who waits with nobody ringing hears their place.
                if queued.hears == .waiting, let position = position(of: key) {
                    actions.append(.announcePosition(call: key, position: position))
                }
            }
        }
        for (identity, agent) in agents {
            if let until = agent.wrapUpUntil, now >= until { agents[identity]?.wrapUpUntil = nil }
        }
        return actions + settle(now: now)
    }

    /// The earliest ring timeout, maximum wait, announcement or end of wrap-up.
    public var nextDeadline: Instant? {
        var deadlines: [Instant] = []
        for queued in queue.values {
            deadlines.append(queued.deadline)
            deadlines += queued.ringing.values
            if let due = queued.nextAnnouncement { deadlines.append(due) }
        }
        deadlines += agents.values.compactMap(\.wrapUpUntil)
        return deadlines.min()
    }

    /// A call's place among the calls waiting for the same group (1 = next), nil for direct
    /// dials and calls no longer queued.
    public func position(of key: String) -> Int? {
        guard let queued = queue[key], let name = queued.groupName else { return nil }
        return queue.values.filter { $0.groupName == name && $0.sequence <= queued.sequence }.count
    }

    // MARK: Internals

    /// Withdraws one agent's offer; `tried` keeps them from being rung for it again.
    mutating func endRinging(call key: String, agent identity: String, reason: RingEnd, tried: Bool) -> [AgentAction] {
        guard queue[key]?.ringing.removeValue(forKey: identity) != nil else { return [] }
        if tried { queue[key]?.tried.insert(identity) }
        if agents[identity]?.ringingFor == key { agents[identity]?.ringingFor = nil }
        return [.stopRinging(call: key, agent: identity, reason: reason)]
    }
}
