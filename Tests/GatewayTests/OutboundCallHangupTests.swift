import CoreTypes
import Testing
@testable import Gateway
import SIP

/// Ending a call from either side, and the timers that end it (RFC 3261 §9.1
/// CANCEL, §15 BYE, §17.1.1.2 Timer B).
@Suite struct OutboundCallHangupTests {
    static let originatorCancel = CallEnd(cause: .originatorCancel, side: .local)

    @Test func hangupBeforeAnyProvisionalWaitsForOneBeforeCancelling() throws {
        var (call, invite) = try startedCall()
        let hangupAt = Fixture.start + .seconds(2)
        let actions = call.handle(.webHangup(.normalClearing), now: hangupAt)
        // The browser is told at once; the CANCEL must wait for a provisional (§9.1).
        #expect(steps(actions) == Step.webEnd(.hungUp, Self.originatorCancel))
        #expect(call.end == Self.originatorCancel)
        #expect(!call.isFinished)
        // The answer timeout no longer matters; the give-up bound does.
        #expect(call.nextDeadline == hangupAt + .seconds(32))

        let ringing = call.handle(.sipResponse(reply(180, to: invite)), now: hangupAt + .seconds(1))
        #expect(steps(ringing) == [.send(.cancel, to: Fixture.trunkEndpoint)])
        let cancel = try sent(.cancel, in: ringing)
        #expect(cancel.uri == invite.uri)
        #expect(cancel.cseq == CSeq(1, .cancel))
        #expect(cancel.callID == invite.callID)
        #expect(cancel.headers["From"] == invite.headers["From"])
        #expect(cancel.headers["To"] == invite.headers["To"])
        // Same top Via (same branch) so it matches the INVITE's transaction (§9.1).
        #expect(cancel.headers["Via"] == invite.headers["Via"])
        #expect(cancel.headers["Reason"] == #"Q.850;cause=16;text="originator_cancel""#)

        // Another provisional does not send a second CANCEL.
        #expect(steps(call.handle(.sipResponse(reply(183, to: invite)), now: hangupAt + .seconds(2))) == [])
        #expect(steps(call.handle(.sipResponse(reply(200, to: cancel)), now: hangupAt + .seconds(2))) == [])
        #expect(!call.isFinished)

        let terminated = call.handle(.sipResponse(reply(487, to: invite)), now: hangupAt + .seconds(3))
        #expect(steps(terminated) == [])
        #expect(call.isFinished)
        #expect(call.end == Self.originatorCancel)
    }

    @Test func hangupWithoutAnyResponseGivesUpAtTheBound() throws {
        var (call, _) = try startedCall()
        let hangupAt = Fixture.start + .seconds(2)
        _ = call.handle(.webHangup(.normalClearing), now: hangupAt)
        #expect(steps(call.handle(.timer, now: hangupAt + .seconds(31))) == [])
        #expect(!call.isFinished)
        #expect(steps(call.handle(.timer, now: hangupAt + .seconds(32))) == [])
        #expect(call.isFinished)
        #expect(call.nextDeadline == nil)
    }

