import CoreTypes

extension CallDistributor {
    /// Offers waiting calls to free agents (oldest call first), gives up on calls nobody can
    /// take, switches what callers hear, and reports presence changes. Run after every change.
    mutating func settle(now: Instant) -> [AgentAction] {
        var actions: [AgentAction] = []
        for key in queue.values.sorted(by: { $0.sequence < $1.sequence }).map(\.key) {
            actions += dispatch(key, now: now)
        }
        for identity in agents.keys.sorted() {
            guard let current = report(of: identity, now: now), reported[identity] != current else { continue }
            reported[identity] = current
            actions.append(.presenceChanged(agent: identity, current))
        }
        return actions
    }

    private mutating func dispatch(_ key: String, now: Instant) -> [AgentAction] {
        guard let queued = queue[key] else { return [] }
        let untried = queued.group.members.filter {
            !queued.tried.contains($0) && queued.ringing[$0] == nil && agents[$0]?.serves(queued.groupName) == true
        }
        let free = untried.filter { agents[$0]?.isFree(now: now) ?? false }
        var actions: [AgentAction] = []
        let picked = pick(from: free, for: queued, now: now)
        for identity in picked {
            queue[key]?.ringing[identity] = now + queued.group.ringTimeout
            agents[identity]?.ringingFor = key
            if queued.group.strategy == .roundRobin, let name = queued.groupName { roundRobinCursor[name] = identity }
            actions.append(.ring(call: key, agent: identity, offer: queued.offer, group: queued.groupName))
        }
        let ringing = !(queue[key]?.ringing.isEmpty ?? true)
        if !ringing {
            let someoneSoon = untried.contains { agents[$0]?.isOccupied(now: now) ?? false }
            guard someoneSoon else {
                queue[key] = nil
                let reason: GiveUpReason = queued.tried.isEmpty ? .nobodyAvailable : .noAnswer
                return actions + [.giveUp(call: key, reason: reason, waited: now - queued.enteredAt)]
            }
        }
        let hears: CallerAudio = ringing ? .ringback : .waiting
        if queued.hears != hears {
            queue[key]?.hears = hears
            actions.append(.callerHears(call: key, hears))
        }
        return actions
    }

    /// Whom to ring now among the free untried members (in member order). Ring-all rings
    /// every one of them; the others ring one agent at a time.
    private func pick(from free: [String], for queued: QueuedCall, now: Instant) -> [String] {
        guard let first = free.first else { return [] }
        switch queued.group.strategy {
        case .ringAll:
            return free
        case .inOrder:
            return queued.ringing.isEmpty ? [first] : []
        case .roundRobin:
            guard queued.ringing.isEmpty else { return [] }
            let members = queued.group.members
            guard let last = queued.groupName.flatMap({ roundRobinCursor[$0] }),
                  let lastIndex = members.firstIndex(of: last) else { return [first] }
            let rotated = members[(lastIndex + 1)...] + members[...lastIndex]
            return rotated.first(where: free.contains).map { [$0] } ?? []
        case .longestIdle:
            guard queued.ringing.isEmpty else { return [] }
            // Never idle-stamped counts as idle the longest; ties keep the member order.
            let order = Dictionary(queued.group.members.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let best = free.min { a, b in
                let idleA = agents[a]?.idleSince, idleB = agents[b]?.idleSince
                if idleA != idleB {
                    guard let idleA else { return true }
                    guard let idleB else { return false }
                    return idleA < idleB
                }
                return (order[a] ?? 0) < (order[b] ?? 0)
            }
            return best.map { [$0] } ?? []
        }
    }
}
