import CoreTypes

/// All client and server transactions of one SIP element (RFC 3261 §17),
/// sans-I/O: bytes and time go in, `TransactionEvent`s come out.
///
/// Choices worth knowing:
/// - An INVITE server transaction sends 100 Trying itself when the TU has not
///   answered within `SIPTimers.tryingDelay` (200 ms), or at once when the INVITE
///   is retransmitted before any response.
/// - After a 2xx the INVITE server transaction stays in the RFC 6026 Accepted
///   state, retransmits the 2xx (T1 doubling to T2, unreliable only) until the
///   ACK arrives, and reports `.ackTimeout` after 64·T1 without one.
/// - A 2xx ends the INVITE client transaction; its retransmissions then arrive
///   as `.strayResponse` and the TU re-sends the ACK from its dialog.
/// - Responses with more than one Via are dropped (RFC 3261 §8.1.3.3).
public struct TransactionLayer: Sendable {
    public let timers: SIPTimers
    public let limits: SIPParseLimits
    /// Written only through `setClient` and `store`, which keep the deadline indexes.
    private(set) var clients: [ClientTransactionKey: ClientTransaction] = [:]
    private(set) var servers: [ServerTransactionKey: ServerTransaction] = [:]
    private var clientDeadlines = DeadlineIndex<ClientTransactionKey>()
    private var serverDeadlines = DeadlineIndex<ServerTransactionKey>()
    /// INVITE server transactions that sent a 2xx and wait for its ACK (RFC 6026 Accepted),
    /// by Call-ID: an ACK for a 2xx has a branch of its own, so it is matched by dialog
    /// (`receiveAckFor2xx`) among these few rather than among every transaction.
    private(set) var acceptedByCallID: [String: Set<ServerTransactionKey>] = [:]

    public init(timers: SIPTimers = .rfc3261, limits: SIPParseLimits = .default) {
        self.timers = timers
        self.limits = limits
    }

    /// Number of live transactions (for metrics and tests).
    public var clientTransactionCount: Int { clients.count }
    public var serverTransactionCount: Int { servers.count }

    /// The earliest instant at which `advance(to:)` has work to do.
    public private(set) var nextDeadline: Instant?

    /// Sends a request. INVITE and non-INVITE requests get a client transaction
    /// (keyed by top Via branch and CSeq method); ACK is sent as is (§17.1.1.3).
    public mutating func sendRequest(_ request: SIPRequest, to destination: Endpoint, reliable: Bool = false,
                                     now: Instant) -> [TransactionEvent] {
        guard request.method != .ack, let key = ClientTransactionKey(request) else {
            return [.transmit(request.serialize(), to: destination)]
        }
        if request.method == .cancel, var key = ClientTransactionKey(request) {
            // RFC 3261 §9.1: an INVITE that was cancelled but never gets a final
            // response is given up 64·T1 later (reported as `.timeout`).
            key.method = .invite
            if var invite = clients[key] {
                invite.armCancelTimeout(now: now)
                setClient(invite, at: key)
            }
        }
        var transaction = ClientTransaction(request: request, destination: destination, reliable: reliable,
                                            timers: timers)
        let events = transaction.start(now: now)
        setClient(transaction, at: key)
        return events
    }

    /// Sends a response through its server transaction (matched by top Via
    /// branch, sent-by and CSeq method, §17.2.3). Without one it is sent
    /// statelessly to the address of its top Via (§18.2.2).
    public mutating func sendResponse(_ response: SIPResponse, now: Instant) -> [TransactionEvent] {
        if let key = ServerTransactionKey(response), var transaction = servers[key] {
            let events = transaction.send(response, now: now)
            store(transaction, at: key)
            return events
        }
        guard let via = response.topVia else { return [] }
        return [.transmit(response.serialize(), to: ResponseRouting.destination(for: via, source: nil, reliable: false))]
    }

    /// Fires every timer due at or before `now`, earliest first.
    public mutating func advance(to now: Instant) -> [TransactionEvent] {
        var events: [TransactionEvent] = []
        for key in clientDeadlines.takeDue(now: now) {
            guard var t = clients[key] else { continue }
            while let d = t.nextDeadline, d <= now, t.state != .terminated { events += t.fireDueTimer(now: now) }
            setClient(t, at: key)
        }
        for key in serverDeadlines.takeDue(now: now) {
            guard var t = servers[key] else { continue }
            while let d = t.nextDeadline, d <= now, t.state != .terminated { events += t.fireDueTimer(now: now) }
            store(t, at: key)
        }
        refreshNextDeadline()
        return events
    }

    /// Keeps (or, once terminated or nil, drops) a client transaction and its deadline.
    mutating func setClient(_ transaction: ClientTransaction?, at key: ClientTransactionKey) {
        let kept = transaction?.state == .terminated ? nil : transaction
        clients[key] = kept
        clientDeadlines.update(key, deadline: kept?.nextDeadline)
        refreshNextDeadline()
    }

    /// Keeps (or, once terminated, drops) a server transaction and its deadline.
    mutating func store(_ transaction: ServerTransaction, at key: ServerTransactionKey) {
        let kept = transaction.state == .terminated ? nil : transaction
        let wasAccepted = servers[key]?.state == .accepted
        let isAccepted = kept?.state == .accepted
        if wasAccepted != isAccepted, let callID = transaction.request.callID {
            if isAccepted {
                acceptedByCallID[callID, default: []].insert(key)
            } else {
                acceptedByCallID[callID]?.remove(key)
                if acceptedByCallID[callID]?.isEmpty == true { acceptedByCallID[callID] = nil }
            }
        }
        servers[key] = kept
        serverDeadlines.update(key, deadline: kept?.nextDeadline)
        refreshNextDeadline()
    }

    private mutating func refreshNextDeadline() {
        nextDeadline = [clientDeadlines.earliest, serverDeadlines.earliest].compactMap { $0 }.min()
    }
}
