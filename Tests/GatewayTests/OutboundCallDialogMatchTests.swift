import CoreTypes
import Testing
@testable import Gateway
import SIP

/// Requests from the trunk belong to the dialog their tags name (RFC 3261 §12.2.2): one for
/// a released fork of the same Call-ID does not touch the call; UPDATE is a target refresh
/// (RFC 3311 §5.2); the ACK after a re-INVITE without an offer carries the answer (§14.2).
@Suite struct OutboundCallDialogMatchTests {
    /// A request of the trunk's whose From tag names dialog `fromTag` instead of the call's.
    func request(_ method: SIPMethod, fromTag: String, cseq: UInt32 = 1) -> SIPRequest {
        var request = trunkRequest(method, cseq: cseq)
        request.headers.set("From", "<sip:+15551234567@trunk.example.com>;tag=\(fromTag)")
        return request
    }

    @Test func byeForAReleasedForkGets481AndTheCallGoesOn() throws {
        var (call, invite) = try connectedCall()
        let fork = reply(200, to: invite, toTag: "fork-2", contact: "<sip:other@192.0.2.60:5080>",
                         sdp: Fixture.answerSDP(address: "192.0.2.60"))
        _ = call.handle(.sipResponse(fork), now: Fixture.start + .seconds(7))

        let actions = call.handle(.sipRequest(request(.bye, fromTag: "fork-2")), now: Fixture.start + .seconds(8))
        #expect(steps(actions) == [.respond(481)])
        #expect(call.end == nil)
        #expect(call.webState == .connected)

        // The kept dialog's own BYE still ends the call.
        let bye = call.handle(.sipRequest(trunkRequest(.bye, cseq: 2)), now: Fixture.start + .seconds(9))
        #expect(steps(bye) == [.respond(200)] + Step.webEnd(.hungUp, CallEnd(cause: .normalClearing, side: .remote)))
    }

    @Test func reInviteForAnotherDialogDoesNotMoveTheMedia() throws {
        var (call, _) = try connectedCall()
        var reInvite = request(.invite, fromTag: "fork-2")
        reInvite.body = Array(Fixture.answerSDP(address: "192.0.2.99").utf8)
        reInvite.headers.set("Content-Type", "application/sdp")
        reInvite.headers.set("Content-Length", String(reInvite.body.count))
        let actions = call.handle(.sipRequest(reInvite), now: Fixture.start + .seconds(8))
        #expect(steps(actions) == [.respond(481)])
        #expect(call.dialog?.remoteTarget.host == "192.0.2.50")
    }

    @Test func byeWithOurTagMissingGets481() throws {
        var (call, _) = try connectedCall()
        var bye = trunkRequest(.bye, cseq: 2)
        bye.headers.set("To", "<sip:alice@trunk.example.com>;tag=someone-else")
        #expect(steps(call.handle(.sipRequest(bye), now: Fixture.start + .seconds(8))) == [.respond(481)])
        #expect(call.end == nil)
    }

    @Test func updateRefreshesTheRemoteTargetAndRefusesAnOlderCSeq() throws {
        var (call, _) = try connectedCall()
        let update = trunkRequest(.update, cseq: 5, contact: "<sip:moved@192.0.2.70:5090>")
        #expect(steps(call.handle(.sipRequest(update), now: Fixture.start + .seconds(8))) == [.respond(200)])
        #expect(call.dialog?.remoteTarget.host == "192.0.2.70")
        #expect(call.dialog?.remoteSequence == 5)

        let older = trunkRequest(.update, cseq: 4)
        #expect(steps(call.handle(.sipRequest(older), now: Fixture.start + .seconds(9))) == [.respond(500)])
        #expect(call.dialog?.remoteTarget.host == "192.0.2.70")

        // The BYE now goes to the new target.
        let hangup = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(10))
        #expect(steps(hangup).first == .send(.bye, to: Endpoint(host: "192.0.2.70", port: 5090)))
    }

    @Test func answerInTheACKOfAnOfferlessReInviteMovesTheMedia() throws {
        var (call, _) = try connectedCall()
        let reInvite = trunkRequest(.invite, cseq: 2)
        let answered = call.handle(.sipRequest(reInvite), now: Fixture.start + .seconds(8))
        let ok = try #require(sentResponses(answered).first)
        #expect(ok.statusCode == 200)
        #expect(String(decoding: ok.body, as: UTF8.self).contains("m=audio 40000 RTP/AVP 0 8 101"))

        var ack = trunkRequest(.ack, cseq: 2, sdp: Fixture.answerSDP(address: "192.0.2.88", port: 32000))
        ack.headers.set("Via", "SIP/2.0/UDP 192.0.2.50:5070;branch=z9hG4bK-trunk-ack-2")
        let moved = TrunkSDP.Answer(address: "192.0.2.88", port: 32000, codec: .pcmu, telephoneEventPayloadType: 101)
        #expect(steps(call.handle(.sipRequest(ack), now: Fixture.start + .seconds(8))) == [.trunkMedia(moved)])

        // An ACK without a body, or for another dialog, changes nothing.
        #expect(steps(call.handle(.sipRequest(trunkRequest(.ack, cseq: 1)), now: Fixture.start + .seconds(9))) == [])
        var stray = request(.ack, fromTag: "fork-2", cseq: 2)
        stray.body = Array(Fixture.answerSDP(address: "192.0.2.99").utf8)
        #expect(steps(call.handle(.sipRequest(stray), now: Fixture.start + .seconds(9))) == [])
    }
}
