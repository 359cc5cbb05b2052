// Packets going into the jitter buffer: unwrapping, duplicates, lateness,
// stream restarts and talk-spurt starts.

extension JitterBuffer {
    /// `insert(sequenceNumber:timestamp:marker:ssrc:payload:arrivalNanoseconds:)`
    /// with the numbers taken from a parsed header.
    @discardableResult
    public mutating func insert(_ header: RTPHeader, payload: UnsafeRawBufferPointer,
                                arrivalNanoseconds: Int64) -> Bool {
        insert(sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, marker: header.marker,
               ssrc: header.ssrc, payload: payload, arrivalNanoseconds: arrivalNanoseconds)
    }

    /// Buffers one packet's payload. The bytes are copied into one of the
    /// `capacity` slots, whose arrays keep their capacity: once the slots have
    /// held packets of the stream's size, inserting allocates nothing, as long
    /// as the `Frame` last handed out from a slot (which shares its bytes) has
    /// been let go. `ssrc` may stay 0 when the caller tracks sources itself.
    ///
    /// Returns false when the packet is dropped: late (its stretch of stream
    /// time was already handed out), a duplicate, or older than everything
    /// buffered while the buffer is full. A packet from a new SSRC, or too far
    /// from the stream to belong to it (more than 3 s away, or an RFC 3550 A.1
    /// sequence jump), resets the buffer and is kept as the new stream's first.
    @discardableResult
    public mutating func insert(sequenceNumber: UInt16, timestamp: UInt32, marker: Bool = false,
                                ssrc: UInt32 = 0, payload: UnsafeRawBufferPointer,
                                arrivalNanoseconds arrival: Int64) -> Bool {
        guard hasStream, ssrc == self.ssrc else {
            if hasStream { statistics.resets &+= 1 }
            startStream(ssrc: ssrc, sequenceNumber: sequenceNumber, timestamp: timestamp, arrival: arrival)
            return store(sequenceNumber: sequenceNumber, timestamp: Int64(timestamp), marker: marker,
                         payload: payload, arrival: arrival)
        }
        // RFC 3550 §5.1: timestamps are modulo 2^32; unwrap around the cursor.
        let extended = cursor &+ Int64(Int32(bitPattern: timestamp &- UInt32(truncatingIfNeeded: cursor)))
        if isRestart(timestamp: extended, sequenceNumber: sequenceNumber) {
            statistics.resets &+= 1
            startStream(ssrc: ssrc, sequenceNumber: sequenceNumber, timestamp: timestamp, arrival: arrival)
            return store(sequenceNumber: sequenceNumber, timestamp: Int64(timestamp), marker: marker,
                         payload: payload, arrival: arrival)
        }
        jitter.record(arrival: arrival, timestamp: timestamp, clockRate: rate)
        learnPacketDuration(sequenceNumber: sequenceNumber, timestamp: timestamp)
        let isNewest = Int16(bitPattern: sequenceNumber &- highestSequence) > 0
        switch phase {
        case .idle:
            // The stream is back after going quiet: time its playout afresh.
            // Older packets are stragglers of what was already played.
            guard extended >= cursor || isNewest else { return dropOld(sequenceNumber) }
            beginTalkSpurt(at: extended, arrival: arrival)
        case .filling:
            break
        case .playing where extended < cursor:
            if marker, isNewest, slots.count == 0 {
                // A talk spurt starting behind the old schedule (RFC 3551 §4.1).
                beginTalkSpurt(at: extended, arrival: arrival)
            } else if let last = lastPlayed, sequenceNumber == last.sequence &+ 1, cursor == last.end,
                      extended > last.start {
                // The packet played last was shorter than assumed; nothing was concealed yet.
                cursor = extended
            } else {
                return dropOld(sequenceNumber)
            }
        case .playing:
            break
        }
        return store(sequenceNumber: sequenceNumber, timestamp: extended, marker: marker,
                     payload: payload, arrival: arrival)
    }

    private mutating func store(sequenceNumber: UInt16, timestamp: Int64, marker: Bool,
                                payload: UnsafeRawBufferPointer, arrival: Int64) -> Bool {
        guard slots.index(ofTimestamp: timestamp) == nil else {
            statistics.duplicates &+= 1
            return false
        }
        let result = slots.store(timestamp: timestamp, sequenceNumber: sequenceNumber, marker: marker,
                                 arrival: arrival, payload: payload)
        if result.droppedOne { statistics.overflow &+= 1 }
        if case .filling = phase, let earliest = slots.earliest() { cursor = slots[earliest].timestamp }
        if result.droppedNew { return false }
        statistics.accepted &+= 1
        if Int16(bitPattern: sequenceNumber &- highestSequence) > 0 { highestSequence = sequenceNumber }
        // Packets beyond a talk-spurt gap will be timed afresh; they say nothing
        // about the current delay.
        if phase == .playing, timestamp &- cursor <= idleTicks {
            window.record(Self.subtracting(playoutTime(of: timestamp), arrival), at: arrival)
        }
        return true
    }

    private mutating func dropOld(_ sequenceNumber: UInt16) -> Bool {
        if playedSequences.contains(sequenceNumber) {
            statistics.duplicates &+= 1
        } else {
            statistics.late &+= 1
        }
        return false
    }

    /// Far from the stream in time, or an RFC 3550 A.1 sequence restart. While
    /// idle a timestamp jump is only the silence that passed.
    private func isRestart(timestamp: Int64, sequenceNumber: UInt16) -> Bool {
        let jump = sequenceNumber &- highestSequence
        if jump >= ReceiveStatistics.maxDropout, jump <= UInt16.max - ReceiveStatistics.maxMisorder + 1 {
            return true
        }
        return phase != .idle && (timestamp &- cursor).magnitude >= UInt64(resetTicks)
    }

    private mutating func startStream(ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32, arrival: Int64) {
        reset()
        hasStream = true
        self.ssrc = ssrc
        highestSequence = sequenceNumber
        jitter.record(arrival: arrival, timestamp: timestamp, clockRate: rate)
        previousArrival = (sequenceNumber, timestamp)
        beginTalkSpurt(at: Int64(timestamp), arrival: arrival)
    }

    private mutating func learnPacketDuration(sequenceNumber: UInt16, timestamp: UInt32) {
        if let previous = previousArrival, sequenceNumber == previous.sequence &+ 1 {
            let step = Int64(Int32(bitPattern: timestamp &- previous.timestamp))
            if step > 0, step <= longestPacketTicks { packetTicks = step }
        }
        previousArrival = (sequenceNumber, timestamp)
    }
}
