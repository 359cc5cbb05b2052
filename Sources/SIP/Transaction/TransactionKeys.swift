/// Client transaction identity (RFC 3261 §17.1.3): top Via branch and CSeq method.
struct ClientTransactionKey: Hashable, Sendable {
    var branch: String
    var method: SIPMethod

    init?(_ message: some SIPMessageFields) {
        guard let branch = message.topVia?.branch, let method = message.cseq?.method else { return nil }
        self.branch = branch
        self.method = method
    }
}

/// Server transaction identity (RFC 3261 §17.2.3): branch, sent-by and method,
/// with ACK folded into INVITE. Requests without an RFC 3261 branch fall back
/// to Call-ID, CSeq number, From tag and top Via (the RFC 2543 rule, simplified).
struct ServerTransactionKey: Hashable, Sendable {
    var branch: String
    var sentBy: String
    var method: SIPMethod

    init?(_ message: some SIPMessageFields, method override: SIPMethod? = nil) {
        guard let via = message.topVia, let cseq = message.cseq else { return nil }
        let m = override ?? cseq.method
        method = m == .ack ? .invite : m
        sentBy = via.sentBy.lowercased()
        if via.hasRFC3261Branch, let branch = via.branch {
            self.branch = branch
        } else {
            let fromTag = message.from?.tag ?? ""
            branch = "rfc2543|\(message.callID ?? "")|\(cseq.sequence)|\(fromTag)"
        }
    }
}
