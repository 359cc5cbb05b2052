extension SIPRequest {
    /// A response to this request built as RFC 3261 §8.2.6 says: Via fields (in
    /// order), From, To, Call-ID and CSeq copied; `toTag` added to To when it has
    /// none (never on 100); Timestamp echoed on 100 (§8.2.6.1); Record-Route copied
    /// on responses that can create a dialog (§12.1.1); empty body.
    public func makeResponse(status: Int, reason: String? = nil, toTag: String? = nil) -> SIPResponse {
        var h = SIPHeaders()
        for via in headers.fieldValues("Via") { h.add("Via", via) }
        if let from = headers.fieldValues("From").first { h.add("From", from) }
        if let rawTo = headers.fieldValues("To").first {
            if status > 100, let toTag, let parsed = to, parsed.tag == nil {
                h.add("To", rawTo + ";tag=" + toTag)
            } else {
                h.add("To", rawTo)
            }
        }
        if let callID = headers.fieldValues("Call-ID").first { h.add("Call-ID", callID) }
        if let cseq = headers.fieldValues("CSeq").first { h.add("CSeq", cseq) }
        if status == 100, let timestamp = headers["Timestamp"] { h.add("Timestamp", timestamp) }
        if (101..<300).contains(status), Self.dialogCreating.contains(method) {
            for rr in headers.fieldValues("Record-Route") { h.add("Record-Route", rr) }
        }
        h.add("Content-Length", "0")
        return SIPResponse(statusCode: status, reasonPhrase: reason, headers: h)
    }

    static let dialogCreating: Set<SIPMethod> = [.invite, .subscribe, .refer, .notify]

    /// The CANCEL for this (INVITE) request, per RFC 3261 §9.1: same Request-URI,
    /// Call-ID, From, To, CSeq number and top Via (so it matches the same
    /// transaction), the same Route set, and CSeq method CANCEL.
    public func makeCANCEL() -> SIPRequest {
        var h = SIPHeaders()
        if let top = headers["Via"] { h.add("Via", top) }
        h.add("Max-Forwards", "70")
        for name in ["From", "To", "Call-ID"] {
            if let v = headers.fieldValues(name).first { h.add(name, v) }
        }
        if let cseq { h.add("CSeq", CSeq(cseq.sequence, .cancel).description) }
        for route in headers.fieldValues("Route") { h.add("Route", route) }
        h.add("Content-Length", "0")
        return SIPRequest(method: .cancel, uri: uri, headers: h)
    }

    /// The ACK a client transaction sends for a non-2xx final response
    /// (RFC 3261 §17.1.1.3): original Request-URI, top Via, Call-ID, From and
    /// Route; To from the response (with its tag); CSeq number with method ACK.
    public func makeACK(forNon2xx response: SIPResponse) -> SIPRequest {
        var h = SIPHeaders()
        if let top = headers["Via"] { h.add("Via", top) }
        h.add("Max-Forwards", "70")
        if let from = headers.fieldValues("From").first { h.add("From", from) }
        if let to = response.headers.fieldValues("To").first ?? headers.fieldValues("To").first { h.add("To", to) }
        if let callID = headers.fieldValues("Call-ID").first { h.add("Call-ID", callID) }
        if let cseq { h.add("CSeq", CSeq(cseq.sequence, .ack).description) }
        for route in headers.fieldValues("Route") { h.add("Route", route) }
        h.add("Content-Length", "0")
        return SIPRequest(method: .ack, uri: uri, headers: h)
    }
}
