import CoreTypes
import SIP

/// OPTIONS keep-alive for one trunk (RFC 3261 §11): a probe every `interval`; any
/// answer but 408/503 means the trunk is up, and `failuresBeforeDown` probes in a row
/// that time out or get 408/503 mark it down. Calls skip a trunk that is down.
public struct TrunkMonitor: Sendable {
    public enum State: Sendable, Equatable {
        /// No probe answered yet.
        case unknown
        /// The last probe was answered; `roundTrip` is how long it took.
        case up(roundTrip: Duration)
        /// Probes keep failing; `reason` says how the last one failed.
        case down(reason: String)
    }

    public enum Action: Sendable {
        case send(SIPRequest, to: Endpoint)
        case stateChanged(State)
    }

    public let trunk: TrunkTarget
    public let local: LocalSIPAddress
    public let interval: Duration
    public let failuresBeforeDown: Int
    public private(set) var state: State = .unknown
    private var failures = 0
    private var nextProbe: Instant
    /// Call-ID and send time of the probe in flight.
    public private(set) var inFlight: (callID: String, sentAt: Instant)?

    public init(trunk: TrunkTarget, local: LocalSIPAddress, interval: Duration, failuresBeforeDown: Int = 2,
                now: Instant) {
        self.trunk = trunk
        self.local = local
        self.interval = interval
        self.failuresBeforeDown = max(1, failuresBeforeDown)
        self.nextProbe = now
    }

    /// A trunk is offered calls unless it is known to be down.
    public var isAvailable: Bool {
        if case .down = state { return false }
        return true
    }

    public var nextDeadline: Instant? { inFlight == nil ? nextProbe : nil }

    public mutating func advance(to now: Instant) -> [Action] {
        guard inFlight == nil, now >= nextProbe else { return [] }
        let probe = TrunkRequests.options(trunk: trunk, local: local)
        inFlight = (probe.callID ?? "", now)
        return [.send(probe, to: trunk.nextHop)]
    }

    /// The final response to the probe in flight.
    public mutating func handle(_ response: SIPResponse, now: Instant) -> [Action] {
        guard response.isFinal, let probe = inFlight, response.callID == probe.callID else { return [] }
        inFlight = nil
        nextProbe = now + interval
        if response.statusCode == 408 || response.statusCode == 503 {
            return failed("answered \(response.statusCode)")
        }
        failures = 0
        return change(to: .up(roundTrip: now - probe.sentAt))
    }

    /// The probe got no answer at all (RFC 3261 Timer F).
    public mutating func probeTimedOut(callID: String, now: Instant) -> [Action] {
        guard inFlight?.callID == callID else { return [] }
        inFlight = nil
        nextProbe = now + interval
        return failed("no answer to OPTIONS")
    }

    private mutating func failed(_ reason: String) -> [Action] {
        failures += 1
        guard failures >= failuresBeforeDown else { return [] }
        return change(to: .down(reason: reason))
    }

    private mutating func change(to newState: State) -> [Action] {
        let changes: Bool
        switch (state, newState) {
        case (.up, .up): changes = false
        case (.down, .down): changes = false
        default: changes = true
        }
        state = newState
        return changes ? [.stateChanged(newState)] : []
    }
}
