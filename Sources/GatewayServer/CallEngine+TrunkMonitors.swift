import Config
import CoreTypes
import Gateway
import SIP

/// OPTIONS keep-alive per trunk, and the route of trunks a web user's call tries.
extension CallEngine {
    func startTrunkMonitors() {
        let now = clock.now
        for trunk in config.trunks {
            guard let interval = trunk.optionsInterval, monitors[trunk.name] == nil else { continue }
            monitors[trunk.name] = TrunkMonitor(trunk: trunk.target, local: localSIP(for: trunk.transport),
                                                interval: interval, now: now)
        }
    }

    /// The trunks a dialed number tries, in order: `calls.default_trunk`, then
    /// `calls.fallback_trunks`, leaving out those OPTIONS found down — unless all
    /// are down, when all are tried (a probe can be wrong; a refused call is sure).
    func outboundRoute() -> [TrunkConfig] {
        let names = (config.calls.defaultTrunk.map { [$0] } ?? []) + config.calls.fallbackTrunks
        let trunks = names.compactMap { config.trunk(named: $0) }
        let available = trunks.filter { monitors[$0.name]?.isAvailable ?? true }
        return available.isEmpty ? trunks : available
    }

    /// Gives a transaction event to the probe whose Call-ID it carries.
    func routeToTrunkMonitor(_ event: TransactionEvent) -> Bool {
        switch event {
        case .response(let response, _), .strayResponse(let response, _):
            guard response.cseq?.method == .options, let name = monitorName(for: response.callID) else { return false }
            performMonitor(name) { $0.handle(response, now: clock.now) }
        case .timeout(let request):
            guard request.method == .options, let callID = request.callID, let name = monitorName(for: callID) else {
                return false
            }
            performMonitor(name) { $0.probeTimedOut(callID: callID, now: clock.now) }
        default:
            return false
        }
        return true
    }

    var monitorDeadlines: [Instant?] { monitors.values.map(\.nextDeadline) }

    func fireMonitorTimers(now: Instant) {
        for (name, monitor) in monitors {
            if let deadline = monitor.nextDeadline, deadline <= now {
                performMonitor(name) { $0.advance(to: now) }
            }
        }
    }

    private func monitorName(for callID: String?) -> String? {
        guard let callID else { return nil }
        return monitors.first { $0.value.inFlight?.callID == callID }?.key
    }

    private func performMonitor(_ name: String, _ body: (inout TrunkMonitor) -> [TrunkMonitor.Action]) {
        guard var monitor = monitors[name] else { return }
        let actions = body(&monitor)
        monitors[name] = monitor
        for action in actions {
            switch action {
            case .send(let request, let to):
                let reliable = request.topVia?.isReliableTransport ?? false
                send(transactions.sendRequest(request, to: to, reliable: reliable, now: clock.now))
            case .stateChanged(.down(let reason)):
                logger.warning("trunk is down", metadata: ["trunk": "\(name)", "reason": "\(reason)"])
            case .stateChanged(.up(let roundTrip)):
                logger.info("trunk is up", metadata: ["trunk": "\(name)", "rtt_ms": "\(roundTrip.milliseconds)"])
            case .stateChanged(.unknown):
                break
            }
        }
    }
}

/// What OPTIONS probes found: `unknown`, `up` (with the round trip) or `down` (with why).
struct KeepAliveStatus: Encodable, Sendable {
    var state: String
    var roundTripMs: Int64?
    var reason: String?

    init(_ state: TrunkMonitor.State) {
        switch state {
        case .unknown: self.state = "unknown"
        case .up(let roundTrip):
            self.state = "up"
            roundTripMs = roundTrip.milliseconds
        case .down(let why):
            self.state = "down"
            reason = why
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(roundTripMs, forKey: .roundTripMs)
        try c.encode(reason, forKey: .reason)
    }

    private enum CodingKeys: String, CodingKey { case state, roundTripMs, reason }
}
