import CoreTypes
import NIOCore

/// A media loop's timers: a binary heap of deadlines with each timer's action kept by id,
/// so cancelling is a removal and a cancelled timer's heap entry is skipped when it comes up.
/// Timers with the same deadline run in the order they were added.
///
/// A repeating timer keeps its action between runs and only its deadline goes back into
/// the heap, so a call's periodic work (consent and silence watches, RTCP, 20 ms tickers)
/// allocates nothing per run, where SwiftNIO's `RepeatedTask` makes a promise, futures and
/// callbacks every time.
struct MediaTimers {
    private struct Entry: Sendable {
        var deadline: NIODeadline
        var id: UInt64
        func precedes(_ other: Entry) -> Bool {
            deadline < other.deadline || (deadline == other.deadline && id < other.id)
        }
    }

    private enum Action {
        case once(() -> Void)
        /// Returns the delay to its next run, or nil when it is done.
        case repeating(() -> TimeAmount?)
    }

    /// A timer whose deadline has come, taken out of the heap. The caller runs it with `run()`
    /// outside this struct, since an action may add or cancel timers (its own included).
    enum Due {
        case once(() -> Void)
        /// Still registered: what its run answers goes to `rearm`.
        case repeating(id: UInt64, deadline: NIODeadline, action: () -> TimeAmount?)

        /// Runs the action; for a repeating timer, what `rearm` needs to put it back.
        func run() -> Rearm? {
            switch self {
            case .once(let action):
                action()
                return nil
            case .repeating(let id, let deadline, let action):
                return Rearm(id: id, ranFor: deadline, delay: action())
            }
        }
    }

    /// A repeating timer that has just run: the deadline it ran for and its answer.
    struct Rearm {
        let id: UInt64
        let ranFor: NIODeadline
        let delay: TimeAmount?
    }

    private var heap = MinHeap<Entry> { $0.precedes($1) }
    private var actions: [UInt64: Action] = [:]

    var count: Int { actions.count }

    /// The earliest deadline still to run (cancelled entries at the top are dropped first).
    var nextDeadline: NIODeadline? {
        mutating get {
            while let top = heap.first, actions[top.id] == nil { heap.popFirst() }
            return heap.first?.deadline
        }
    }

    mutating func add(id: UInt64, deadline: NIODeadline, action: @escaping () -> Void) {
        actions[id] = .once(action)
        heap.push(Entry(deadline: deadline, id: id))
    }

    mutating func addRepeating(id: UInt64, deadline: NIODeadline, action: @escaping () -> TimeAmount?) {
        actions[id] = .repeating(action)
        heap.push(Entry(deadline: deadline, id: id))
    }

    mutating func cancel(id: UInt64) {
        actions[id] = nil
    }

    /// The most any timer handed out by `popDue` was late, nanoseconds, since
    /// `takeMostLate` last read it: how far behind the loop is (overload protection).
    private var mostLate: UInt64 = 0

    /// The most a timer was late since the last call, which starts a new period.
    mutating func takeMostLate() -> UInt64 {
        defer { mostLate = 0 }
        return mostLate
    }

    /// The next timer due at `now`, earliest first.
    mutating func popDue(now: NIODeadline) -> Due? {
        while let top = heap.first, top.deadline <= now {
            heap.popFirst()
            let late = now.uptimeNanoseconds - top.deadline.uptimeNanoseconds
            switch actions[top.id] {
            case .once(let action)?:
                actions[top.id] = nil
                mostLate = max(mostLate, late)
                return .once(action)
            case .repeating(let action)?:
                mostLate = max(mostLate, late)
                return .repeating(id: top.id, deadline: top.deadline, action: action)
            case nil:
                continue
            }
        }
        return nil
    }

    /// Puts a repeating timer that has just run back in the heap, its answered delay after the
    /// deadline it ran for, so a steady period does not drift with the loop's lateness; a
    /// timer that fell a whole period behind starts again from `now` instead of running in a
    /// burst. Nothing happens when it was cancelled while it ran, or answered nil.
    mutating func rearm(_ ran: Rearm, now: NIODeadline) {
        guard let delay = ran.delay else {
            actions[ran.id] = nil
            return
        }
        guard actions[ran.id] != nil else { return }
        var next = ran.ranFor + delay
        if next <= now { next = now + delay }
        // Never due again within this same pass of the loop.
        if next <= now { next = now + .nanoseconds(1) }
        heap.push(Entry(deadline: next, id: ran.id))
    }

    mutating func removeAll() {
        heap.removeAll()
        actions.removeAll()
    }
}
