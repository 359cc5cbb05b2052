import CoreTypes
import Foundation
import Gateway
import Hashing
import Logging
import Store
import WebAuth

/// Who may use the admin API (`/api/...`, docs/operations.md "Operators and API keys"):
/// operators signed in with a password (a session cookie plus a CSRF token for changes),
/// REST clients with an API key, and the configuration's `http.admin_token`.
actor AdminAccess {
    enum Principal: Sendable, Equatable, CustomStringConvertible {
        case operatorSession(name: String, csrfToken: String)
        case apiKey(name: String)
        case adminToken

        var description: String {
            switch self {
            case .operatorSession(let name, _): "operator \(name)"
            case .apiKey(let name): "API key \(name)"
            case .adminToken: "admin token"
            }
        }
    }

    enum LoginOutcome: Sendable {
        case signedIn(OperatorSessions.Session)
        /// Unknown name or wrong password: the same answer for both.
        case refused
        /// Too many failures from this address: nothing is checked until `retryAfter`.
        case banned(retryAfter: Duration)
    }

    private let store: any OperatorStore
    private let adminToken: String?
    private var sessions = OperatorSessions()
    /// Failed sign-ins per client address; a ban after five within a minute.
    private var guardByAddress = SourceGuard(limits: .init(requestsPerSecond: 5, burst: 10, failuresBeforeBan: 5,
                                                           failureWindow: .seconds(60), banDuration: .seconds(900)))
    private let clock = RuntimeClock()
    private let logger: Logger
    private(set) var refusedLogins = 0

    init(store: any OperatorStore, adminToken: String?, logger: Logger) {
        self.store = store
        self.adminToken = adminToken
        self.logger = logger
        // Made now, so even the first sign-in for an unknown name takes as long as any other.
        _ = PasswordHash.decoy
    }

    /// Checks a password; the slow hash runs for unknown names too, so timing tells nothing.
    func login(name: String, password: String, from address: String) -> LoginOutcome {
        let now = clock.now
        if case .banned(let until) = guardByAddress.admit(address, now: now) {
            return .banned(retryAfter: until - now)
        }
        let account = try? store.operatorAccount(named: name)
        let matches = PasswordHash.verify(password: password, against: account?.passwordHash ?? PasswordHash.decoy)
        guard matches, let account else {
            refusedLogins += 1
            let bannedUntil = guardByAddress.recordFailure(address, now: now)
            logger.notice("operator sign-in refused", metadata: ["address": "\(address)",
                                                                  "banned": "\(bannedUntil != nil)"])
            return .refused
        }
        logger.info("operator signed in", metadata: ["operator": "\(account.name)", "address": "\(address)"])
        return .signedIn(sessions.open(operatorName: account.name, id: randomToken(length: 32),
                                       csrfToken: randomToken(length: 32), now: Date()))
    }

    func logout(sessionID: String) {
        sessions.close(id: sessionID)
    }

    /// The principal a request authenticates as, or nil.
    func principal(authorization: String?, sessionCookie: String?) -> Principal? {
        if let authorization, authorization.hasPrefix("Bearer ") {
            let presented = String(authorization.dropFirst("Bearer ".count))
            if let adminToken, constantTimeEquals(presented, adminToken) { return .adminToken }
            let hash = Hash.sha256.digest(Array(presented.utf8)).hexString
            if let key = try? store.apiKey(withHash: hash) {
                try? store.touchAPIKey(id: key.id, at: Date())
                return .apiKey(name: key.name)
            }
            return nil
        }
        if let sessionCookie, let session = sessions.use(id: sessionCookie, now: Date()) {
            // Removed since, or the password changed (`gatewayd operator`): signed out everywhere.
            guard let account = try? store.operatorAccount(named: session.operatorName),
                  account.updatedAt <= session.openedAt else {
                sessions.closeAll(of: session.operatorName)
                return nil
            }
            return .operatorSession(name: session.operatorName, csrfToken: session.csrfToken)
        }
        return nil
    }

    /// `/metrics`: refused operator sign-ins and addresses shut out now.
    func metricsText() -> String {
        var metrics = MetricsText()
        metrics.counter("gateway_operator_signins_refused_total", help: "Admin console sign-ins refused (unknown name or wrong password).",
                        samples: [([], Double(refusedLogins))])
        metrics.gauge("gateway_operator_signin_addresses_banned", help: "Addresses shut out of signing in after repeated failures.",
                      samples: [([], Double(guardByAddress.banned(now: clock.now).count))])
        return metrics.text
    }
}
