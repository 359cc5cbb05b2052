import CoreTypes

/// What a source address may send: SIP requests at a bounded rate, and a ban after repeated
/// failures (a refused INVITE, a wrong digest password), so a scan or a brute force from
/// one address stops costing anything after a few tries. Trunks' own addresses are never
/// passed here: they are trusted by configuration.
///
/// Bounded: at most `maximumSources` addresses are tracked; when full, the ones idle the
/// longest are forgotten (a flood from spoofed addresses cannot grow it). No I/O; time
/// comes in as `Instant`s.
public struct SourceGuard: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Sustained requests per second per source, and the burst above it.
        public var requestsPerSecond: Double
        public var burst: Double
        /// Failures within `failureWindow` that ban the source for `banDuration`.
        public var failuresBeforeBan: Int
        public var failureWindow: Duration
        public var banDuration: Duration

        public init(requestsPerSecond: Double = 20, burst: Double = 40, failuresBeforeBan: Int = 5,
                    failureWindow: Duration = .seconds(60), banDuration: Duration = .seconds(600)) {
            self.requestsPerSecond = max(0.1, requestsPerSecond)
            self.burst = max(1, burst)
            self.failuresBeforeBan = max(1, failuresBeforeBan)
            self.failureWindow = failureWindow
            self.banDuration = banDuration
        }
    }

    public enum Admission: Sendable, Equatable {
        case allowed
        /// Over its rate: the request is dropped unanswered.
        case rateLimited
        /// Banned until the given instant: everything from it is dropped unanswered.
        case banned(until: Instant)
    }

    private struct Source {
        var tokens: Double
        var lastSeen: Instant
        var failures: [Instant] = []
        var bannedUntil: Instant?
    }

    public let limits: Limits
    public let maximumSources: Int
    private var sources: [String: Source] = [:]

    public init(limits: Limits = Limits(), maximumSources: Int = 10_000) {
        self.limits = limits
        self.maximumSources = max(1, maximumSources)
    }

    /// Number of sources tracked now.
    public var trackedCount: Int { sources.count }

    /// Whether a request from `source` may be handled; counts it against the source's rate
    /// (a token bucket: `burst` at once, refilled at `requestsPerSecond`).
    public mutating func admit(_ source: String, now: Instant) -> Admission {
        var entry = sources[source] ?? newSource(now: now)
        if let until = entry.bannedUntil {
            if now < until { return .banned(until: until) }
            entry.bannedUntil = nil
            entry.failures = []
        }
        let elapsed = max(0, Double((now - entry.lastSeen).nanosecondsClamped) / 1e9)
        entry.tokens = min(limits.burst, entry.tokens + elapsed * limits.requestsPerSecond)
        entry.lastSeen = now
        let allowed = entry.tokens >= 1
        if allowed { entry.tokens -= 1 }
        store(source, entry, now: now)
        return allowed ? .allowed : .rateLimited
    }

    /// A failure from `source` (refused INVITE, wrong credentials). Returns the end of the
    /// ban when this failure is the one that bans it.
    @discardableResult
    public mutating func recordFailure(_ source: String, now: Instant) -> Instant? {
        var entry = sources[source] ?? newSource(now: now)
        entry.failures = entry.failures.filter { now - $0 < limits.failureWindow } + [now]
        entry.lastSeen = now
        var bannedUntil: Instant?
        if entry.bannedUntil == nil, entry.failures.count >= limits.failuresBeforeBan {
            bannedUntil = now + limits.banDuration
            entry.bannedUntil = bannedUntil
        }
        store(source, entry, now: now)
        return bannedUntil
    }

    /// The sources banned now, with when each ban ends.
    public func banned(now: Instant) -> [String: Instant] {
        sources.compactMapValues { entry in entry.bannedUntil.flatMap { $0 > now ? $0 : nil } }
    }

    private func newSource(now: Instant) -> Source {
        Source(tokens: limits.burst, lastSeen: now)
    }

    private mutating func store(_ source: String, _ entry: Source, now: Instant) {
        if sources[source] == nil, sources.count >= maximumSources { makeRoom(now: now) }
        sources[source] = entry
    }

    /// Forgets sources with nothing left to remember (bucket full again, no recent failure,
    /// no ban); if that is not enough, the quarter idle the longest that are not banned.
    private mutating func makeRoom(now: Instant) {
        let refill = Duration.seconds(limits.burst / limits.requestsPerSecond)
        sources = sources.filter { _, entry in
            entry.bannedUntil.map { $0 > now } == true
                || now - entry.lastSeen < max(refill, limits.failureWindow)
        }
        guard sources.count >= maximumSources else { return }
        let evict = sources.filter { $0.value.bannedUntil == nil }
            .sorted { $0.value.lastSeen < $1.value.lastSeen }
            .prefix(max(1, maximumSources / 4))
        for (key, _) in evict { sources[key] = nil }
    }
}
