import Config
import CoreTypes
import Foundation
import Gateway
import Logging
import SIP

/// The trunks' registrations as the engine holds them.
struct RegistrationTable: Sendable {
    /// By trunk name.
    var byTrunk: [String: TrunkRegistration] = [:]
    /// SIP Call-ID → trunk name: every REGISTER of a trunk shares one Call-ID.
    var trunkByCallID: [String: String] = [:]

    var nextDeadline: Instant? { byTrunk.values.compactMap(\.nextDeadline).min() }
}

extension CallEngine {
    /// Starts registering every trunk configured with `register: true`.
    func startRegistrations() {
        let now = clock.now
        for trunk in config.trunks where trunk.register && registrations.byTrunk[trunk.name] == nil {
            guard let username = trunk.username, let password = trunk.password else { continue }
            // An explicit registrar is asked directly; otherwise REGISTER takes the
            // calls' path, through the outbound proxy when there is one.
            let plan = RegistrationPlan(
                trunkName: trunk.name, registrar: trunk.registrar ?? trunk.nextHop,
                route: trunk.registrar == nil ? trunk.target.outboundProxyRoute : nil,
                domain: trunk.domain, username: username, authUsername: trunk.authUsername, password: password,
                local: localSIP(for: trunk.transport), expires: Int(trunk.registerExpires.components.seconds),
                callID: SIPIdentifiers.newCallID(), fromTag: SIPIdentifiers.newTag())
            var registration = TrunkRegistration(plan: plan, random: { Double.random(in: 0..<1) })
            let actions = registration.start(now: now)
            registrations.byTrunk[trunk.name] = registration
            registrations.trunkByCallID[plan.callID] = trunk.name
            performRegistration(actions, trunk: trunk.name, from: .unregistered)
        }
        rescheduleTimer()
    }

    /// Gives a transaction event to the registration whose Call-ID it carries.
    /// Returns false when it belongs to none (it is then a call's).
    func routeToRegistration(_ event: TransactionEvent) -> Bool {
        switch event {
        case .response(let response, _), .strayResponse(let response, _):
            guard let name = response.callID.flatMap({ registrations.trunkByCallID[$0] }) else { return false }
            driveRegistration(name, .sipResponse(response))
        case .timeout(let request):
            guard let name = request.callID.flatMap({ registrations.trunkByCallID[$0] }) else { return false }
            driveRegistration(name, .sipTimeout(request))
        default:
            return false
        }
        return true
    }

    func driveRegistration(_ name: String, _ event: RegistrationEvent) {
        guard var registration = registrations.byTrunk[name] else { return }
        let before = registration.state
        let actions = registration.handle(event, now: clock.now)
        registrations.byTrunk[name] = registration
        performRegistration(actions, trunk: name, from: before)
    }

    /// Called from `fireTimers` with the other deadlines.
    func fireRegistrationTimers(now: Instant) {
        for (name, registration) in registrations.byTrunk {
            if let deadline = registration.nextDeadline, deadline <= now { driveRegistration(name, .timer) }
        }
    }

    private func performRegistration(_ actions: [RegistrationAction], trunk name: String,
                                     from before: RegistrationState) {
        var previous = before
        for action in actions {
            switch action {
            case .sendRequest(let request, let to):
                // Over TCP and TLS the transaction does not retransmit (RFC 3261 §17.1.1.2).
                let reliable = request.topVia?.isReliableTransport ?? false
                send(transactions.sendRequest(request, to: to, reliable: reliable, now: clock.now))
            case .stateChanged(let state):
                logRegistration(state, previous: previous, trunk: name)
                previous = state
            }
        }
    }

