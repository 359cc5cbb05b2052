import CoreTypes
import SIP
import Testing
@testable import Gateway

/// DTMF over SIP INFO on a call from a trunk: the caller's INFOs (for a dialplan menu or the
/// agent) and INFOs sent to the caller.
@Suite struct InboundCallInfoTests {
    static let start = InboundCallAgentTests.start
    static let t0 = start + .seconds(10)
    static let callerEndpoint = Endpoint(host: "192.0.2.10", port: 5060)

    /// A call the dialplan answered.
    static func answeredCall() -> InboundCall {
        var call = InboundCallAgentTests.waitingCall()
        #expect(steps(call.answer(now: start)) == [.respond(200), .trunkMedia(Fixture.pcmuAnswer), .answered])
        return call
    }

    @Test func whileRingingAnInfoGets481() {
        var call = InboundCallAgentTests.waitingCall()
        _ = call.ring()
        #expect(steps(call.handle(.sipRequest(callerInfo("Signal=1")), now: Self.start + .seconds(1))) == [.respond(481)])
        #expect(call.isAwaitingAnswer, "the call rings on")
    }

    @Test func aMenuKeyIsReportedOnce() {
        var call = Self.answeredCall()
        let info = callerInfo("Signal=3\r\nDuration=250")
        #expect(steps(call.handle(.sipRequest(info), now: Self.t0)) == [.respond(200), .digit("3", .info)])
        #expect(steps(call.handle(.sipRequest(info), now: Self.t0 + .milliseconds(400))) == [.respond(200)])
        #expect(steps(call.handle(.sipRequest(callerInfo("#", contentType: "application/dtmf", cseq: 3)),
                                  now: Self.t0 + .seconds(1))) == [.respond(200), .digit("#", .info)])
    }

    @Test func badBodiesAndOtherTypesMakeNoDigit() {
        var call = Self.answeredCall()
        #expect(steps(call.handle(.sipRequest(callerInfo("Signal=X", cseq: 2)), now: Self.t0)) == [.respond(400)])
        #expect(steps(call.handle(.sipRequest(callerInfo("{}", contentType: "application/json", cseq: 3)),
                                  now: Self.t0)) == [.respond(415)])
        #expect(steps(call.handle(.sipRequest(callerInfo(nil, cseq: 4)), now: Self.t0)) == [.respond(200)],
                "an INFO without a body is a keep-alive")
        #expect(steps(call.handle(.sipRequest(callerInfo("Signal=1", cseq: 3)), now: Self.t0)) == [.respond(500)],
                "older than the last request seen")
        #expect(call.end == nil)
    }

    @Test func anInfoOfAnotherDialogGets481() {
        var call = Self.answeredCall()
        var info = callerInfo("Signal=1")
        info.headers.set("To", "<sip:+15557650000@198.51.100.1>;tag=not-ours")
        #expect(steps(call.handle(.sipRequest(info), now: Self.t0)) == [.respond(481)])
    }

    @Test func whileTheAgentIsAwayKeysAreStillReported() {
        var call = InboundCallAgentReconnectTests.connectedCall()
        _ = call.handle(.webDropped, now: Self.t0)
        #expect(call.isReconnecting)
        #expect(digits(call.handle(.sipRequest(callerInfo("Signal=0")), now: Self.t0 + .seconds(1))) == [.digit("0", .info)])
    }

    @Test func infosToTheCallerGoInTheDialogOneAtATime() throws {
        var call = Self.answeredCall()
        let actions = call.sendDTMF(info: "42", now: Self.t0)
        #expect(steps(actions) == [.send(.info, to: Self.callerEndpoint)])
        let first = try sent(.info, in: actions)
        #expect(first.uri.description == "sip:+15551230000@192.0.2.10:5060", "the caller's Contact is the target")
        #expect(first.from?.tag == "gw-in-tag" && first.to?.tag == "trunk-tag" && first.callID == "inbound-1@trunk")
        #expect(first.cseq == CSeq(1, .info), "our first request in the dialog")
        #expect(key(of: first) == "4")
        #expect(call.nextDeadline == Self.t0 + .seconds(32))

        #expect(call.handle(.sipResponse(reply(200, to: first, toTag: nil)), now: Self.t0 + .milliseconds(30)).isEmpty)
        #expect(call.nextDeadline == Self.t0 + .milliseconds(160))
        #expect(call.handle(.timer, now: Self.t0 + .milliseconds(100)).isEmpty)
        let second = try sent(.info, in: call.handle(.timer, now: Self.t0 + .milliseconds(160)))
        #expect(key(of: second) == "2" && second.cseq == CSeq(2, .info))
        #expect(call.pendingInfoDigits == 0)
    }

    @Test func aRefusedOrLostInfoKeepsTheCall() throws {
        var call = Self.answeredCall()
        let first = try sent(.info, in: call.sendDTMF(info: "789", now: Self.t0))
        let second = try sent(.info, in: call.handle(.sipResponse(reply(488, to: first, toTag: nil)),
                                                     now: Self.t0 + .milliseconds(200)))
        #expect(key(of: second) == "8")
        let third = try sent(.info, in: call.handle(.sipTimeout(second), now: Self.t0 + .seconds(33)))
        #expect(key(of: third) == "9")
        #expect(call.end == nil && !call.isFinished)
    }

    @Test func keysBeforeTheAnswerOrAfterTheEndAreNotSent() {
        var call = InboundCallAgentTests.waitingCall()
        #expect(call.sendDTMF(info: "1", now: Self.start).isEmpty)
        _ = call.answer(now: Self.start)
        _ = call.handle(.webHangup(.normalClearing), now: Self.t0)
        #expect(call.sendDTMF(info: "1", now: Self.t0 + .seconds(1)).isEmpty)
    }
}
