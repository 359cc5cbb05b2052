import CoreTypes
import SIP

/// The REGISTER requests a trunk registration sends, and what it reads from the
/// registrar's responses. Kept apart so `TrunkRegistration` reads as a state machine.
enum RegisterRequests {
    /// The highest binding lifetime taken from the wire (about 68 years); larger
    /// numbers are clamped rather than trusted.
    static let maxSeconds = Int(Int32.max)

    /// REGISTER as RFC 3261 §10.2 builds it: Request-URI names the registrar's domain,
    /// To and From carry the address-of-record, the Contact our SIP address with the
    /// lifetime asked for (`expires=0` removes the binding, §10.2.2).
    static func register(plan: RegistrationPlan, cseq: UInt32, expires: Int,
                         authorization: (header: String, value: String)?) -> SIPRequest {
        var h = SIPHeaders()
        h.add("Via", plan.local.newVia())
        h.add("Max-Forwards", "70")
        if let route = plan.route { h.add("Route", route) }
        h.add("From", "<\(addressOfRecord(plan))>;tag=\(plan.fromTag)")
        h.add("To", "<\(addressOfRecord(plan))>")
        h.add("Call-ID", plan.callID)
        h.add("CSeq", "\(cseq) REGISTER")
        h.add("Contact", "<\(contactURI(plan).description)>;expires=\(expires)")
        h.add("Expires", String(expires))
        h.add("Allow", TrunkRequests.allow)
        h.add("User-Agent", plan.local.userAgent)
        if let authorization { h.add(authorization.header, authorization.value) }
        h.add("Content-Length", "0")
        return SIPRequest(method: .register, uri: requestURI(plan), headers: h)
    }

    /// §10.2: `sip:<domain>`, no user part. The port is written when the registrar
    /// is the domain's own host on a port other than the transport's default.
    static func requestURI(_ plan: RegistrationPlan) -> SIPURI {
        let port = (plan.domain == plan.registrar.host && plan.registrar.port != plan.local.transport.defaultPort)
            ? plan.registrar.port : nil
        return SIPURI(host: plan.domain, port: port)
    }

    /// `sip:<username>@<domain>`.
    static func addressOfRecord(_ plan: RegistrationPlan) -> String {
        "sip:\(TrunkRequests.escapeUser(plan.username))@\(TrunkRequests.bracketed(plan.domain))"
    }

    /// Where the registrar's proxy sends requests for the address-of-record: the
    /// gateway's SIP address, with the account's user part so the INVITE says whom it is for.
    /// The transport parameter tells it how to reach us (§19.1.1).
    static func contactURI(_ plan: RegistrationPlan) -> SIPURI {
        var parameters = SIPParameters()
        if let transport = plan.local.transport.uriParameter { parameters.set("transport", transport) }
        return SIPURI(user: plan.username, host: plan.local.endpoint.host, port: plan.local.endpoint.port,
                      parameters: parameters)
    }

    /// The lifetime the registrar granted (RFC 3261 §10.2.4): the `expires` parameter of
    /// our Contact in the 200, else its Expires header, else nil.
    static func grantedExpires(_ response: SIPResponse, contact: SIPURI) -> Int? {
        for bound in response.contacts where bound.uri.isEquivalent(to: contact) {
            if let value = bound.parameters["expires"], let seconds = seconds(value) { return seconds }
        }
        return response.headers["Expires"].flatMap(seconds)
    }

    /// A delta-seconds value (RFC 3261 §25.1) at the start of a header value, such as
    /// Expires, Min-Expires or Retry-After (`120 (comment);duration=60`). Never traps:
    /// long numbers are clamped to `maxSeconds`.
    static func seconds(_ text: String) -> Int? {
        let digits = text.drop { $0 == " " || $0 == "\t" }.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        guard digits.count <= 10, let value = Int(digits) else { return maxSeconds }
        return min(value, maxSeconds)
    }

    /// The digest challenge to answer in a 401 or 407 and the header the answer goes in
    /// (RFC 3261 §22.2); SHA-256 is preferred when offered (RFC 8760 §2.4).
    static func challenge(in response: SIPResponse) -> (DigestChallenge, answerHeader: String)? {
        let (challengeHeader, answerHeader) = response.statusCode == 407
            ? ("Proxy-Authenticate", "Proxy-Authorization") : ("WWW-Authenticate", "Authorization")
        let challenges = response.headers.fieldValues(challengeHeader).compactMap { try? DigestChallenge.parse($0) }
        guard let chosen = challenges.first(where: { $0.algorithm == .sha256 || $0.algorithm == .sha256Session })
                ?? challenges.first else { return nil }
        return (chosen, answerHeader)
    }

    /// `401 Unauthorized` as written in failure reasons.
    static func statusText(_ response: SIPResponse) -> String {
        "\(response.statusCode) \(response.reasonPhrase.prefix(64))"
    }
}
