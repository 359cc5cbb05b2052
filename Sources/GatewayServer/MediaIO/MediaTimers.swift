import CoreTypes
import NIOCore

/// A media loop's timers: a binary heap of deadlines with each timer's action kept by id,
/// so cancelling is a removal and a cancelled timer's heap entry is skipped when it comes up.
/// Timers with the same deadline run in the order they were added.
struct MediaTimers {
    private struct Entry: Sendable {
        var deadline: NIODeadline
        var id: UInt64
        func precedes(_ other: Entry) -> Bool {
            deadline < other.deadline || (deadline == other.deadline && id < other.id)
        }
    }

    private var heap = MinHeap<Entry> { $0.precedes($1) }
    private var actions: [UInt64: () -> Void] = [:]

    var count: Int { actions.count }

    /// The earliest deadline still to run (cancelled entries at the top are dropped first).
    var nextDeadline: NIODeadline? {
        mutating get {
            while let top = heap.first, actions[top.id] == nil { heap.popFirst() }
            return heap.first?.deadline
        }
    }

    mutating func add(id: UInt64, deadline: NIODeadline, action: @escaping () -> Void) {
        actions[id] = action
        heap.push(Entry(deadline: deadline, id: id))
    }

    mutating func cancel(id: UInt64) {
        actions[id] = nil
    }

    /// The next timer due at `now`, earliest first, taken out to be run: the caller runs it
    /// outside this struct, since a timer's action may add or cancel timers.
    mutating func popDue(now: NIODeadline) -> (() -> Void)? {
        while let top = heap.first, top.deadline <= now {
            heap.popFirst()
            if let action = actions.removeValue(forKey: top.id) { return action }
        }
        return nil
    }

    mutating func removeAll() {
        heap.removeAll()
        actions.removeAll()
    }
}
