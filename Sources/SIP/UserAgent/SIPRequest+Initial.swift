extension SIPRequest {
    /// A request outside any dialog, with the headers RFC 3261 §8.1.1 requires:
    /// Request-URI, To, From (given a fresh tag when it has none), Call-ID, CSeq,
    /// Max-Forwards 70 and a Via with a new branch and `rport` (RFC 3581). A
    /// Contact is added when given (mandatory for INVITE, §8.1.1.8) and the body
    /// gets its Content-Type.
    public static func makeInitial(method: SIPMethod, uri: SIPURI, from: NameAddr, to: NameAddr,
                                   callID: String = SIPIdentifiers.newCallID(), cseq: UInt32 = 1,
                                   viaHost: String, viaPort: Int? = nil, transport: String = "UDP",
                                   contact: SIPURI? = nil, body: [UInt8] = [],
                                   contentType: String? = nil) -> SIPRequest {
        var request = SIPRequest(method: method, uri: uri, body: body)
        var via = Via(transport: transport, host: viaHost, port: viaPort, branch: SIPIdentifiers.newBranch())
        via.setRport(nil)
        request.via = [via]
        request.maxForwards = 70
        var tagged = from
        if tagged.tag == nil { tagged.tag = SIPIdentifiers.newTag() }
        request.from = tagged
        request.to = to
        request.callID = callID
        request.cseq = CSeq(cseq, method)
        if let contact { request.contact = NameAddr(uri: contact) }
        if let contentType, !body.isEmpty { request.headers.set("Content-Type", contentType) }
        return request
    }

    /// Gives the top Via a new branch, as a request re-sent with credentials or a
    /// new CSeq needs (it is a new transaction, RFC 3261 §8.1.3.5, §22.2).
    public mutating func refreshBranch() {
        guard var top = topVia else { return }
        top.branch = SIPIdentifiers.newBranch()
        ResponseRouting.replaceTopVia(of: &headers, with: top)
    }
}
