extension JitterBuffer {
    /// A fixed number of packet slots, searched linearly (capacity is small).
    ///
    /// Allocation: the slot array is made once. Each slot keeps its own payload
    /// array and reuses its capacity (`removeAll(keepingCapacity:)`), so once the
    /// slots have held packets of the stream's size, storing a packet allocates
    /// nothing, provided the caller has let go of the `Frame` last handed out
    /// from that slot (a frame shares the slot's bytes until then).
    struct Slots: Sendable {
        struct Slot: Sendable {
            var occupied = false
            /// Extended (unwrapped) RTP timestamp.
            var timestamp: Int64 = 0
            var sequenceNumber: UInt16 = 0
            var marker = false
            var arrival: Int64 = 0
            var payload: [UInt8] = []
        }

        private(set) var slots: [Slot]
        private(set) var count = 0

        init(capacity: Int) {
            slots = Array(repeating: Slot(), count: capacity)
        }

        var capacity: Int { slots.count }

        subscript(index: Int) -> Slot { slots[index] }

        func index(ofTimestamp timestamp: Int64) -> Int? {
            slots.indices.first { slots[$0].occupied && slots[$0].timestamp == timestamp }
        }

        func index(ofSequence sequence: UInt16) -> Int? {
            slots.indices.first { slots[$0].occupied && slots[$0].sequenceNumber == sequence }
        }

        /// The buffered packet with the smallest timestamp not below `timestamp`.
        func earliest(from timestamp: Int64 = .min) -> Int? {
            var best: Int?
            for index in slots.indices where slots[index].occupied && slots[index].timestamp >= timestamp {
                if let current = best, slots[current].timestamp <= slots[index].timestamp { continue }
                best = index
            }
            return best
        }

        /// Stores a packet. When every slot is taken, the packet with the
        /// smallest timestamp goes: the oldest buffered one, or the new one if it
        /// is older still. Returns whether a packet was dropped and whether it was
        /// the new one.
        mutating func store(timestamp: Int64, sequenceNumber: UInt16, marker: Bool, arrival: Int64,
                            payload: UnsafeRawBufferPointer) -> (droppedOne: Bool, droppedNew: Bool) {
            var dropped = false
            if count == capacity, let oldest = earliest() {
                if slots[oldest].timestamp > timestamp { return (true, true) }
                remove(at: oldest)
                dropped = true
            }
            guard let free = slots.indices.first(where: { !slots[$0].occupied }) else { return (true, true) }
            slots[free].occupied = true
            slots[free].timestamp = timestamp
            slots[free].sequenceNumber = sequenceNumber
            slots[free].marker = marker
            slots[free].arrival = arrival
            slots[free].payload.removeAll(keepingCapacity: true)
            slots[free].payload.append(contentsOf: payload)
            count += 1
            return (dropped, false)
        }

        mutating func remove(at index: Int) {
            guard slots[index].occupied else { return }
            slots[index].occupied = false
            count -= 1
        }

        /// Removes every packet older than `timestamp`; returns how many.
        mutating func removeAll(before timestamp: Int64) -> Int {
            var removed = 0
            for index in slots.indices where slots[index].occupied && slots[index].timestamp < timestamp {
                remove(at: index)
                removed += 1
            }
            return removed
        }

        mutating func removeAll() {
            for index in slots.indices { slots[index].occupied = false }
            count = 0
        }
    }
}
