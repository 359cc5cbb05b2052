import CoreTypes
import Testing
@testable import Gateway
import SIP

/// Provisional responses: ringback, early media (183 with SDP) and PRACK (RFC 3262).
@Suite struct EarlyMediaTests {
    @Test func inviteOffersReliableProvisionals() throws {
        let (_, invite) = try startedCall()
        #expect(invite.optionTags("Supported").contains("100rel"))
        var required = Fixture.trunk()
        required.reliableProvisional = .required
        let (_, strict) = try startedCall(Fixture.plan(trunk: required))
        #expect(strict.optionTags("Require") == ["100rel"])
    }

    @Test func ringingWithoutSDPPlaysTheGatewaysRingbackUntilAnswer() throws {
        var (call, invite) = try startedCall()
        #expect(steps(call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1)))
                == [.ringback(true), .web(.ringing)])
        let answer = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                 now: Fixture.start + .seconds(4))
        #expect(steps(answer) == [.send(.ack, to: Fixture.phoneEndpoint), .ringback(false),
                                  .trunkMedia(Fixture.pcmuAnswer), .answered, .web(.connecting)])
    }

    @Test func sessionProgressWithSDPIsBridgedBeforeTheAnswer() throws {
        var (call, invite) = try startedCall()
        let early = Fixture.answerSDP(port: 31000)
        let progress = call.handle(.sipResponse(reply(183, to: invite, sdp: early)), now: Fixture.start + .seconds(1))
        var earlyMedia = Fixture.pcmuAnswer
        earlyMedia.port = 31000
        #expect(steps(progress) == [.trunkMedia(earlyMedia), .web(.ringing)])
        // 180 after early media: the far end's own media goes on, no gateway ringback.
        #expect(steps(call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(2))) == [])
        // The 200 repeats the SDP (RFC 3261 §13.2.1) and media follows it.
        let answer = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                 now: Fixture.start + .seconds(5))
        #expect(steps(answer) == [.send(.ack, to: Fixture.phoneEndpoint), .trunkMedia(Fixture.pcmuAnswer),
                                  .answered, .web(.connecting)])
    }

    @Test func ringbackStopsWhenLaterEarlyMediaArrives() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        let progress = call.handle(.sipResponse(reply(183, to: invite, sdp: Fixture.answerSDP())),
                                   now: Fixture.start + .seconds(2))
        #expect(steps(progress) == [.ringback(false), .trunkMedia(Fixture.pcmuAnswer)])
    }

    @Test func reliableProvisionalIsAcknowledgedOnceWithPRACK() throws {
        var (call, invite) = try startedCall()
        let reliable = reply(183, to: invite, sdp: Fixture.answerSDP(),
                             headers: [("Require", "100rel"), ("RSeq", "7")])
        let actions = call.handle(.sipResponse(reliable), now: Fixture.start + .seconds(1))
        let prack = try sent(.prack, in: actions)
        #expect(prack.headers["RAck"] == "7 1 INVITE")
        #expect(prack.callID == invite.callID)
        #expect(prack.to?.tag == "phone-tag")
        #expect(prack.from?.tag == invite.from?.tag)
        #expect(prack.cseq?.sequence == 2 && prack.cseq?.method == .prack)
        #expect(prack.uri.host == "192.0.2.50")
        // A retransmission of the same reliable 1xx gets no second PRACK.
        #expect(sentRequests(call.handle(.sipResponse(reliable), now: Fixture.start + .seconds(2))).isEmpty)
        // The next one (RSeq 8) does, with the next CSeq.
        let next = reply(180, to: invite, headers: [("Require", "100rel"), ("RSeq", "8")])
        let second = try sent(.prack, in: call.handle(.sipResponse(next), now: Fixture.start + .seconds(3)))
        #expect(second.headers["RAck"] == "8 1 INVITE")
        #expect(second.cseq?.sequence == 3)
    }

    @Test func answerWithoutSDPKeepsTheReliableEarlyAnswer() throws {
        var (call, invite) = try startedCall()
        let reliable = reply(183, to: invite, sdp: Fixture.answerSDP(),
                             headers: [("Require", "100rel"), ("RSeq", "1")])
        _ = call.handle(.sipResponse(reliable), now: Fixture.start + .seconds(1))
        let answer = call.handle(.sipResponse(reply(200, to: invite)), now: Fixture.start + .seconds(3))
        #expect(steps(answer) == [.send(.ack, to: Fixture.phoneEndpoint), .trunkMedia(Fixture.pcmuAnswer),
                                  .answered, .web(.connecting)])
        // The BYE goes on from the PRACK's CSeq 2 (RFC 3261 §12.2.1.1).
        let bye = try sent(.bye, in: call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(4)))
        #expect(bye.cseq == CSeq(3, .bye))
    }

    @Test func maximumDurationEndsAnAnsweredCall() throws {
        var (call, _) = try connectedCall()
        let limit = try #require(call.nextDeadline)
        #expect(limit == Fixture.start + .seconds(5) + .seconds(4 * 3600))
        let actions = call.handle(.timer, now: limit)
        let bye = try sent(.bye, in: actions)
        #expect(bye.headers["Reason"]?.contains("cause=16") == true)
        #expect(steps(actions).contains(.web(.hungUp, CallEnd(cause: .normalClearing, side: .gateway))))
    }
}
