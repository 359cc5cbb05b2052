import CoreTypes
import SIP

/// The registration of the gateway with one trunk's registrar, as a state machine
/// with no I/O (RFC 3261 §10.2; digest per RFC 7616 and RFC 8760, qop=auth).
///
/// It sends REGISTER (one Call-ID, CSeq rising by one per request), answers each
/// 401/407 challenge once, keeps the lifetime the registrar granted and refreshes
/// the binding before it runs out. A failure (a final error response, a refused
/// challenge or a timeout) is retried after an exponential backoff with jitter.
/// `stop` removes the binding with `expires=0`.
public struct TrunkRegistration: Sendable {
    enum Purpose: Sendable {
        /// Create or refresh the binding.
        case bind
        /// Remove it (§10.2.2).
        case unbind
    }

    /// The REGISTER whose final response is awaited.
    struct Pending: Sendable {
        var request: SIPRequest
        var sentAt: Instant
        var purpose: Purpose
        /// The challenge this request's credentials answer; nil when it carries none.
        var answered: DigestChallenge?
        /// How many `stale=true` challenges in a row led to this request.
        var staleRetries: Int
    }

    /// At most this many stale-nonce retries in a row before the attempt counts as failed.
    static let maxStaleRetries = 3

    public let plan: RegistrationPlan
    /// A number in 0..<1 for the backoff jitter.
    private let random: @Sendable () -> Double
    public private(set) var state: RegistrationState = .unregistered
    /// The reason of the most recent failure, kept after a later success.
    public private(set) var lastError: String?
    /// Lifetime asked for in seconds; raised by a 423 (§10.2.8).
    public private(set) var requestedExpires: Int
    private var cseq: UInt32 = 0
    private var pending: Pending?
    private var refreshAt: Instant?
    private var failuresInARow = 0
    private var stopping = false

    public init(plan: RegistrationPlan, random: @escaping @Sendable () -> Double) {
        self.plan = plan
        self.random = random
        self.requestedExpires = plan.expires
    }

    /// The earliest time `handle(.timer, now:)` has work to do.
    public var nextDeadline: Instant? {
        guard !stopping else { return nil }
        switch state {
        case .registered(let until): return pending == nil ? refreshAt : until
        case .failed(_, let retryAt): return pending == nil ? retryAt : nil
        case .unregistered, .registering: return nil
        }
    }

    /// `stop` was called and nothing is left to wait for.
    public var isSettled: Bool { stopping && pending == nil }

    /// Sends the first REGISTER.
    public mutating func start(now: Instant) -> [RegistrationAction] {
        guard !stopping, pending == nil, state == .unregistered else { return [] }
        return setState(.registering) + send(.bind, now: now)
    }

    /// Removes the binding: REGISTER with `expires=0` when one may exist, else nothing
    /// (§10.2.2). Timers stop; later events only finish the un-REGISTER.
    public mutating func stop(now: Instant) -> [RegistrationAction] {
        guard !stopping else { return [] }
        stopping = true
        refreshAt = nil
        let mayBeBound: Bool
        if case .registered = state { mayBeBound = true } else { mayBeBound = pending != nil }
        guard mayBeBound else {
            pending = nil
            return setState(.unregistered)
        }
        return send(.unbind, now: now)
    }

    public mutating func handle(_ event: RegistrationEvent, now: Instant) -> [RegistrationAction] {
        switch event {
        case .sipResponse(let response): return handleResponse(response, now: now)
        case .sipTimeout(let request): return handleTimeout(request, now: now)
        case .timer: return handleTimer(now: now)
        }
    }

    // MARK: Responses

    private mutating func handleResponse(_ response: SIPResponse, now: Instant) -> [RegistrationAction] {
        // Only the final response to the latest REGISTER counts; answers to earlier
        // CSeq numbers (retransmissions, a request overtaken by `stop`) are dropped.
        guard let pending, response.statusCode >= 200, response.callID == plan.callID,
              let cseq = response.cseq, cseq.method == .register, cseq.sequence == self.cseq else { return [] }
        self.pending = nil
        let status = response.statusCode
        if status == 401 || status == 407 { return answerChallenge(response, of: pending, now: now) }
        if pending.purpose == .unbind { return setState(.unregistered) }
        switch status {
        case 200..<300:
            return bound(response, sentAt: pending.sentAt, now: now)
        case 423:
            return intervalTooBrief(response, now: now)
        default:
            let retryAfter = response.headers["Retry-After"].flatMap(RegisterRequests.seconds)
            return fail(RegisterRequests.statusText(response), now: now, retryAfter: retryAfter)
        }
    }

