import CoreTypes

/// One client transaction (RFC 3261 §17.1): INVITE (Figure 5) or non-INVITE (Figure 6).
struct ClientTransaction: Sendable {
    enum State: Sendable { case calling, trying, proceeding, completed, terminated }

    let isInvite: Bool
    let request: SIPRequest
    let bytes: [UInt8]
    let destination: Endpoint
    let reliable: Bool
    let timers: SIPTimers
    private(set) var state: State
    private var retransmitAt: Instant?
    private var retransmitInterval: Duration
    private var timeoutAt: Instant?
    private var terminateAt: Instant?
    private var ackBytes: [UInt8]?

    init(request: SIPRequest, destination: Endpoint, reliable: Bool, timers: SIPTimers) {
        isInvite = request.method == .invite
        self.request = request
        bytes = request.serialize()
        self.destination = destination
        self.reliable = reliable
        self.timers = timers
        state = isInvite ? .calling : .trying
        retransmitInterval = timers.t1
    }

    var nextDeadline: Instant? { [retransmitAt, timeoutAt, terminateAt].compactMap { $0 }.min() }

    /// Sends the request and arms Timer A/E (unreliable only) and B/F.
    mutating func start(now: Instant) -> [TransactionEvent] {
        if !reliable { retransmitAt = now + timers.t1 }
        timeoutAt = now + timers.transactionTimeout
        return [.transmit(bytes, to: destination)]
    }

    /// After a CANCEL, a Proceeding INVITE waits at most 64·T1 for its final response.
    mutating func armCancelTimeout(now: Instant) {
        guard isInvite, state == .calling || state == .proceeding else { return }
        let limit = now + timers.transactionTimeout
        timeoutAt = min(timeoutAt ?? limit, limit)
    }

    mutating func receive(_ response: SIPResponse, from source: Endpoint, now: Instant) -> [TransactionEvent] {
        isInvite ? receiveInvite(response, from: source, now: now) : receiveNonInvite(response, from: source, now: now)
    }

    /// §17.1.1.2: 1xx → Proceeding (stop A and B); 2xx → to the TU, transaction ends;
    /// 300–699 → ACK, Completed, Timer D; in Completed, final retransmissions re-send the ACK.
    private mutating func receiveInvite(_ response: SIPResponse, from source: Endpoint, now: Instant) -> [TransactionEvent] {
        switch state {
        case .calling, .proceeding:
            if response.isProvisional {
                state = .proceeding
                retransmitAt = nil
                timeoutAt = nil
                return [.response(response, from: source)]
            }
            if response.isSuccess {
                state = .terminated
                return [.response(response, from: source)]
            }
            let ack = request.makeACK(forNon2xx: response).serialize()
            ackBytes = ack
            state = .completed
            retransmitAt = nil
            timeoutAt = nil
            terminateAt = now + (reliable ? .zero : timers.timerD)
            return [.transmit(ack, to: destination), .response(response, from: source)]
        case .completed:
            if response.isFinal, !response.isSuccess, let ackBytes { return [.transmit(ackBytes, to: destination)] }
            return []
        case .trying, .terminated:
            return []
        }
    }

    /// §17.1.2.2: 1xx → Proceeding; final → Completed with Timer K; later
    /// retransmissions of the final response are absorbed.
    private mutating func receiveNonInvite(_ response: SIPResponse, from source: Endpoint, now: Instant) -> [TransactionEvent] {
        switch state {
        case .trying, .proceeding:
            if response.isProvisional {
                state = .proceeding
                return [.response(response, from: source)]
            }
            state = .completed
            retransmitAt = nil
            timeoutAt = nil
            terminateAt = now + (reliable ? .zero : timers.t4)
            return [.response(response, from: source)]
        case .calling, .completed, .terminated:
            return []
        }
    }

    /// Handles the earliest timer if it is due at `now`; call until nil deadline or future.
    mutating func fireDueTimer(now: Instant) -> [TransactionEvent] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        if deadline == terminateAt {
            // Timer D / K: the absorbing period is over.
            state = .terminated
            return []
        }
        if deadline == timeoutAt {
            // Timer B / F: no final response in time.
            state = .terminated
            return [.timeout(request)]
        }
        // Timer A doubles without limit; Timer E doubles up to T2, and is T2 in Proceeding.
        if isInvite {
            retransmitInterval = retransmitInterval * 2
        } else {
            retransmitInterval = state == .proceeding ? timers.t2 : min(retransmitInterval * 2, timers.t2)
        }
        retransmitAt = deadline + retransmitInterval
        return [.transmit(bytes, to: destination)]
    }
}
