import CoreTypes
import Foundation
import Testing
@testable import Gateway
import SIP

/// Fixed addresses and timings shared by the outbound call tests.
enum Fixture {
    static let trunkEndpoint = Endpoint(host: "192.0.2.10", port: 5060)
    static let gatewaySIP = Endpoint(host: "198.51.100.1", port: 5060)
    /// Where the phone that answers says it can be reached (its Contact).
    static let phoneEndpoint = Endpoint(host: "192.0.2.50", port: 5070)
    static let phoneContact = "<sip:+15551234567@192.0.2.50:5070>"
    static let start = Instant.seconds(100)

    static func trunk(username: String? = nil, password: String? = nil,
                      codecs: [TrunkCodec] = [.pcmu, .pcma], transport: SIPTransport = .udp,
                      outboundProxy: Endpoint? = nil) -> TrunkTarget {
        TrunkTarget(name: "carrier", endpoint: trunkEndpoint, transport: transport, outboundProxy: outboundProxy,
                    domain: "trunk.example.com", username: username, password: password, codecs: codecs)
    }

    /// The gateway's address for a trunk's transport: the listener of that transport.
    static func local(_ transport: SIPTransport) -> LocalSIPAddress {
        let port = transport == .tls ? 5061 : gatewaySIP.port
        return LocalSIPAddress(endpoint: Endpoint(host: gatewaySIP.host, port: port), transport: transport,
                               userAgent: "gatewayd")
    }

    static func plan(trunk: TrunkTarget = trunk(), destination: String = "+15551234567") -> OutboundCallPlan {
        OutboundCallPlan(identity: "alice", destination: destination, trunk: trunk,
                         local: local(trunk.transport),
                         mediaAddress: "203.0.113.5", mediaPort: 40000,
                         answerTimeout: .seconds(60), transactionTimeout: .seconds(32),
                         mediaTimeout: .seconds(15),
                         sipCallID: "call-1@gateway", fromTag: "gw-tag", sdpSessionID: 42)
    }

    /// The phone's SDP answer: PCMU (and telephone-event) toward 192.0.2.50:30000.
    static func answerSDP(address: String = "192.0.2.50", port: Int = 30000, payloadTypes: String = "0 101",
                          rtpmaps: [String] = ["a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000"]) -> String {
        (["v=0", "o=- 7 1 IN IP4 \(address)", "s=-", "c=IN IP4 \(address)", "t=0 0",
          "m=audio \(port) RTP/AVP \(payloadTypes)"] + rtpmaps + ["a=sendrecv"])
            .joined(separator: "\r\n") + "\r\n"
    }

    static let pcmuAnswer = TrunkSDP.Answer(address: "192.0.2.50", port: 30000, codec: .pcmu,
                                            telephoneEventPayloadType: 101)
}

/// A `CallAction` reduced to what the tests compare, so a whole list of actions
/// can be checked with one `==`.
enum Step: Equatable, CustomStringConvertible {
    case send(SIPMethod, to: Endpoint)
    case respond(Int)
    case web(WebCallState, CallEnd?)
    case trunkMedia(TrunkSDP.Answer)
    case answered
    case ended(CallEnd)
    case ringback(Bool)
    case digit(Character, DTMFMethod)

    static func web(_ state: WebCallState) -> Step { .web(state, nil) }

    /// The three steps that end the web side: end state with its cause, `closed`, the record.
    static func webEnd(_ state: WebCallState, _ end: CallEnd) -> [Step] {
        [.web(state, end), .web(.closed), .ended(end)]
    }

    var description: String {
        switch self {
        case .send(let method, let to): return "send \(method) to \(to)"
        case .respond(let status): return "respond \(status)"
        case .web(let state, let end): return "web \(state.rawValue)" + (end.map { " \($0)" } ?? "")
        case .trunkMedia(let answer): return "trunk media \(answer)"
        case .answered: return "record answered"
        case .ended(let end): return "record ended \(end)"
        case .ringback(let on): return "ringback \(on ? "on" : "off")"
        case .digit(let digit, let method): return "digit \(digit) by \(method.rawValue)"
        }
    }
}

func steps(_ actions: [CallAction]) -> [Step] {
    actions.map { action in
        switch action {
        case .sendRequest(let request, let to): return .send(request.method, to: to)
        case .sendResponse(let response): return .respond(response.statusCode)
        case .webState(let state, let end): return .web(state, end)
        case .startTrunkMedia(let answer): return .trunkMedia(answer)
        case .recordAnswered: return .answered
        case .recordEnded(let end): return .ended(end)
        case .playRingback(let on): return .ringback(on)
        case .dtmfReceived(let digit, let method): return .digit(digit, method)
        }
    }
}

