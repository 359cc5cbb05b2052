extension SIPDialog {
    /// Methods whose Contact refreshes the remote target (RFC 3261 §12.2; RFC 3311, 6665).
    static let targetRefreshMethods: Set<SIPMethod> = [.invite, .update, .subscribe, .notify, .refer]

    /// A request inside the dialog (§12.2.1.1): CSeq incremented, From/To with
    /// tags, Request-URI and Route from the route set (loose or strict routing),
    /// a fresh Via branch (with `rport`, RFC 3581), and our Contact on target refreshes.
    public mutating func makeRequest(method: SIPMethod, viaHost: String, viaPort: Int? = nil,
                                     transport: String = "UDP") -> SIPRequest {
        let sequence: UInt32
        if method == .ack || method == .cancel {
            sequence = localSequence ?? 1
        } else {
            sequence = (localSequence ?? 0) &+ 1
            localSequence = sequence
        }
        var request = baseRequest(method: method, cseq: CSeq(sequence, method),
                                  viaHost: viaHost, viaPort: viaPort, transport: transport)
        if Self.targetRefreshMethods.contains(method), let localTarget {
            request.contact = NameAddr(uri: localTarget)
        }
        return request
    }

    /// The ACK for a 2xx to our INVITE (§13.2.2.4): CSeq number of the INVITE
    /// with method ACK, a new branch, and the dialog's route set.
    public func makeACK(forInviteCSeq sequence: UInt32, viaHost: String, viaPort: Int? = nil,
                        transport: String = "UDP") -> SIPRequest {
        baseRequest(method: .ack, cseq: CSeq(sequence, .ack), viaHost: viaHost, viaPort: viaPort, transport: transport)
    }

    private func baseRequest(method: SIPMethod, cseq: CSeq, viaHost: String, viaPort: Int?,
                             transport: String) -> SIPRequest {
        var via = Via(transport: transport, host: viaHost, port: viaPort, branch: SIPIdentifiers.newBranch())
        via.setRport(nil)
        var from = localURI
        from.tag = localTag
        var to = remoteURI
        if !remoteTag.isEmpty { to.tag = remoteTag }
        let (uri, routes) = requestTargetAndRoutes
        var request = SIPRequest(method: method, uri: uri)
        request.via = [via]
        request.maxForwards = 70
        request.from = from
        request.to = to
        request.callID = callID
        request.cseq = cseq
        request.routes = routes
        return request
    }

    /// §12.2.1.1: with a loose-routing first hop the Request-URI is the remote
    /// target and the route set goes in Route; with a strict router the first
    /// route becomes the Request-URI and the remote target is appended to Route.
    var requestTargetAndRoutes: (SIPURI, [NameAddr]) {
        guard let first = routeSet.first else { return (remoteTarget, []) }
        if first.uri.isLooseRouter { return (remoteTarget, routeSet) }
        var uri = first.uri
        // §19.1.1 table 1: "method" and headers are not allowed in a Request-URI.
        uri.parameters.remove("method")
        uri.headers = [:]
        return (uri, Array(routeSet.dropFirst()) + [NameAddr(uri: remoteTarget)])
    }

    /// Applies a request received in this dialog (§12.2.2). Returns false when
    /// its CSeq is lower than the last one seen (the TU answers 500); otherwise
    /// records the CSeq and, for target refreshes, the new Contact.
    public mutating func receive(_ request: SIPRequest) -> Bool {
        guard let cseq = request.cseq else { return false }
        if request.method != .ack, request.method != .cancel {
            if let remoteSequence, cseq.sequence < remoteSequence { return false }
            remoteSequence = cseq.sequence
        }
        if Self.targetRefreshMethods.contains(request.method), let contact = request.contact {
            remoteTarget = contact.uri
        }
        return true
    }

    /// Applies a response to a request we sent in (or while creating) the dialog:
    /// an early dialog becomes confirmed on 2xx with its route set recomputed
    /// (§13.2.2.4), and a 2xx to a target refresh updates the remote target (§12.2.1.2).
    public mutating func update(with response: SIPResponse) {
        guard response.isSuccess || (state == .early && response.isProvisional) else { return }
        if state == .early, role == .uac {
            let rr = response.recordRoutes
            if response.isSuccess || !rr.isEmpty { routeSet = rr.reversed() }
            if response.isSuccess { state = .confirmed }
        }
        if let method = response.cseq?.method, Self.targetRefreshMethods.contains(method),
           let contact = response.contact {
            remoteTarget = contact.uri
        }
    }
}
