import CoreTypes

extension TransactionLayer {
    /// The transport could not deliver to `destination`: a connection was refused
    /// or timed out, or its TLS handshake failed.
    ///
    /// RFC 3261 §17.1.1.2 and §17.1.2.2: the client transactions sending there end
    /// at once and the TU is told, as `.timeout`, instead of waiting for Timer B or F
    /// (§8.1.3.1 treats a transport error like a 503 from the element itself).
    /// Transactions that already have their final response just end.
    public mutating func transportFailed(to destination: Endpoint) -> [TransactionEvent] {
        var events: [TransactionEvent] = []
        for (key, transaction) in clients where transaction.destination == destination {
            switch transaction.state {
            case .calling, .trying, .proceeding:
                events.append(.timeout(transaction.request))
            case .completed, .terminated:
                break
            }
            setClient(nil, at: key)
        }
        return events
    }
}
