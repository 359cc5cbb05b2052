import CoreTypes

/// One server transaction (RFC 3261 §17.2): INVITE (Figure 7, with the RFC 6026
/// Accepted state) or non-INVITE (Figure 8).
struct ServerTransaction: Sendable {
    enum State: Sendable { case trying, proceeding, completed, accepted, confirmed, terminated }

    let isInvite: Bool
    let request: SIPRequest
    let source: Endpoint
    let reliable: Bool
    let timers: SIPTimers
    private(set) var state: State
    /// The last response sent, re-sent on request retransmissions.
    private(set) var lastResponse: SIPResponse?
    private var lastResponseBytes: [UInt8]?
    private var tryingAt: Instant?
    private var retransmitAt: Instant?
    private var retransmitInterval: Duration
    /// Timer H (INVITE final, including 2xx waiting for its ACK).
    private var ackDeadline: Instant?
    /// Timers I, J and L.
    private var terminateAt: Instant?
    private var acceptedUntil: Instant?

    init(request: SIPRequest, source: Endpoint, reliable: Bool, timers: SIPTimers, now: Instant) {
        isInvite = request.method == .invite
        self.request = request
        self.source = source
        self.reliable = reliable
        self.timers = timers
        state = isInvite ? .proceeding : .trying
        retransmitInterval = timers.t1
        if isInvite { tryingAt = now + timers.tryingDelay }
    }

    var nextDeadline: Instant? { [tryingAt, retransmitAt, ackDeadline, terminateAt].compactMap { $0 }.min() }

    /// Whether a CANCEL can still stop this INVITE (no final response yet).
    var isPendingInvite: Bool { isInvite && state == .proceeding }

    private var destination: Endpoint {
        guard let via = request.topVia else { return source }
        return ResponseRouting.destination(for: via, source: source, reliable: reliable)
    }

    /// A response from the TU (§17.2.1, §17.2.2).
    mutating func send(_ response: SIPResponse, now: Instant) -> [TransactionEvent] {
        let bytes = response.serialize()
        switch state {
        case .trying, .proceeding:
            lastResponse = response
            lastResponseBytes = bytes
            tryingAt = nil
            if response.isProvisional {
                state = .proceeding
            } else if isInvite {
                enterInviteFinal(response, now: now)
            } else {
                // Timer J: absorb request retransmissions for 64·T1 (0 when reliable).
                state = .completed
                terminateAt = now + (reliable ? .zero : timers.transactionTimeout)
            }
            return [.transmit(bytes, to: destination)]
        case .accepted where response.isSuccess:
            // RFC 6026 §8.5: further 2xx from the TU go out unchanged.
            return [.transmit(bytes, to: destination)]
        case .accepted, .completed, .confirmed, .terminated:
            return []
        }
    }

    /// 2xx → Accepted; 300–699 → Completed. Either way the response is
    /// retransmitted (Timer G: T1 doubling up to T2, unreliable only) until the
    /// ACK arrives or Timer H (64·T1) fires.
    private mutating func enterInviteFinal(_ response: SIPResponse, now: Instant) {
        state = response.isSuccess ? .accepted : .completed
        retransmitInterval = timers.t1
        retransmitAt = reliable ? nil : now + timers.t1
        ackDeadline = now + timers.transactionTimeout
        if response.isSuccess { acceptedUntil = now + timers.transactionTimeout }
    }

    /// A retransmission of the request, or an ACK matched to this transaction.
    mutating func receiveAgain(_ request: SIPRequest, from sender: Endpoint, now: Instant) -> [TransactionEvent] {
        if request.method == .ack { return receiveACK(request, from: sender, now: now) }
        switch state {
        case .trying, .confirmed, .accepted, .terminated:
            // Nothing to repeat yet, or the 2xx is retransmitted by its own timer.
            return []
        case .proceeding, .completed:
            if let lastResponseBytes { return [.transmit(lastResponseBytes, to: destination)] }
            // An INVITE retransmitted before the TU answered: 100 Trying now.
            tryingAt = nil
            return trying()
        }
    }

    /// ACK for a non-2xx final → Confirmed with Timer I (absorbed). ACK for a 2xx
    /// stops its retransmission; the transaction lingers until Timer L and the
    /// ACK goes to the TU.
    mutating func receiveACK(_ ack: SIPRequest, from sender: Endpoint, now: Instant) -> [TransactionEvent] {
        switch state {
        case .completed:
            state = .confirmed
            retransmitAt = nil
            ackDeadline = nil
            terminateAt = now + (reliable ? .zero : timers.t4)
            return []
        case .accepted:
            retransmitAt = nil
            ackDeadline = nil
            terminateAt = acceptedUntil ?? now
            return [.request(ack, from: sender)]
        default:
            return []
        }
    }

    /// Whether `ack` (with its own branch) acknowledges the 2xx sent here:
    /// same Call-ID, CSeq number, From tag and To tag (RFC 3261 §13.3.1.4, §17.2.3).
    func isAcknowledged(by ack: SIPRequest) -> Bool {
        guard state == .accepted, let response = lastResponse else { return false }
        return ack.callID == request.callID && ack.cseq?.sequence == request.cseq?.sequence
            && ack.from?.tag == request.from?.tag && ack.to?.tag == response.to?.tag
    }

    private func trying() -> [TransactionEvent] {
        let trying = request.makeResponse(status: 100)
        return [.transmit(trying.serialize(), to: destination)]
    }

    mutating func fireDueTimer(now: Instant) -> [TransactionEvent] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        if deadline == tryingAt {
            tryingAt = nil
            return trying()
        }
        if deadline == terminateAt {
            state = .terminated
            return []
        }
        if deadline == ackDeadline {
            state = .terminated
            return lastResponse.map { [.ackTimeout($0)] } ?? []
        }
        retransmitInterval = min(retransmitInterval * 2, timers.t2)
        retransmitAt = deadline + retransmitInterval
        guard let lastResponseBytes else { return [] }
        return [.transmit(lastResponseBytes, to: destination)]
    }
}