    private func logRegistration(_ state: RegistrationState, previous: RegistrationState, trunk name: String) {
        let now = clock.now
        var metadata: Logger.Metadata = ["trunk": "\(name)"]
        if let plan = registrations.byTrunk[name]?.plan { metadata["registrar"] = "\(plan.registrar)" }
        switch state {
        case .registered(let until):
            metadata["expires_s"] = "\((until - now).components.seconds)"
            if case .registered = previous {
                logger.debug("trunk registration refreshed", metadata: metadata)
            } else {
                logger.info("trunk registered", metadata: metadata)
            }
        case .failed(let reason, let retryAt):
            metadata["reason"] = "\(reason)"
            metadata["retry_in_s"] = "\((retryAt - now).components.seconds)"
            logger.warning("trunk registration failed", metadata: metadata)
        case .registering:
            logger.debug("trunk registering", metadata: metadata)
        case .unregistered:
            logger.info("trunk unregistered", metadata: metadata)
        }
    }

    // MARK: Shutdown

    /// Removes every binding (REGISTER with expires=0) and waits for the answers,
    /// at most `limit`, so a stopped gateway leaves no stale contact at the registrar.
    func unregisterTrunks(within limit: Duration) async {
        let now = clock.now
        for name in registrations.byTrunk.keys {
            guard var registration = registrations.byTrunk[name] else { continue }
            let before = registration.state
            let actions = registration.stop(now: now)
            registrations.byTrunk[name] = registration
            performRegistration(actions, trunk: name, from: before)
        }
        rescheduleTimer()
        let deadline = ContinuousClock.now + limit
        // The inbox keeps feeding responses to the actor while this waits.
        while !registrations.byTrunk.values.allSatisfy(\.isSettled), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    // MARK: Status

    /// Every trunk with its registration, for `GET /api/trunks`.
    func trunkStatuses() -> [TrunkStatus] {
        let now = clock.now
        let wallNow = Date()
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // Milliseconds: retry delays are a few seconds, whole seconds would blur them.
        func date(_ instant: Instant) -> String {
            format.string(from: wallNow.addingTimeInterval(Double((instant - now).nanosecondsClamped) / 1e9))
        }
        return config.trunks.map { trunk in
            let registration = registrations.byTrunk[trunk.name].map { registration in
                var status = RegistrationStatus(state: registration.state.name,
                                                registrar: registration.plan.registrar.description,
                                                lastError: registration.lastError)
                switch registration.state {
                case .registered(let until): status.expiresAt = date(until)
                case .failed(_, let retryAt): status.retryAt = date(retryAt)
                case .registering, .unregistered: break
                }
                return status
            }
            return TrunkStatus(name: trunk.name, address: trunk.address.description,
                               transport: trunk.transport.rawValue, registration: registration,
                               keepAlive: monitors[trunk.name].map { KeepAliveStatus($0.state) })
        }
    }
}

/// One trunk as `GET /api/trunks` shows it (docs/configuration.md, `register`).
struct TrunkStatus: Encodable, Sendable {
    let name: String
    let address: String
    let transport: String
    /// `null` when the trunk does not register.
    let registration: RegistrationStatus?
    /// OPTIONS keep-alive; `null` when it is off for the trunk.
    var keepAlive: KeepAliveStatus? = nil

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(address, forKey: .address)
        try c.encode(transport, forKey: .transport)
        try c.encode(registration, forKey: .registration)
        try c.encode(keepAlive, forKey: .keepAlive)
    }

    private enum CodingKeys: String, CodingKey { case name, address, transport, registration, keepAlive }
}

/// A registration's state; absent values are written as `null` so every key is always there.
struct RegistrationStatus: Encodable, Sendable {
    /// `unregistered`, `registering`, `registered` or `failed`.
    var state: String
    var registrar: String
    /// When the binding runs out (while `registered`), ISO 8601 with milliseconds.
    var expiresAt: String?
    /// The reason of the most recent failure, kept after a later success.
    var lastError: String?
    /// When the next attempt starts (while `failed`), ISO 8601 with milliseconds.
    var retryAt: String?

    init(state: String, registrar: String, lastError: String?) {
        self.state = state
        self.registrar = registrar
        self.lastError = lastError
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(registrar, forKey: .registrar)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(retryAt, forKey: .retryAt)
    }

    private enum CodingKeys: String, CodingKey { case state, registrar, expiresAt, lastError, retryAt }
}
