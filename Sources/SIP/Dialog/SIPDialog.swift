/// Dialog state (RFC 3261 §12): what a user agent remembers to send and
/// recognise requests inside a call.
public struct SIPDialog: Hashable, Sendable {
    public enum Role: Hashable, Sendable { case uac, uas }
    public enum State: Hashable, Sendable { case early, confirmed }

    /// Call-ID plus local and remote tags (§12).
    public struct ID: Hashable, Sendable {
        public var callID: String
        public var localTag: String
        public var remoteTag: String
    }

    public let role: Role
    public var state: State
    public let callID: String
    public let localTag: String
    /// Empty only for an RFC 2543 peer that sent no From tag.
    public var remoteTag: String
    /// Our identity (From of our requests), without tag.
    public var localURI: NameAddr
    /// The peer's identity (To of our requests), without tag.
    public var remoteURI: NameAddr
    /// Where in-dialog requests go: the peer's Contact (§12.1.1, §12.1.2).
    public var remoteTarget: SIPURI
    /// Record-Route as seen from this side: reversed for the UAC (§12.1.2).
    public var routeSet: [NameAddr]
    /// Last CSeq we used; nil until we send one (UAS side).
    public var localSequence: UInt32?
    /// Last CSeq the peer used; nil until it sends one (UAC side).
    public var remoteSequence: UInt32?
    /// Our Contact, sent on target-refresh requests.
    public var localTarget: SIPURI?
    /// Whether the dialog was set up over sips (§12.1.1).
    public var isSecure: Bool

    public var id: ID { ID(callID: callID, localTag: localTag, remoteTag: remoteTag) }

    /// The first hop for in-dialog requests: the first route, or the remote target.
    public var nextHop: SIPURI { routeSet.first?.uri ?? remoteTarget }

    /// UAC side (§12.1.2): from the INVITE we sent and a 101–299 response with a
    /// To tag. The remote target falls back to the Request-URI if the response
    /// carries no Contact. Returns nil when the response cannot create a dialog.
    public init?(uacRequest request: SIPRequest, response: SIPResponse) {
        guard (101..<300).contains(response.statusCode),
              let callID = request.callID, let from = request.from, let localTag = from.tag,
              let to = request.to, let remoteTag = response.to?.tag, !remoteTag.isEmpty,
              let cseq = request.cseq else { return nil }
        role = .uac
        state = response.isSuccess ? .confirmed : .early
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
        localURI = Self.withoutTag(from)
        remoteURI = Self.withoutTag(to)
        remoteTarget = response.contact?.uri ?? request.uri
        routeSet = response.recordRoutes.reversed()
        localSequence = cseq.sequence
        remoteSequence = nil
        localTarget = request.contact?.uri
        isSecure = request.uri.isSecure
    }

    /// UAS side (§12.1.1): from a received dialog-creating request and the
    /// To tag we put in our response. Returns nil without Call-ID, CSeq or Contact.
    public init?(uasRequest request: SIPRequest, localTag: String, localContact: SIPURI? = nil) {
        guard let callID = request.callID, let from = request.from, let to = request.to,
              let cseq = request.cseq, let contact = request.contact else { return nil }
        role = .uas
        state = .confirmed
        self.callID = callID
        self.localTag = localTag
        remoteTag = from.tag ?? ""
        localURI = Self.withoutTag(to)
        remoteURI = Self.withoutTag(from)
        remoteTarget = contact.uri
        routeSet = request.recordRoutes
        localSequence = nil
        remoteSequence = cseq.sequence
        localTarget = localContact
        isSecure = request.uri.isSecure
    }

    static func withoutTag(_ address: NameAddr) -> NameAddr {
        var a = address
        a.parameters.remove("tag")
        return a
    }

    /// Whether an incoming request belongs to this dialog (§12.2.2): same Call-ID,
    /// its To tag is ours and its From tag is the peer's.
    public func matches(_ request: SIPRequest) -> Bool {
        request.callID == callID && request.to?.tag == localTag && (request.from?.tag ?? "") == remoteTag
    }

    /// Whether a response belongs to this dialog: same Call-ID, From tag ours, To tag the peer's.
    public func matches(_ response: SIPResponse) -> Bool {
        response.callID == callID && response.from?.tag == localTag && (response.to?.tag ?? "") == remoteTag
    }
}
