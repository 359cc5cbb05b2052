import CoreTypes
import Hashing
import Testing
@testable import Gateway
import SIP

/// Fixed addresses and times shared by the trunk registration tests.
enum Registrar {
    static let endpoint = Endpoint(host: "192.0.2.20", port: 5060)
    static let gatewaySIP = Endpoint(host: "198.51.100.1", port: 5080)
    static let domain = "sip.example.com"
    static let start = Instant.seconds(1000)

    static func plan(expires: Int = 3600, authUsername: String? = nil, registrar: Endpoint = endpoint,
                     domain: String = domain) -> RegistrationPlan {
        RegistrationPlan(trunkName: "carrier", registrar: registrar, domain: domain, username: "alice",
                         authUsername: authUsername, password: "secret",
                         local: LocalSIPAddress(endpoint: gatewaySIP, userAgent: "gatewayd"),
                         expires: expires, callID: "reg-1@gateway", fromTag: "reg-tag")
    }

    /// A registration whose jitter source always returns `random`.
    static func registration(_ plan: RegistrationPlan = plan(), random: Double = 0) -> TrunkRegistration {
        TrunkRegistration(plan: plan, random: { random })
    }

    /// A registration that has sent its first REGISTER at `start`, and that request.
    static func started(_ plan: RegistrationPlan = plan(), random: Double = 0) throws
        -> (TrunkRegistration, SIPRequest) {
        var registration = registration(plan, random: random)
        let request = try onlyRegister(registration.start(now: start), to: plan.registrar)
        return (registration, request)
    }

    /// A registration bound at `start` with the lifetime asked for.
    static func bound(_ plan: RegistrationPlan = plan(), random: Double = 0) throws
        -> (TrunkRegistration, SIPRequest) {
        var (registration, request) = try started(plan, random: random)
        _ = registration.handle(.sipResponse(ok(to: request, contactExpires: plan.expires)), now: start)
        return (registration, request)
    }
}

/// The only REGISTER among the actions, checked to go to the registrar.
func onlyRegister(_ actions: [RegistrationAction], to destination: Endpoint = Registrar.endpoint,
                  sourceLocation: SourceLocation = #_sourceLocation) throws -> SIPRequest {
    let sent = actions.compactMap { action -> (SIPRequest, Endpoint)? in
        if case .sendRequest(let request, let to) = action { return (request, to) }
        return nil
    }
    #expect(sent.count == 1, "expected one REGISTER, got \(sent.count)", sourceLocation: sourceLocation)
    let (request, to) = try #require(sent.first, sourceLocation: sourceLocation)
    #expect(request.method == .register, sourceLocation: sourceLocation)
    #expect(to == destination, sourceLocation: sourceLocation)
    return request
}

/// The state changes among the actions, in order.
func stateChanges(_ actions: [RegistrationAction]) -> [RegistrationState] {
    actions.compactMap { if case .stateChanged(let state) = $0 { state } else { nil } }
}

/// The registrar's 200: the binding listed with `contactExpires`, and optionally an
/// Expires header and other contacts of the same address-of-record.
func ok(to request: SIPRequest, contactExpires: Int?, expiresHeader: Int? = nil,
        otherContacts: [String] = []) -> SIPResponse {
    var response = request.makeResponse(status: 200, toTag: "registrar-tag")
    for other in otherContacts { response.headers.add("Contact", other) }
    let contact = "<sip:alice@198.51.100.1:5080>" + (contactExpires.map { ";expires=\($0)" } ?? "")
    response.headers.add("Contact", contact)
    if let expiresHeader { response.headers.add("Expires", String(expiresHeader)) }
    return response
}

/// A final response from the registrar with extra headers (challenges, Min-Expires, …).
func registrarReply(_ status: Int, to request: SIPRequest, headers extra: [(String, String)] = []) -> SIPResponse {
    var response = request.makeResponse(status: status, toTag: "registrar-tag")
    for (name, value) in extra { response.headers.add(name, value) }
    return response
}

/// `Digest realm=…, nonce=…, qop="auth", algorithm=…` as a registrar writes it.
func challengeHeader(nonce: String, algorithm: String = "MD5", stale: Bool = false,
                     realm: String = Registrar.domain) -> String {
    #"Digest realm="\#(realm)", nonce="\#(nonce)", qop="auth", algorithm=\#(algorithm)"#
        + (stale ? ", stale=true" : "")
}

/// Recomputes the digest `response` of a credentials header as the registrar does
/// (RFC 7616 §3.4.1, qop=auth) with `hash`, and compares it with the one sent.
func expectValidDigest(_ header: String, hash: Hash, username: String, password: String = "secret",
                       realm: String = Registrar.domain, nonce: String, method: String = "REGISTER",
                       uri: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let p = digestParameters(header)
    let h = { (text: String) in hash.digest(Array(text.utf8)).hexString }
    #expect(p["username"] == username, sourceLocation: sourceLocation)
    #expect(p["realm"] == realm, sourceLocation: sourceLocation)
    #expect(p["nonce"] == nonce, sourceLocation: sourceLocation)
    #expect(p["uri"] == uri, sourceLocation: sourceLocation)
    #expect(p["qop"] == "auth", sourceLocation: sourceLocation)
    #expect(p["nc"] == "00000001", sourceLocation: sourceLocation)
    let cnonce = p["cnonce"] ?? ""
    #expect(!cnonce.isEmpty, sourceLocation: sourceLocation)
    let ha1 = h("\(username):\(realm):\(password)")
    let ha2 = h("\(method):\(uri)")
    let expected = h("\(ha1):\(nonce):00000001:\(cnonce):auth:\(ha2)")
    #expect(p["response"] == expected, sourceLocation: sourceLocation)
    #expect(p["response"]?.count == hash.length * 2, sourceLocation: sourceLocation)
}
