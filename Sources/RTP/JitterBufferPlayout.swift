extension JitterBuffer {
    /// What to play next at `now`. Call at every playout tick and again until
    /// it returns `.empty` (see the type's documentation for 10 and 30 ms packets).
    public mutating func pop(nowNanoseconds now: Int64) -> Playout {
        pop(now: now, mayRetime: true)
    }

    private mutating func pop(now: Int64, mayRetime: Bool) -> Playout {
        if case .filling(let start) = phase {
            guard slots.count > 0 else {
                phase = .idle
                return .empty
            }
            guard now > start else { return .empty }
            startPlaying(at: now)
        }
        guard phase == .playing else { return .empty }
        keepAnchorRecent(now: now)
        let position = playoutPosition(at: now)
        if cursor < position &- idleTicks { skipOverdue(to: position) }
        guard cursor < position &+ frame else { return .empty }
        if let stretch = adjustDelay(now: now) { return stretch }

        guard let next = slots.earliest(from: cursor) else { return concealDryTick() }
        let slot = slots[next]
        if slot.timestamp > cursor {
            let gap = slot.timestamp &- cursor
            if mayRetime, gap > idleTicks || slot.marker {
                // Silence before a talk spurt (RFC 3551 §4.1: the marker bit flags
                // its first packet): the free moment to move to the target delay.
                beginTalkSpurt(at: slot.timestamp, arrival: slot.arrival)
                return pop(now: now, mayRetime: false)
            }
            if let last = lastPlayed, cursor == last.end, slot.sequenceNumber == last.sequence &+ 1 {
                // Nothing lost: the packet played last was longer than assumed.
                cursor = slot.timestamp
                guard cursor < position &+ frame else { return .empty }
            } else {
                return conceal(ticks: min(gap, packetTicks))
            }
        }
        return handOut(at: next)
    }

    private mutating func startPlaying(at now: Int64) {
        if let earliest = slots.earliest() { cursor = slots[earliest].timestamp }
        phase = .playing
        anchorTimestamp = cursor
        anchorTime = now
        lastAdjustment = now
        lastDecrease = now
        dryTicks = 0
        window.reset()
        for index in 0..<slots.capacity where slots[index].occupied {
            let margin = Self.subtracting(playoutTime(of: slots[index].timestamp), slots[index].arrival)
            window.record(margin, at: now)
        }
    }

    /// Extended timestamp due at `now`.
    func playoutPosition(at now: Int64) -> Int64 {
        anchorTimestamp &+ ticks(nanoseconds: Self.subtracting(now, anchorTime))
    }

    /// When the stream time `timestamp` is due.
    func playoutTime(of timestamp: Int64) -> Int64 {
        Self.adding(anchorTime, nanoseconds(ticks: timestamp &- anchorTimestamp))
    }

    /// Moves the anchor on by whole seconds (exact in both units) so the spans
    /// converted between ticks and nanoseconds stay short.
    private mutating func keepAnchorRecent(now: Int64) {
        let elapsed = playoutPosition(at: now) &- anchorTimestamp
        guard elapsed >= rate else { return }
        let seconds = elapsed / rate
        anchorTimestamp &+= seconds * rate
        anchorTime = Self.adding(anchorTime, seconds * Self.nanosecondsPerSecond)
    }

    /// Playout was not pulled for a while: what is overdue is not played late.
    private mutating func skipOverdue(to position: Int64) {
        statistics.discarded &+= slots.removeAll(before: position)
        cursor = position
        lastPlayed = nil
    }

    /// Keeps the running delay within half a tick of the target (see the type's
    /// documentation). Returns a `.stretch` to play instead of the due audio
    /// when raising it.
    private mutating func adjustDelay(now: Int64) -> Playout? {
        let target = targetDelay
        recentTargets.record(target, at: now)
        // One adjustment per tick at most.
        guard let delay = window.maximum,
              Self.subtracting(now, lastAdjustment) >= frameNanoseconds / 2 else { return nil }
        let halfTick = frameNanoseconds / 2
        if delay <= target - halfTick, delay + frameNanoseconds <= maximumDelay {
            anchorTime = Self.adding(anchorTime, frameNanoseconds)
            window.shift(by: frameNanoseconds)
            lastAdjustment = now
            statistics.stretched &+= 1
            return .stretch(durationTicks: frameTicks)
        }
        let ceiling = min(Self.adding(recentTargets.maximum ?? target, halfTick), maximumDelay)
        let mayDecrease = delay > maximumDelay
            || (delay > ceiling && Self.subtracting(now, lastDecrease) >= Self.decreaseIntervalNanoseconds)
        if mayDecrease, let next = slots.earliest(from: cursor) {
            let skipped: Int64
            if slots[next].timestamp == cursor {
                skipped = duration(ofPacketAt: next)
                playedSequences.insert(slots[next].sequenceNumber)
                lastPlayed = (slots[next].sequenceNumber, cursor, cursor &+ skipped)
                slots.remove(at: next)
                statistics.discarded &+= 1
            } else {
                skipped = min(slots[next].timestamp &- cursor, frame)
            }
            cursor &+= skipped
            let shift = nanoseconds(ticks: skipped)
            anchorTime = Self.subtracting(anchorTime, shift)
            window.shift(by: -shift)
            lastAdjustment = now
            lastDecrease = now
        }
        return nil
    }

    private mutating func handOut(at index: Int) -> Playout {
        let slot = slots[index]
        let duration = duration(ofPacketAt: index)
        slots.remove(at: index)
        playedSequences.insert(slot.sequenceNumber)
        lastPlayed = (slot.sequenceNumber, cursor, cursor &+ duration)
        cursor &+= duration
        dryTicks = 0
        statistics.played &+= 1
        return .packet(Frame(sequenceNumber: slot.sequenceNumber, timestamp: UInt32(truncatingIfNeeded: slot.timestamp),
                             durationTicks: UInt32(clamping: duration), marker: slot.marker,
                             payload: slot.payload))
    }

    /// Nothing buffered for the due stream time: conceal one packet's worth,
    /// until that has gone on for 100 ms; then the stream is taken as quiet.
    private mutating func concealDryTick() -> Playout {
        guard dryTicks < idleTicks else {
            phase = .idle
            lastPlayed = nil
            return .empty
        }
        dryTicks &+= packetTicks
        return conceal(ticks: packetTicks)
    }

    private mutating func conceal(ticks: Int64) -> Playout {
        let start = cursor
        cursor &+= ticks
        statistics.concealed &+= 1
        return .missing(timestamp: UInt32(truncatingIfNeeded: start), durationTicks: UInt32(clamping: ticks))
    }

    /// Stream time a buffered packet covers: up to its successor's timestamp
    /// when that is buffered, else the learned packet duration, and never past
    /// the next buffered packet.
    func duration(ofPacketAt index: Int) -> Int64 {
        let start = slots[index].timestamp
        var duration = packetTicks
        if let successor = slots.index(ofSequence: slots[index].sequenceNumber &+ 1) {
            let step = slots[successor].timestamp &- start
            if step > 0, step <= longestPacketTicks { duration = step }
        }
        if let following = slots.earliest(from: start &+ 1) {
            duration = min(duration, slots[following].timestamp &- start)
        }
        return max(1, duration)
    }
}
