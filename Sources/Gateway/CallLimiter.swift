import CoreTypes

/// Counts calls per scope (identity, call link, trunk) and refuses one that would go over a
/// scope's `CallLimit`: too many calls at once, or too many started within the last 60 s.
///
/// One call is usually admitted under several scopes at once (the user's identity, the link
/// it came through, the trunk it goes out on), all or nothing, so a refusal by the trunk
/// leaves the identity's count as it was.
///
/// Bounded: a scope is kept only while it has a call in progress or a start within the
/// window, and start times are kept only for scopes with a per-minute limit (at most that
/// many each, since a refused call records none). Starts that left the window are dropped
/// at every `admit`, oldest first from one queue, so pruning costs only what expires.
/// No I/O; time comes in as `Instant`s from a monotonic clock.
public struct CallLimiter: Sendable {
    /// The per-minute window: a start counts while it is less than this old.
    public static let window: Duration = .seconds(60)

    private struct ScopeState: Sendable {
        /// Calls in progress, by call id.
        var active: Set<String> = []
        /// Starts within the window, oldest first.
        var starts = FIFOQueue<Instant>()
        var isEmpty: Bool { active.isEmpty && starts.isEmpty }
    }

    private var scopes: [LimitScope: ScopeState] = [:]
    /// The scopes each call in progress is counted in, for `release(call:)`.
    private var scopesOfCall: [String: Set<LimitScope>] = [:]
    /// Every start of every scope, oldest first: the front is the next to leave the window.
    private var startOrder = FIFOQueue<(start: Instant, scope: LimitScope)>()
    /// The latest `now` seen: an earlier one is taken as this, so the windows stay in order.
    private var latest: Instant?

    public init() {}

    /// Scopes currently tracked (with a call in progress or a start within the window).
    public var trackedScopeCount: Int { scopes.count }

    /// Calls currently counted in at least one scope.
    public var trackedCallCount: Int { scopesOfCall.count }

    /// Admits `call` under every (scope, limit) at once: either all are counted or, on the
    /// first limit it would break, none is, and the refusal says which. A call admitted again
    /// under a scope it already holds is not counted twice. A per-minute limit of a scope
    /// is checked against the starts of the last 60 s, and the call's start is recorded
    /// only under scopes given one.
    public mutating func admit(call: String, under limits: [(LimitScope, CallLimit)], now: Instant) -> LimitRefusal? {
        let now = max(now, latest ?? now)
        latest = now
        prune(now: now)

        let held = scopesOfCall[call] ?? []
        for (scope, limit) in limits where !held.contains(scope) {
            if let refusal = check(scope, limit, now: now) { return refusal }
        }

        // A scope listed twice is counted once; it keeps starts if any of its limits wants them.
        var added: [LimitScope: Bool] = [:]
        for (scope, limit) in limits where !held.contains(scope) {
            added[scope] = (added[scope] ?? false) || limit.perMinute != nil
        }
        for (scope, keepsStart) in added {
            scopes[scope, default: ScopeState()].active.insert(call)
            if keepsStart {
                scopes[scope, default: ScopeState()].starts.append(now)
                startOrder.append((now, scope))
            }
        }
        if !added.isEmpty {
            scopesOfCall[call, default: []].formUnion(added.keys)
        }
        return nil
    }

    /// The call ended: it no longer counts toward any scope's concurrent calls (its starts
    /// stay in the per-minute windows). Releasing an unknown or released call does nothing.
    public mutating func release(call: String) {
        guard let held = scopesOfCall.removeValue(forKey: call) else { return }
        for scope in held { leave(scope, call: call) }
    }

    /// The call left one scope (a trunk that refused it before failover to the next).
    public mutating func release(call: String, from scope: LimitScope) {
        guard scopesOfCall[call]?.remove(scope) != nil else { return }
        if scopesOfCall[call]?.isEmpty == true { scopesOfCall[call] = nil }
        leave(scope, call: call)
    }

    /// Calls in progress counted in `scope`.
    public func activeCalls(in scope: LimitScope) -> Int {
        scopes[scope]?.active.count ?? 0
    }

    // MARK: - Internals

    private func check(_ scope: LimitScope, _ limit: CallLimit, now: Instant) -> LimitRefusal? {
        let state = scopes[scope]
        if let allowed = limit.maxConcurrent {
            let active = state?.active.count ?? 0
            if active >= allowed {
                return LimitRefusal(scope: scope, kind: .concurrent, limit: allowed, count: active)
            }
        }
        if let allowed = limit.perMinute {
            let started = state?.starts.count ?? 0
            if started >= allowed {
                // One more fits once all but `allowed - 1` of the starts have left the
                // window: when the start at index `started - allowed` turns 60 s old.
                let retryAfter = state?.starts[started - allowed].map { $0 + Self.window - now }
                return LimitRefusal(scope: scope, kind: .perMinute, limit: allowed, count: started,
                                    retryAfter: retryAfter)
            }
        }
        return nil
    }

    /// Drops the starts that are 60 s old or older, and the scopes left with nothing.
    private mutating func prune(now: Instant) {
        while let oldest = startOrder.first, now - oldest.start >= Self.window {
            startOrder.removeFirst()
            // Each scope's starts were appended together with `startOrder`, so its oldest
            // start is this one.
            scopes[oldest.scope]?.starts.removeFirst()
            if scopes[oldest.scope]?.isEmpty == true { scopes[oldest.scope] = nil }
        }
    }

    private mutating func leave(_ scope: LimitScope, call: String) {
        scopes[scope]?.active.remove(call)
        if scopes[scope]?.isEmpty == true { scopes[scope] = nil }
    }
}

/// A first-in first-out queue on an array: taking from the front moves an index, and the
/// array is compacted once half of it is taken, so each element costs O(1) amortized.
struct FIFOQueue<Element: Sendable>: Sendable {
    private var items: [Element] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { head == items.count }
    var first: Element? { isEmpty ? nil : items[head] }

    /// The element `offset` places after the oldest, or nil outside the queue.
    subscript(offset: Int) -> Element? {
        offset >= 0 && offset < count ? items[head + offset] : nil
    }

    mutating func append(_ element: Element) { items.append(element) }

    mutating func removeFirst() {
        guard head < items.count else { return }
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
