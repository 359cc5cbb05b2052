import CoreTypes
import Testing
@testable import Gateway
import SIP

/// RFC 4028 session timers and RFC 3264 hold, on an answered outbound call.
@Suite struct SessionTimerTests {
    /// A call whose 200 OK set up a session timer with the given Session-Expires.
    func timedCall(_ sessionExpires: String, allow: String? = nil) throws -> (OutboundCall, Instant) {
        var (call, invite) = try startedCall()
        #expect(invite.headers["Session-Expires"] == "1800")
        #expect(invite.headers["Min-SE"] == "90")
        #expect(invite.optionTags("Supported").contains("timer"))
        var extra = [("Session-Expires", sessionExpires), ("Require", "timer")]
        if let allow { extra.append(("Allow", allow)) }
        let answeredAt = Fixture.start + .seconds(5)
        _ = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP(), headers: extra)), now: answeredAt)
        _ = call.handle(.webMediaConnected, now: answeredAt)
        return (call, answeredAt)
    }

    @Test func gatewayRefreshesAtHalfTheIntervalWithUpdateWhenAllowed() throws {
        var (call, answeredAt) = try timedCall("600;refresher=uac", allow: "INVITE, ACK, BYE, UPDATE")
        #expect(call.nextDeadline == answeredAt + .seconds(300))
        let actions = call.handle(.timer, now: answeredAt + .seconds(300))
        let update = try sent(.update, in: actions)
        #expect(update.headers["Session-Expires"] == "600;refresher=uac")
        #expect(update.body.isEmpty)
        #expect(update.cseq == CSeq(2, .update))
        // Its 200 renews the timer from that moment.
        let ok = reply(200, to: update, headers: [("Session-Expires", "600;refresher=uac")])
        #expect(steps(call.handle(.sipResponse(ok), now: answeredAt + .seconds(301))) == [])
        #expect(call.nextDeadline == answeredAt + .seconds(601))
    }

    @Test func withoutUpdateTheRefreshIsAReInviteThatGetsAcknowledged() throws {
        var (call, answeredAt) = try timedCall("600;refresher=uac")
        let reinvite = try sent(.invite, in: call.handle(.timer, now: answeredAt + .seconds(300)))
        #expect(reinvite.cseq == CSeq(2, .invite))
        #expect(reinvite.contentType == "application/sdp")
        let ok = reply(200, to: reinvite, sdp: Fixture.answerSDP(), headers: [("Session-Expires", "600;refresher=uac")])
        let actions = call.handle(.sipResponse(ok), now: answeredAt + .seconds(301))
        let ack = try sent(.ack, in: actions)
        #expect(ack.cseq == CSeq(2, .ack))
        #expect(steps(actions).contains(.trunkMedia(Fixture.pcmuAnswer)))
        #expect(call.end == nil)
    }

    @Test func refreshAnsweredWithoutSessionExpiresTurnsTheTimerOff() throws {
        var (call, answeredAt) = try timedCall("600;refresher=uac", allow: "UPDATE")
        let update = try sent(.update, in: call.handle(.timer, now: answeredAt + .seconds(300)))
        _ = call.handle(.sipResponse(reply(200, to: update)), now: answeredAt + .seconds(301))
        // Only the maximum call duration is left.
        #expect(call.nextDeadline == answeredAt + Fixture.plan().maxDuration)
    }

    @Test func refreshAnsweredWith481EndsTheCall() throws {
        var (call, answeredAt) = try timedCall("600;refresher=uac", allow: "UPDATE")
        let update = try sent(.update, in: call.handle(.timer, now: answeredAt + .seconds(300)))
        let actions = call.handle(.sipResponse(reply(481, to: update)), now: answeredAt + .seconds(301))
        #expect(try sent(.bye, in: actions).headers["Reason"]?.contains("cause=102") == true)
        #expect(call.end?.cause == .recoveryOnTimerExpiry)
    }

    @Test func farEndThatStopsRefreshingIsHungUpBeforeTheIntervalEnds() throws {
        var (call, answeredAt) = try timedCall("90;refresher=uas")
        // RFC 4028 §10: BYE a third of the interval (30 s) before it ends.
        #expect(call.nextDeadline == answeredAt + .seconds(60))
        // A re-INVITE from the far end counts as its refresh.
        _ = call.handle(.sipRequest(trunkRequest(.invite, cseq: 2, sdp: Fixture.answerSDP())),
                        now: answeredAt + .seconds(50))
        #expect(call.nextDeadline == answeredAt + .seconds(110))
        let actions = call.handle(.timer, now: answeredAt + .seconds(110))
        _ = try sent(.bye, in: actions)
        #expect(call.end == CallEnd(cause: .recoveryOnTimerExpiry, side: .gateway))
    }

    @Test func refreshFromTheFarEndIsAnsweredWithItsSessionExpires() throws {
        var (call, answeredAt) = try timedCall("600;refresher=uas")
        let update = trunkRequest(.update, cseq: 2, headers: [("Session-Expires", "600;refresher=uac")])
        let actions = call.handle(.sipRequest(update), now: answeredAt + .seconds(200))
        let ok = try #require(sentResponses(actions).first)
        #expect(ok.statusCode == 200)
        #expect(ok.headers["Session-Expires"] == "600;refresher=uac")
        #expect(ok.optionTags("Require") == ["timer"])
        #expect(ok.body.isEmpty)
    }

    @Test func holdIsAnsweredRecvonlyAndStopsOurAudioUntilResumed() throws {
        var (call, _) = try connectedCall()
        let hold = Fixture.answerSDP().replacingOccurrences(of: "a=sendrecv", with: "a=sendonly")
        let held = call.handle(.sipRequest(trunkRequest(.invite, cseq: 2, sdp: hold)), now: Fixture.start + .seconds(30))
        var onHold = Fixture.pcmuAnswer
        onHold.farEndReceives = false
        #expect(steps(held) == [.trunkMedia(onHold), .respond(200)])
        let answer = String(decoding: try #require(sentResponses(held).first).body, as: UTF8.self)
        #expect(answer.contains("a=recvonly\r\n"))
        let resumed = call.handle(.sipRequest(trunkRequest(.invite, cseq: 3, sdp: Fixture.answerSDP())),
                                  now: Fixture.start + .seconds(40))
        #expect(steps(resumed) == [.trunkMedia(Fixture.pcmuAnswer), .respond(200)])
        #expect(String(decoding: try #require(sentResponses(resumed).first).body, as: UTF8.self).contains("a=sendrecv\r\n"))
    }
}
