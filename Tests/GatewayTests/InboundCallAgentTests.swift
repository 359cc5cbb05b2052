import CoreTypes
import SIP
import Testing
@testable import Gateway

/// A call from a trunk that an agent's browser answers: ringing while agents ring, the answer
/// when one accepts, and the call's states on the agent's console.
@Suite struct InboundCallAgentTests {
    static let start = Instant.seconds(100)

    /// The trunk's INVITE: PCMU and telephone-event from 192.0.2.50:30000.
    static func invite() -> SIPRequest {
        var h = SIPHeaders()
        h.add("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-inbound-1")
        h.add("Max-Forwards", "70")
        h.add("From", "\"Bob\" <sip:+15551230000@trunk.example.com>;tag=trunk-tag")
        h.add("To", "<sip:+15557650000@198.51.100.1>")
        h.add("Call-ID", "inbound-1@trunk")
        h.add("CSeq", "1 INVITE")
        h.add("Contact", "<sip:+15551230000@192.0.2.10:5060>")
        h.add("Content-Type", "application/sdp")
        let body = Array(Fixture.answerSDP().utf8)
        h.add("Content-Length", String(body.count))
        return SIPRequest(method: .invite, uri: SIPURI(user: "+15557650000", host: "198.51.100.1", port: 5060),
                          headers: h, body: body)
    }

    static func plan() -> InboundCallPlan {
        InboundCallPlan(trunkName: "carrier", destination: .dialplan, local: Fixture.local(.udp),
                        mediaAddress: "203.0.113.5", mediaPort: 40000, codecs: [.pcmu, .pcma],
                        localTag: "gw-in-tag", sdpSessionID: 7, transactionTimeout: .seconds(32))
    }

    /// A call whose offer was accepted and that waits for the dialplan.
    static func waitingCall() -> InboundCall {
        var call = InboundCall(invite: invite(), plan: plan())
        #expect(call.start(now: start).isEmpty)
        return call
    }

    /// A trunk request inside the call's dialog (From: the trunk's tag, To: ours).
    static func inDialog(_ method: SIPMethod, cseq: UInt32 = 2, reason: String? = nil) -> SIPRequest {
        var h = SIPHeaders()
        h.add("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-inbound-\(cseq)")
        h.add("From", "\"Bob\" <sip:+15551230000@trunk.example.com>;tag=trunk-tag")
        h.add("To", "<sip:+15557650000@198.51.100.1>;tag=gw-in-tag")
        h.add("Call-ID", "inbound-1@trunk")
        h.add("CSeq", "\(cseq) \(method.rawValue)")
        if let reason { h.add("Reason", reason) }
        h.add("Content-Length", "0")
        return SIPRequest(method: method, uri: SIPURI(user: "gateway", host: "198.51.100.1", port: 5060), headers: h)
    }

    @Test func ringingSends180OnceWithTagAndContact() throws {
        var call = Self.waitingCall()
        let first = sentResponses(call.ring())
        #expect(first.map(\.statusCode) == [180])
        let ringing = try #require(first.first)
        #expect(ringing.to?.tag == "gw-in-tag")
        #expect(ringing.headers["Contact"] != nil)
        #expect(call.ring().isEmpty, "a second ring sends nothing")
    }

    @Test func acceptingAnswersTheCallAndTellsTheAgentConnecting() {
        var call = Self.waitingCall()
        _ = call.ring()
        let actions = steps(call.connectAgent(now: Self.start + .seconds(3)))
        #expect(actions == [.respond(200), .trunkMedia(Fixture.pcmuAnswer), .answered, .web(.connecting)])
        #expect(call.hasAgent)
        #expect(steps(call.handle(.webMediaConnected, now: Self.start + .seconds(4))) == [.web(.connected)])
    }

    @Test func acceptingACallTheDialplanAnsweredSendsNoSecondAnswer() {
        var call = Self.waitingCall()
        #expect(steps(call.answer(now: Self.start)) == [.respond(200), .trunkMedia(Fixture.pcmuAnswer), .answered])
        #expect(steps(call.connectAgent(now: Self.start + .seconds(20))) == [.web(.connecting)])
        #expect(call.ring().isEmpty, "no 180 after the answer")
    }

    @Test func callerHangingUpEndsTheAgentsCallAsRemote() {
        var call = Self.waitingCall()
        _ = call.connectAgent(now: Self.start)
        let actions = steps(call.handle(.sipRequest(Self.inDialog(.bye)), now: Self.start + .seconds(30)))
        let end = CallEnd(cause: .normalClearing, side: .remote)
        #expect(actions == [.respond(200)] + Step.webEnd(.hungUp, end))
    }

