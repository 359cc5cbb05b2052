import CoreTypes

/// The next timer deadline of each transaction, kept so that the earliest one and the ones
/// due are found without visiting every transaction: a binary heap of (deadline, key)
/// entries beside each key's current deadline. A transaction whose deadline changes gets a
/// new entry; entries that no longer match their key's current deadline are dropped when
/// they reach the top. A completed INVITE client transaction lives 32 s (Timer D), so a
/// busy element holds thousands; scanning them all on every event made call set-up cost
/// grow with the call rate.
struct DeadlineIndex<Key: Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        var deadline: Instant
        var key: Key
    }

    private var heap = MinHeap<Entry> { $0.deadline < $1.deadline }
    private var current: [Key: Instant] = [:]

    /// Records `key`'s next deadline; nil when it has none (or is gone).
    mutating func update(_ key: Key, deadline: Instant?) {
        guard let deadline else {
            current[key] = nil
            return
        }
        guard current[key] != deadline else { return }
        current[key] = deadline
        heap.push(Entry(deadline: deadline, key: key))
        // Stale entries are dropped lazily; rebuild when they outnumber the live ones.
        if heap.count > 4 * current.count + 64 { rebuild() }
    }

    /// The earliest deadline of any key.
    var earliest: Instant? {
        mutating get {
            dropStaleTop()
            return heap.first?.deadline
        }
    }

    /// The keys due at `now`, earliest first, each once; their entries are consumed, so
    /// the caller updates each key after firing its timers.
    mutating func takeDue(now: Instant) -> [Key] {
        var due: [Key] = []
        while true {
            dropStaleTop()
            guard let top = heap.first, top.deadline <= now else { return due }
            heap.popFirst()
            current[top.key] = nil
            due.append(top.key)
        }
    }

    private mutating func dropStaleTop() {
        while let top = heap.first, current[top.key] != top.deadline { heap.popFirst() }
    }

    private mutating func rebuild() {
        heap.removeAll()
        for (key, deadline) in current { heap.push(Entry(deadline: deadline, key: key)) }
    }
}
