/// Typed access to the headers every SIP message has, shared by requests and
/// responses. Getters return nil (or skip values) when a header is absent or
/// malformed; messages from `SIPMessage.parse` have had these headers checked.
public protocol SIPMessageFields {
    var headers: SIPHeaders { get set }
    var body: [UInt8] { get set }
}

extension SIPMessageFields {
    /// All Via values, top first. Setting replaces every Via field.
    public var via: [Via] {
        get { headers.values("Via").compactMap { try? Via.parse($0) } }
        set { headers.setAll("Via", newValue.map(\.description)) }
    }

    /// The top-most Via (RFC 3261 §8.1.3.3, §17).
    public var topVia: Via? { headers["Via"].flatMap { try? Via.parse($0) } }

    public var from: NameAddr? {
        get { headers["From"].flatMap { try? NameAddr.parse($0, header: "From") } }
        set { setHeader("From", newValue?.description) }
    }

    public var to: NameAddr? {
        get { headers["To"].flatMap { try? NameAddr.parse($0, header: "To") } }
        set { setHeader("To", newValue?.description) }
    }

    public var callID: String? {
        get { headers["Call-ID"] }
        set { setHeader("Call-ID", newValue) }
    }

    public var cseq: CSeq? {
        get { headers["CSeq"].flatMap { try? CSeq.parse($0) } }
        set { setHeader("CSeq", newValue?.description) }
    }

    public var maxForwards: Int? {
        get { headers["Max-Forwards"].flatMap { parseDecimal(Array($0.utf8), max: 255) }.map(Int.init) }
        set { setHeader("Max-Forwards", newValue.map(String.init)) }
    }

    /// Contact values; the `*` wildcard of REGISTER is skipped.
    public var contacts: [NameAddr] {
        headers.values("Contact").filter { $0 != "*" }.compactMap { try? NameAddr.parse($0, header: "Contact") }
    }

    /// The first Contact; setting replaces all Contact fields.
    public var contact: NameAddr? {
        get { contacts.first }
        set { setHeader("Contact", newValue?.description) }
    }

    public var routes: [NameAddr] {
        get { headers.values("Route").compactMap { try? NameAddr.parse($0, header: "Route") } }
        set { headers.setAll("Route", newValue.map(\.description)) }
    }

    public var recordRoutes: [NameAddr] {
        get { headers.values("Record-Route").compactMap { try? NameAddr.parse($0, header: "Record-Route") } }
        set { headers.setAll("Record-Route", newValue.map(\.description)) }
    }

    /// The media type of the body, e.g. "application/sdp" (parameters stripped, lower-cased).
    public var contentType: String? {
        headers["Content-Type"].map { v in
            String(v.split(separator: ";", maxSplits: 1).first ?? "").trimmingSIPWhitespace().lowercased()
        }
    }

    /// Option tags of a header such as Require, Supported or Unsupported.
    public func optionTags(_ header: String) -> [String] {
        headers.values(header).map { $0.trimmingSIPWhitespace() }.filter { !$0.isEmpty }
    }

    private mutating func setHeader(_ name: String, _ value: String?) {
        if let value { headers.set(name, value) } else { headers.remove(name) }
    }
}