    @Test func agentHangingUpSendsByeAsLocal() throws {
        var call = Self.waitingCall()
        _ = call.connectAgent(now: Self.start)
        let actions = call.handle(.webHangup(.normalClearing), now: Self.start + .seconds(30))
        let bye = try sent(.bye, in: actions)
        #expect(bye.headers["Reason"]?.contains("cause=16") == true)
        let end = CallEnd(cause: .normalClearing, side: .local)
        #expect(Array(steps(actions).dropFirst()) == Step.webEnd(.hungUp, end))
    }

    @Test func agentMediaFailingEndsTheCall() throws {
        var call = Self.waitingCall()
        _ = call.connectAgent(now: Self.start)
        let actions = call.handle(.webMediaFailed, now: Self.start + .seconds(10))
        _ = try sent(.bye, in: actions)
        #expect(Array(steps(actions).dropFirst()) == Step.webEnd(.hungUp, CallEnd(cause: .mediaFailure, side: .gateway)))
    }

    @Test func withoutAnAgentTheDialplansHangupIsTheGatewaysAndNoBrowserHearsOfIt() {
        var call = Self.waitingCall()
        _ = call.ring()
        let actions = steps(call.handle(.webHangup(.noAnswer), now: Self.start + .seconds(60)))
        #expect(actions == [.respond(480), .ended(CallEnd(cause: .noAnswer, side: .gateway))])
        #expect(steps(call.handle(.webMediaConnected, now: Self.start + .seconds(61))).isEmpty)
    }

    @Test func cancelWhileAgentsRingEndsWith487() {
        var call = Self.waitingCall()
        _ = call.ring()
        let actions = steps(call.handle(.cancelled, now: Self.start + .seconds(5)))
        #expect(actions == [.respond(487), .ended(CallEnd(cause: .originatorCancel, side: .remote, sipStatus: 487))])
        #expect(call.connectAgent(now: Self.start + .seconds(6)).isEmpty, "a cancelled call cannot be accepted")
    }
}

/// The disconnect window of a phone's call an agent answered (docs/signaling.md, "Reconnecting").
@Suite struct InboundCallAgentReconnectTests {
    static let start = InboundCallAgentTests.start

    static func connectedCall(interval: Duration = .seconds(30)) -> InboundCall {
        var plan = InboundCallAgentTests.plan()
        plan.disconnectInterval = interval
        var call = InboundCall(invite: InboundCallAgentTests.invite(), plan: plan)
        _ = call.start(now: start)
        _ = call.connectAgent(now: start)
        _ = call.handle(.webMediaConnected, now: start + .seconds(1))
        return call
    }

    @Test func aDroppedAgentKeepsTheCallUntilTheWindowEnds() throws {
        var call = Self.connectedCall(interval: .seconds(20))
        #expect(steps(call.handle(.webDropped, now: Self.start + .seconds(10))) == [.web(.reconnecting)])
        #expect(call.isReconnecting)
        #expect(call.nextDeadline == Self.start + .seconds(30))
        #expect(call.handle(.timer, now: Self.start + .seconds(29)).isEmpty, "nothing before the deadline")
        let actions = call.handle(.timer, now: Self.start + .seconds(30))
        let bye = try sent(.bye, in: actions)
        #expect(bye.headers["Reason"]?.contains("cause=41") == true)
        #expect(Array(steps(actions).dropFirst())
                == Step.webEnd(.hungUp, CallEnd(cause: .temporaryFailure, side: .local)))
    }

    @Test func aResumedAgentIsReconnectedThenConnected() {
        var call = Self.connectedCall()
        _ = call.handle(.webDropped, now: Self.start + .seconds(10))
        #expect(call.handle(.webMediaConnected, now: Self.start + .seconds(11)).isEmpty,
                "the old leg's media says nothing while away")
        #expect(steps(call.handle(.webResumed, now: Self.start + .seconds(15))) == [.web(.reconnected)])
        #expect(!call.isReconnecting)
        #expect(steps(call.handle(.webMediaConnected, now: Self.start + .seconds(16))) == [.web(.connected)])
        #expect(call.handle(.timer, now: Self.start + .seconds(45)).isEmpty, "the window is over")
    }

    @Test func theCallerHangingUpWhileTheAgentIsAwayEndsTheCall() {
        var call = Self.connectedCall()
        _ = call.handle(.webDropped, now: Self.start + .seconds(10))
        let actions = steps(call.handle(.sipRequest(InboundCallAgentTests.inDialog(.bye)), now: Self.start + .seconds(12)))
        #expect(actions == [.respond(200)] + Step.webEnd(.hungUp, CallEnd(cause: .normalClearing, side: .remote)))
        #expect(call.nextDeadline == nil)
    }

    @Test func withoutAnAgentADropMeansNothing() {
        var call = InboundCall(invite: InboundCallAgentTests.invite(), plan: InboundCallAgentTests.plan())
        _ = call.start(now: Self.start)
        _ = call.answer(now: Self.start)
        #expect(call.handle(.webDropped, now: Self.start + .seconds(1)).isEmpty)
        #expect(!call.isReconnecting)
    }
}