    @Test func hangupAfterRingingCancelsAtOnceAndByesACrossingAnswer() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        let actions = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(2))
        #expect(steps(actions) == Step.webEnd(.hungUp, Self.originatorCancel)
                + [.send(.cancel, to: Fixture.trunkEndpoint)])

        // The 200 crossed the CANCEL: the phone is up, so acknowledge and hang up (§15).
        let crossing = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                   now: Fixture.start + .seconds(3))
        #expect(steps(crossing) == [.send(.ack, to: Fixture.phoneEndpoint), .send(.bye, to: Fixture.phoneEndpoint)])
        let bye = try sent(.bye, in: crossing)
        #expect(bye.cseq == CSeq(2, .bye))
        #expect(bye.to?.tag == "phone-tag")
        #expect(bye.headers["Reason"] == #"Q.850;cause=16;text="originator_cancel""#)
        #expect(!call.isFinished)

        #expect(steps(call.handle(.sipResponse(reply(200, to: bye)), now: Fixture.start + .seconds(4))) == [])
        #expect(call.isFinished)
        #expect(call.end == Self.originatorCancel)
    }

    @Test func webHangupOfAnAnsweredCallSendsBye() throws {
        var (call, _) = try connectedCall()
        let hangupAt = Fixture.start + .seconds(30)
        let actions = call.handle(.webHangup(.normalClearing), now: hangupAt)
        let end = CallEnd(cause: .normalClearing, side: .local)
        #expect(steps(actions) == [.send(.bye, to: Fixture.phoneEndpoint)] + Step.webEnd(.hungUp, end))

        let bye = try sent(.bye, in: actions)
        #expect(bye.uri.description == "sip:+15551234567@192.0.2.50:5070")
        #expect(bye.cseq == CSeq(2, .bye))
        #expect(bye.callID == "call-1@gateway")
        #expect(bye.from?.tag == "gw-tag")
        #expect(bye.to?.tag == "phone-tag")
        #expect(bye.headers["Reason"] == #"Q.850;cause=16;text="normal_clearing""#)
        #expect(bye.headers["User-Agent"] == "gatewayd")
        #expect(call.nextDeadline == hangupAt + .seconds(32))
        #expect(!call.isFinished)

        // A second hangup is a no-op.
        #expect(steps(call.handle(.webHangup(.normalClearing), now: hangupAt + .seconds(1))) == [])
        #expect(steps(call.handle(.sipResponse(reply(200, to: bye)), now: hangupAt + .seconds(1))) == [])
        #expect(call.isFinished)
    }

    @Test func unansweredByeEndsTheSIPSideOnItsTimeout() throws {
        var (call, _) = try connectedCall()
        let bye = try sent(.bye, in: call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(30)))
        #expect(steps(call.handle(.sipTimeout(bye), now: Fixture.start + .seconds(62))) == [])
        #expect(call.isFinished)
    }

    @Test func byeFromTheTrunkIsAnsweredAndEndsTheCall() throws {
        var (call, _) = try connectedCall()
        let actions = call.handle(.sipRequest(trunkRequest(.bye, cseq: 5)), now: Fixture.start + .seconds(40))
        let end = CallEnd(cause: .normalClearing, side: .remote)
        #expect(steps(actions) == [.respond(200)] + Step.webEnd(.hungUp, end))
        let ok = try #require(sentResponses(actions).first)
        #expect(ok.cseq == CSeq(5, .bye))
        #expect(ok.to?.tag == "gw-tag")
        #expect(call.isFinished)
        #expect(call.end == end)
        #expect(call.nextDeadline == nil)
    }

    @Test func byeFromTheTrunkCarriesItsReason() throws {
        var (call, _) = try connectedCall()
        let bye = trunkRequest(.bye, cseq: 2, headers: [("Reason", "Q.850;cause=31")])
        let actions = call.handle(.sipRequest(bye), now: Fixture.start + .seconds(40))
        #expect(steps(actions) == [.respond(200)]
                + Step.webEnd(.hungUp, CallEnd(cause: .normalUnspecified, side: .remote)))
    }

    @Test func answerTimeoutCancelsARingingCall() throws {
        var (call, invite) = try startedCall()
        #expect(call.nextDeadline == Fixture.start + .seconds(60))
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(call.handle(.timer, now: Fixture.start + .seconds(59))) == [])

        let actions = call.handle(.timer, now: Fixture.start + .seconds(60))
        let end = CallEnd(cause: .noAnswer, side: .gateway)
        #expect(steps(actions) == Step.webEnd(.notAnswered, end) + [.send(.cancel, to: Fixture.trunkEndpoint)])
        #expect(try sent(.cancel, in: actions).headers["Reason"] == #"Q.850;cause=19;text="no_answer""#)
        #expect(call.end == end)

        #expect(steps(call.handle(.sipResponse(reply(487, to: invite)), now: Fixture.start + .seconds(61))) == [])
        #expect(call.isFinished)
    }

    @Test func timerBWithoutAnyResponseEndsTheCall() throws {
        var (call, invite) = try startedCall()
        let actions = call.handle(.sipTimeout(invite), now: Fixture.start + .seconds(32))
        let end = CallEnd(cause: .networkOutOfOrder, side: .gateway)
        #expect(steps(actions) == Step.webEnd(.hungUp, end))
        #expect(call.isFinished)
        #expect(call.end == end)
    }

    @Test func browserMediaFailureWhileRingingCancels() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        let actions = call.handle(.webMediaFailed, now: Fixture.start + .seconds(2))
        #expect(steps(actions) == Step.webEnd(.hungUp, CallEnd(cause: .mediaFailure, side: .gateway))
                + [.send(.cancel, to: Fixture.trunkEndpoint)])
    }
}