    /// RFC 3261 §22.2: credentials go into a new REGISTER (next CSeq) once per challenge.
    /// A challenge to a request that already carried credentials means they were
    /// refused, unless it is a new nonce marked `stale=true` (RFC 7616 §3.3: the
    /// nonce expired, the password was right).
    private mutating func answerChallenge(_ response: SIPResponse, of pending: Pending,
                                          now: Instant) -> [RegistrationAction] {
        let statusText = RegisterRequests.statusText(response)
        guard let (challenge, header) = RegisterRequests.challenge(in: response).map({ ($0.0, $0.answerHeader) }) else {
            return give(up: pending, "\(statusText) without a digest challenge the gateway can answer", now: now)
        }
        var staleRetries = 0
        if let answered = pending.answered {
            let sameChallenge = challenge.nonce == answered.nonce && challenge.realm == answered.realm
            guard challenge.stale, !sameChallenge, pending.staleRetries < Self.maxStaleRetries else {
                return give(up: pending, "the registrar refused the credentials of '\(plan.authUsername)' (\(statusText))",
                            now: now)
            }
            staleRetries = pending.staleRetries + 1
        }
        let value = challenge.authorization(username: plan.authUsername, password: plan.password,
                                            method: .register, uri: pending.request.uri.description)
        return send(pending.purpose, now: now, authorization: (header, value), answered: challenge,
                    staleRetries: staleRetries)
    }

    /// §10.2.4: the 200 lists the bindings; ours carries the lifetime granted.
    private mutating func bound(_ response: SIPResponse, sentAt: Instant, now: Instant) -> [RegistrationAction] {
        let contact = RegisterRequests.contactURI(plan)
        let granted = RegisterRequests.grantedExpires(response, contact: contact) ?? requestedExpires
        guard granted > 0 else { return fail("the registrar kept no binding (expires=0)", now: now) }
        failuresInARow = 0
        // Counted from when the request left: the registrar's clock started later, never earlier.
        refreshAt = sentAt + Self.refreshDelay(grantedSeconds: granted)
        return setState(.registered(until: sentAt + .seconds(granted)))
    }

    /// §10.2.8: ask again at once with the registrar's Min-Expires.
    private mutating func intervalTooBrief(_ response: SIPResponse, now: Instant) -> [RegistrationAction] {
        guard let minimum = response.headers["Min-Expires"].flatMap(RegisterRequests.seconds),
              minimum > requestedExpires else {
            return fail("\(RegisterRequests.statusText(response)) without a larger Min-Expires", now: now)
        }
        requestedExpires = minimum
        return send(.bind, now: now)
    }

    /// When to refresh a binding granted for `grantedSeconds`: the earlier of 30 s before
    /// it runs out and 80 % of its lifetime, but not before half of it.
    public static func refreshDelay(grantedSeconds: Int) -> Duration {
        let lifetime = Double(grantedSeconds)
        let early = max(min(lifetime - 30, lifetime * 0.8), lifetime / 2)
        return .milliseconds(Int64((early * 1000).rounded()))
    }

    // MARK: Timeouts and timers

    private mutating func handleTimeout(_ request: SIPRequest, now: Instant) -> [RegistrationAction] {
        guard let pending, request.callID == plan.callID, request.cseq?.sequence == cseq else { return [] }
        self.pending = nil
        return give(up: pending, "no response from the registrar at \(plan.registrar)", now: now)
    }

    private mutating func handleTimer(now: Instant) -> [RegistrationAction] {
        guard !stopping else { return [] }
        switch state {
        case .registered(let until):
            if pending == nil, let refreshAt, now >= refreshAt {
                self.refreshAt = nil
                return send(.bind, now: now)
            }
            // The refresh is still unanswered and the binding has lapsed.
            if pending != nil, now >= until { return setState(.registering) }
        case .failed(_, let retryAt) where pending == nil && now >= retryAt:
            return setState(.registering) + send(.bind, now: now)
        default:
            break
        }
        return []
    }

    // MARK: Sending and failing

    private mutating func send(_ purpose: Purpose, now: Instant, authorization: (header: String, value: String)? = nil,
                               answered: DigestChallenge? = nil, staleRetries: Int = 0) -> [RegistrationAction] {
        cseq += 1
        let request = RegisterRequests.register(plan: plan, cseq: cseq, expires: purpose == .unbind ? 0 : requestedExpires,
                                                authorization: authorization)
        pending = Pending(request: request, sentAt: now, purpose: purpose, answered: answered,
                          staleRetries: staleRetries)
        return [.sendRequest(request, to: plan.registrar)]
    }

    /// The attempt behind `pending` is over without success.
    private mutating func give(up pending: Pending, _ reason: String, now: Instant) -> [RegistrationAction] {
        if pending.purpose == .unbind { return setState(.unregistered) }
        return fail(reason, now: now)
    }

    /// Schedules the next attempt: exponential backoff with jitter, or the registrar's
    /// Retry-After when that is later (RFC 3261 §20.33), at most an hour.
    private mutating func fail(_ reason: String, now: Instant, retryAfter: Int? = nil) -> [RegistrationAction] {
        failuresInARow += 1
        var delay = plan.backoff.delay(afterFailures: failuresInARow, random: random())
        if let retryAfter { delay = max(delay, .seconds(min(retryAfter, 3600))) }
        lastError = reason
        refreshAt = nil
        return setState(.failed(reason: reason, retryAt: now + delay))
    }

    private mutating func setState(_ new: RegistrationState) -> [RegistrationAction] {
        guard new != state else { return [] }
        state = new
        return [.stateChanged(new)]
    }
}