/// The requests among the actions, in order.
func sentRequests(_ actions: [CallAction]) -> [SIPRequest] {
    actions.compactMap { if case .sendRequest(let request, _) = $0 { request } else { nil } }
}

/// The only request with this method among the actions.
func sent(_ method: SIPMethod, in actions: [CallAction],
          sourceLocation: SourceLocation = #_sourceLocation) throws -> SIPRequest {
    let matching = sentRequests(actions).filter { $0.method == method }
    #expect(matching.count == 1, "expected one \(method)", sourceLocation: sourceLocation)
    return try #require(matching.first, sourceLocation: sourceLocation)
}

/// The responses among the actions, in order.
func sentResponses(_ actions: [CallAction]) -> [SIPResponse] {
    actions.compactMap { if case .sendResponse(let response) = $0 { response } else { nil } }
}

/// A response from the trunk to `request`, built as the far end would: headers
/// copied by `makeResponse`, then the phone's Contact and an SDP body when given.
func reply(_ status: Int, to request: SIPRequest, toTag: String? = "phone-tag",
           contact: String? = Fixture.phoneContact, sdp: String? = nil,
           headers extra: [(String, String)] = []) -> SIPResponse {
    var response = request.makeResponse(status: status, toTag: toTag)
    if let contact, status > 100, status < 300 { response.headers.add("Contact", contact) }
    for (name, value) in extra { response.headers.add(name, value) }
    if let sdp {
        response.headers.add("Content-Type", "application/sdp")
        response.body = Array(sdp.utf8)
        response.headers.set("Content-Length", String(response.body.count))
    }
    return response
}

/// A request the trunk sends inside the dialog (BYE, re-INVITE, …): From carries
/// the phone's tag, To ours.
func trunkRequest(_ method: SIPMethod, cseq: UInt32 = 1, contact: String = Fixture.phoneContact,
                  sdp: String? = nil, headers extra: [(String, String)] = []) -> SIPRequest {
    var h = SIPHeaders()
    h.add("Via", "SIP/2.0/UDP 192.0.2.50:5070;branch=z9hG4bK-trunk-\(method.rawValue)-\(cseq)")
    h.add("Max-Forwards", "70")
    h.add("From", "<sip:+15551234567@trunk.example.com>;tag=phone-tag")
    h.add("To", "<sip:alice@trunk.example.com>;tag=gw-tag")
    h.add("Call-ID", "call-1@gateway")
    h.add("CSeq", "\(cseq) \(method.rawValue)")
    h.add("Contact", contact)
    for (name, value) in extra { h.add(name, value) }
    var body: [UInt8] = []
    if let sdp {
        h.add("Content-Type", "application/sdp")
        body = Array(sdp.utf8)
    }
    h.add("Content-Length", String(body.count))
    return SIPRequest(method: method, uri: SIPURI(user: "gateway", host: "198.51.100.1", port: 5060),
                      headers: h, body: body)
}

/// A call that has sent its INVITE at `Fixture.start`, and that INVITE.
func startedCall(_ plan: OutboundCallPlan = Fixture.plan()) throws -> (OutboundCall, SIPRequest) {
    var call = OutboundCall(plan: plan, now: Fixture.start)
    let invite = try sent(.invite, in: call.start(now: Fixture.start))
    return (call, invite)
}

/// A call the phone answered with PCMU and whose browser media is up.
func connectedCall() throws -> (OutboundCall, SIPRequest) {
    var (call, invite) = try startedCall()
    _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
    _ = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: Fixture.start + .seconds(5))
    let actions = call.handle(.webMediaConnected, now: Fixture.start + .seconds(6))
    #expect(steps(actions) == [.web(.connected)])
    return (call, invite)
}

/// `name=value` pairs of a Digest credentials header (RFC 7616 §3.4), quotes removed.
func digestParameters(_ header: String) -> [String: String] {
    guard header.hasPrefix("Digest ") else { return [:] }
    var parameters: [String: String] = [:]
    var current = "", inQuotes = false
    var pieces: [String] = []
    for ch in header.dropFirst("Digest ".count) {
        if ch == "\"" { inQuotes.toggle() }
        if ch == ",", !inQuotes {
            pieces.append(current)
            current = ""
        } else {
            current.append(ch)
        }
    }
    pieces.append(current)
    for piece in pieces {
        let parts = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { continue }
        parameters[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
    return parameters
}
