import Foundation

/// Signed-in operators of the admin console: a session per sign-in, found by the random id
/// its HttpOnly cookie carries, with the CSRF token the console must echo in `X-CSRF-Token`
/// on every request that changes something (the cookie alone never authorizes a change, so
/// another site cannot make the browser do one).
///
/// Pure: ids and tokens are made by the caller, the time is passed in.
public struct OperatorSessions: Sendable {
    public struct Session: Sendable, Equatable {
        public let id: String
        public let operatorName: String
        public let csrfToken: String
        public let openedAt: Date
        public fileprivate(set) var lastSeen: Date
    }

    /// A session unused this long ends (the console pings while open).
    public let idleTimeout: TimeInterval
    /// A session ends this long after sign-in whatever its use.
    public let absoluteTimeout: TimeInterval
    /// Sessions per operator at most; the oldest is closed beyond it.
    public static let maxPerOperator = 20
    public static let defaultIdleTimeout: TimeInterval = 30 * 60
    public static let defaultAbsoluteTimeout: TimeInterval = 12 * 3600

    private var sessions: [String: Session] = [:]

    public init(idleTimeout: TimeInterval = defaultIdleTimeout, absoluteTimeout: TimeInterval = defaultAbsoluteTimeout) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    /// Opens a session for `operatorName` with the given random id and CSRF token.
    public mutating func open(operatorName: String, id: String, csrfToken: String, now: Date) -> Session {
        prune(now: now)
        let mine = sessions.values.filter { $0.operatorName == operatorName }.sorted { $0.openedAt < $1.openedAt }
        for old in mine.prefix(max(0, mine.count - Self.maxPerOperator + 1)) { sessions[old.id] = nil }
        let session = Session(id: id, operatorName: operatorName, csrfToken: csrfToken, openedAt: now, lastSeen: now)
        sessions[id] = session
        return session
    }

    /// The live session with this id, its idle time restarted; nil when unknown or expired.
    public mutating func use(id: String, now: Date) -> Session? {
        guard var session = sessions[id] else { return nil }
        guard isLive(session, now: now) else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    public mutating func close(id: String) {
        sessions[id] = nil
    }

    /// Signs an operator out everywhere (password changed, operator removed).
    public mutating func closeAll(of operatorName: String) {
        sessions = sessions.filter { $0.value.operatorName != operatorName }
    }

    public var count: Int { sessions.count }

    private func isLive(_ session: Session, now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeen) < idleTimeout && now.timeIntervalSince(session.openedAt) < absoluteTimeout
    }

    private mutating func prune(now: Date) {
        sessions = sessions.filter { isLive($0.value, now: now) }
    }
}

/// Compares secrets in time independent of where they differ.
public func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
}
