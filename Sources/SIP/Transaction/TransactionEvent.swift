import CoreTypes

/// What the transaction layer asks of its owner (the runtime and the TU).
public enum TransactionEvent: Sendable, Hashable {
    /// Send these bytes to this address. For reliable transports the runtime
    /// uses the connection it associates with the endpoint.
    case transmit([UInt8], to: Endpoint)
    /// A new request for the TU, or an ACK for a 2xx (which has no transaction of
    /// its own), or a request the layer could not attach to a transaction.
    case request(SIPRequest, from: Endpoint)
    /// A CANCEL (its own non-INVITE server transaction exists: the TU answers it
    /// with 200, or 481 when `target` is `.notFound`) and the INVITE it targets
    /// (RFC 3261 §9.2): when `.pending`, the TU answers that INVITE with 487.
    case cancel(SIPRequest, from: Endpoint, target: CancelTarget)
    /// A response that matched a client transaction and must reach the TU
    /// (provisional, the first final, and any 2xx).
    case response(SIPResponse, from: Endpoint)
    /// A response matching no client transaction, e.g. a 2xx retransmitted after
    /// the INVITE transaction ended: the TU re-sends its ACK (RFC 3261 §13.2.2.4).
    case strayResponse(SIPResponse, from: Endpoint)
    /// Timer B or F fired: the TU treats it as a 408 for this request (§17.1.1.2, §17.1.2.2).
    case timeout(SIPRequest)
    /// Timer H fired without an ACK for this final response (RFC 3261 §17.2.1;
    /// for a 2xx, RFC 6026 §8.4): after a 2xx the TU should send BYE.
    case ackTimeout(SIPResponse)
}

/// The INVITE server transaction a CANCEL refers to.
public enum CancelTarget: Sendable, Hashable {
    /// The INVITE has no final response yet: answer it with 487.
    case pending(SIPRequest)
    /// The INVITE already has a final response: CANCEL has no effect (still 200).
    case alreadyAnswered(SIPRequest)
    /// No INVITE matches: answer the CANCEL with 481.
    case notFound
}
