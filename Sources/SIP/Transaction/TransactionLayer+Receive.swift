import CoreTypes

extension TransactionLayer {
    /// Handles one received datagram (or one framed stream message).
    ///
    /// Malformed requests get a stateless error response when one can be built
    /// (never for ACK); malformed responses are dropped. Responses go to their
    /// client transaction (§17.1.3) or to the TU as stray. Requests are matched to
    /// server transactions (§17.2.3): retransmissions are absorbed, ACKs for
    /// non-2xx end the INVITE transaction, and new requests reach the TU.
    public mutating func receive(_ bytes: [UInt8], from source: Endpoint, reliable: Bool = false,
                                 now: Instant) -> [TransactionEvent] {
        let message: SIPMessage
        do {
            message = try SIPMessage.parse(bytes, limits: limits)
        } catch {
            return MalformedRequestReply.events(for: bytes, error: error, source: source, reliable: reliable,
                                                limits: limits)
        }
        switch message {
        case .response(let response): return receiveResponse(response, from: source, now: now)
        case .request(var request):
            ResponseRouting.stampTopVia(of: &request, source: source)
            return receiveRequest(request, from: source, reliable: reliable, now: now)
        }
    }

    private mutating func receiveResponse(_ response: SIPResponse, from source: Endpoint,
                                          now: Instant) -> [TransactionEvent] {
        guard response.uacDiscardReason == nil else { return [] }
        guard let key = ClientTransactionKey(response), var transaction = clients[key] else {
            return [.strayResponse(response, from: source)]
        }
        let events = transaction.receive(response, from: source, now: now)
        setClient(transaction, at: key)
        return events
    }

    private mutating func receiveRequest(_ request: SIPRequest, from source: Endpoint, reliable: Bool,
                                         now: Instant) -> [TransactionEvent] {
        guard let key = ServerTransactionKey(request) else {
            // No Via or CSeq to build a transaction on: answer 400 if possible.
            guard request.method != .ack, let via = request.topVia else { return [] }
            let reply = request.makeResponse(status: 400, reason: "Bad Request - Missing Via or CSeq")
            return [.transmit(reply.serialize(), to: ResponseRouting.destination(for: via, source: source,
                                                                                  reliable: reliable))]
        }
        if var transaction = servers[key] {
            let events = transaction.receiveAgain(request, from: source, now: now)
            store(transaction, at: key)
            return events
        }
        if request.method == .ack { return receiveAckFor2xx(request, from: source, now: now) }
        let transaction = ServerTransaction(request: request, source: source, reliable: reliable, timers: timers,
                                            now: now)
        store(transaction, at: key)
        var events: [TransactionEvent] = []
        if request.method == .cancel {
            events.append(.cancel(request, from: source, target: cancelTarget(for: request)))
        } else {
            events.append(.request(request, from: source))
        }
        // With no delay configured, 100 Trying goes out at once (§17.2.1).
        return events + advance(to: now)
    }

    /// An ACK with its own branch: it acknowledges a 2xx (§13.3.1.4). It stops
    /// the matching Accepted transaction's retransmissions and goes to the TU.
    private mutating func receiveAckFor2xx(_ ack: SIPRequest, from source: Endpoint,
                                           now: Instant) -> [TransactionEvent] {
        let candidates = ack.callID.flatMap { acceptedByCallID[$0] } ?? []
        if let key = candidates.first(where: { servers[$0]?.isAcknowledged(by: ack) == true }),
           let transaction = servers[key] {
            var t = transaction
            let events = t.receiveACK(ack, from: source, now: now)
            store(t, at: key)
            return events
        }
        return [.request(ack, from: source)]
    }

    /// §9.2: the INVITE server transaction with the CANCEL's branch and sent-by.
    private func cancelTarget(for cancel: SIPRequest) -> CancelTarget {
        guard let key = ServerTransactionKey(cancel, method: .invite), let invite = servers[key] else {
            return .notFound
        }
        return invite.isPendingInvite ? .pending(invite.request) : .alreadyAnswered(invite.request)
    }
}
