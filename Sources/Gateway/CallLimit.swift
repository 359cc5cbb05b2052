/// How many calls one scope (an identity, a call link, a trunk) may have: at once, and
/// started within any 60 s. `nil` means no limit of that kind.
public struct CallLimit: Sendable, Hashable {
    /// Calls in progress at the same time.
    public var maxConcurrent: Int?
    /// Calls started within the last 60 s (a sliding window, `CallLimiter.window`).
    public var perMinute: Int?

    public init(maxConcurrent: Int? = nil, perMinute: Int? = nil) {
        self.maxConcurrent = maxConcurrent
        self.perMinute = perMinute
    }

    /// Neither kind is limited: the scope's calls are still counted, never refused.
    public var isUnlimited: Bool { maxConcurrent == nil && perMinute == nil }
}

/// What a limit applies to.
public enum LimitScope: Hashable, Sendable, CustomStringConvertible {
    /// A web user, by the identity of their token.
    case identity(String)
    /// A dialplan call link (`entry.web.call_links.<link>`).
    case callLink(String)
    /// A call link made in the admin console, by its id (the secret in its URL).
    case operatorLink(String)
    /// A SIP trunk, by its configured name.
    case trunk(String)

    public var description: String {
        switch self {
        case .identity(let name): "identity \(name)"
        case .callLink(let name): "call link \(name)"
        // Only the id's start: the whole id lets anyone call, and descriptions reach logs.
        case .operatorLink(let id): "call link \(id.prefix(8))"
        case .trunk(let name): "trunk \(name)"
        }
    }
}

/// Why `CallLimiter.admit` refused a call: the first limit it would have broken. An `Error`
/// too, so that admission can be carried as a `Result`.
public struct LimitRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The scope already has `maxConcurrent` calls in progress.
        case concurrent
        /// The scope already started `perMinute` calls within the last 60 s.
        case perMinute
    }

    public let scope: LimitScope
    public let kind: Kind
    /// The limit that was reached.
    public let limit: Int
    /// What the scope had when the call was refused: its calls in progress (`concurrent`)
    /// or its starts within the last 60 s (`perMinute`). At least `limit`; more when the
    /// limit was lowered while calls were going on.
    public let count: Int
    /// For perMinute: how long until one more call would be admitted (the oldest start
    /// leaves the 60 s window). nil for concurrent, and for a per-minute limit below 1,
    /// which never admits a call.
    public let retryAfter: Duration?

    public init(scope: LimitScope, kind: Kind, limit: Int, count: Int, retryAfter: Duration? = nil) {
        self.scope = scope
        self.kind = kind
        self.limit = limit
        self.count = count
        self.retryAfter = retryAfter
    }

    public var description: String {
        let calls = count == 1 ? "1 call" : "\(count) calls"
        switch kind {
        case .concurrent: return "\(scope) already has \(calls) (limit \(limit))"
        case .perMinute: return "\(scope) started \(calls) in the last minute (limit \(limit))"
        }
    }
}
