import CoreTypes
import Testing
@testable import Gateway
import SIP

/// What happens inside an established dialog: unusable answers, retransmitted
/// and forked 2xx (RFC 3261 §13.2.2.4), media timeouts and re-INVITEs (RFC 3264 §8).
@Suite struct OutboundCallDialogTests {
    @Test func answerWithoutACommonCodecIsAcknowledgedAndHungUp() throws {
        var (call, invite) = try startedCall(Fixture.plan(trunk: Fixture.trunk(codecs: [.pcmu])))
        let pcmaOnly = Fixture.answerSDP(payloadTypes: "8 101",
                                         rtpmaps: ["a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000"])
        let actions = call.handle(.sipResponse(reply(200, to: invite, sdp: pcmaOnly)), now: Fixture.start + .seconds(3))
        let end = CallEnd(cause: .incompatibleDestination, side: .gateway, sipStatus: 488)
        #expect(steps(actions) == [.send(.ack, to: Fixture.phoneEndpoint), .send(.bye, to: Fixture.phoneEndpoint)]
                + Step.webEnd(.rejected, end))
        let bye = try sent(.bye, in: actions)
        #expect(bye.headers["Reason"] == #"Q.850;cause=88;text="incompatible_destination""#)
        #expect(bye.to?.tag == "phone-tag")
        #expect(!call.isFinished)
        _ = call.handle(.sipResponse(reply(200, to: bye)), now: Fixture.start + .seconds(4))
        #expect(call.isFinished)
    }

    @Test func answerWithoutSDPIsHungUp() throws {
        var (call, invite) = try startedCall()
        let actions = call.handle(.sipResponse(reply(200, to: invite)), now: Fixture.start + .seconds(3))
        #expect(steps(actions).prefix(2) == [.send(.ack, to: Fixture.phoneEndpoint),
                                             .send(.bye, to: Fixture.phoneEndpoint)])
        #expect(call.end?.cause == .incompatibleDestination)
        #expect(!steps(actions).contains(.answered))
    }

    @Test func retransmittedAnswerIsAcknowledgedAgain() throws {
        var (call, invite) = try connectedCall()
        let again = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                now: Fixture.start + .seconds(7))
        #expect(steps(again) == [.send(.ack, to: Fixture.phoneEndpoint)])
        let ack = try sent(.ack, in: again)
        #expect(ack.cseq == CSeq(1, .ack))
        #expect(ack.to?.tag == "phone-tag")
        #expect(call.end == nil)
    }

    @Test func answerFromASecondForkIsAcknowledgedAndReleased() throws {
        var (call, invite) = try connectedCall()
        let otherPhone = Endpoint(host: "192.0.2.60", port: 5080)
        let fork = reply(200, to: invite, toTag: "fork-2", contact: "<sip:other@192.0.2.60:5080>",
                         sdp: Fixture.answerSDP(address: "192.0.2.60"))
        let actions = call.handle(.sipResponse(fork), now: Fixture.start + .seconds(7))
        #expect(steps(actions) == [.send(.ack, to: otherPhone), .send(.bye, to: otherPhone)])
        let requests = sentRequests(actions)
        #expect(requests.map(\.to?.tag) == ["fork-2", "fork-2"])
        #expect(requests.map(\.uri.description) == ["sip:other@192.0.2.60:5080", "sip:other@192.0.2.60:5080"])
        #expect(call.end == nil)

        // The first dialog is the call: hanging up ends it, not the fork.
        let hangup = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(8))
        let bye = try sent(.bye, in: hangup)
        #expect(steps(hangup).first == .send(.bye, to: Fixture.phoneEndpoint))
        #expect(bye.to?.tag == "phone-tag")
    }

    @Test func browserMediaThatNeverComesUpEndsTheAnsweredCall() throws {
        var (call, invite) = try startedCall()
        let answeredAt = Fixture.start + .seconds(5)
        _ = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: answeredAt)
        #expect(call.nextDeadline == answeredAt + .seconds(15))
        #expect(steps(call.handle(.timer, now: answeredAt + .seconds(14))) == [])

        let actions = call.handle(.timer, now: answeredAt + .seconds(15))
        let end = CallEnd(cause: .mediaFailure, side: .gateway)
        #expect(steps(actions) == [.send(.bye, to: Fixture.phoneEndpoint)] + Step.webEnd(.hungUp, end))
        #expect(try sent(.bye, in: actions).headers["Reason"] == #"Q.850;cause=47;text="media_failure""#)
        #expect(call.end == end)
    }

    @Test func reInviteIsAnsweredAndMediaFollowsTheNewAddress() throws {
        var (call, _) = try connectedCall()
        let moved = Fixture.answerSDP(address: "192.0.2.77", port: 31000)
        let actions = call.handle(.sipRequest(trunkRequest(.invite, cseq: 2, sdp: moved)),
                                  now: Fixture.start + .seconds(20))
        let newAnswer = TrunkSDP.Answer(address: "192.0.2.77", port: 31000, codec: .pcmu, telephoneEventPayloadType: 101)
        #expect(steps(actions) == [.trunkMedia(newAnswer), .respond(200)])

        let ok = try #require(sentResponses(actions).first)
        #expect(ok.cseq == CSeq(2, .invite))
        #expect(ok.headers["Contact"] == "<sip:gateway@198.51.100.1:5060>")
        #expect(ok.contentType == "application/sdp")
        #expect(ok.headers["Content-Length"] == String(ok.body.count))
        // RFC 3264 §6.1, §8: an answer to the new offer (its codec, our address), o= version one higher.
        let expectedSDP = TrunkSDP.answer(to: try TrunkSDP.parseOffer(moved, supported: [.pcmu, .pcma]).get(),
                                          address: "203.0.113.5", port: 40000, sessionID: 42, version: 2)
        #expect(String(decoding: ok.body, as: UTF8.self) == expectedSDP)
        #expect(expectedSDP.contains("o=- 42 2 IN IP4 203.0.113.5\r\n"))
        #expect(expectedSDP.contains("m=audio 40000 RTP/AVP 0 101\r\n"))

        // The ACK of the re-INVITE's 200 needs nothing; the next re-INVITE bumps again.
        #expect(steps(call.handle(.sipRequest(trunkRequest(.ack, cseq: 2)), now: Fixture.start + .seconds(20))) == [])
        let refresh = call.handle(.sipRequest(trunkRequest(.invite, cseq: 3)), now: Fixture.start + .seconds(50))
        #expect(steps(refresh) == [.respond(200)])
        let refreshed = try #require(sentResponses(refresh).first)
        #expect(String(decoding: refreshed.body, as: UTF8.self).contains("o=- 42 3 IN IP4 203.0.113.5\r\n"))
        #expect(call.end == nil)
    }

    @Test func reInviteWithANewContactMovesWhereByeGoes() throws {
        var (call, _) = try connectedCall()
        let contact = "<sip:+15551234567@192.0.2.77:5090>"
        _ = call.handle(.sipRequest(trunkRequest(.invite, cseq: 2, contact: contact, sdp: Fixture.answerSDP())),
                        now: Fixture.start + .seconds(20))
        // RFC 3261 §12.2.2: a target refresh replaces the dialog's remote target.
        let actions = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(30))
        #expect(steps(actions).first == .send(.bye, to: Endpoint(host: "192.0.2.77", port: 5090)))
        #expect(try sent(.bye, in: actions).uri.description == "sip:+15551234567@192.0.2.77:5090")
    }

    @Test func reInviteOlderThanTheLastOneIsRefused() throws {
        var (call, _) = try connectedCall()
        _ = call.handle(.sipRequest(trunkRequest(.invite, cseq: 3, sdp: Fixture.answerSDP())),
                        now: Fixture.start + .seconds(20))
        let late = Fixture.answerSDP(address: "192.0.2.99")
        let actions = call.handle(.sipRequest(trunkRequest(.invite, cseq: 2, contact: "<sip:x@192.0.2.99>", sdp: late)),
                                  now: Fixture.start + .seconds(21))
        // RFC 3261 §12.2.2: out of order, so 500, and neither media nor target move.
        #expect(steps(actions) == [.respond(500)])
        let hangup = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(30))
        #expect(steps(hangup).first == .send(.bye, to: Fixture.phoneEndpoint))
    }

    @Test func otherRequestsInTheDialogAreAnswered() throws {
        var (call, _) = try connectedCall()
        let now = Fixture.start + .seconds(20)
        #expect(steps(call.handle(.sipRequest(trunkRequest(.options, cseq: 2)), now: now)) == [.respond(200)])
        #expect(steps(call.handle(.sipRequest(trunkRequest(.info, cseq: 3)), now: now)) == [.respond(200)])
        #expect(steps(call.handle(.sipRequest(trunkRequest(.message, cseq: 4)), now: now)) == [.respond(405)])
        #expect(call.end == nil)
    }
}
