import CoreTypes
import SIP
import Testing
@testable import Gateway

/// Digits sent to the trunk as SIP INFO on a web → trunk call: one INFO per digit, in the
/// dialog, one at a time, 160 ms apart at least.
@Suite struct OutboundCallInfoSendTests {
    static let t0 = Fixture.start + .seconds(10)

    @Test func theInfoIsARequestInsideTheDialog() throws {
        var (call, _) = try connectedCall()
        let actions = call.sendDTMF(info: "5", now: Self.t0)
        #expect(steps(actions) == [.send(.info, to: Fixture.phoneEndpoint)])
        let info = try sent(.info, in: actions)
        #expect(info.uri.description == "sip:+15551234567@192.0.2.50:5070", "the phone's Contact is the target")
        #expect(info.from?.tag == "gw-tag" && info.to?.tag == "phone-tag" && info.callID == "call-1@gateway")
        #expect(info.cseq == CSeq(2, .info), "the dialog's next CSeq after the INVITE's 1")
        #expect(info.headers["Content-Type"] == "application/dtmf-relay")
        #expect(String(decoding: info.body, as: UTF8.self) == "Signal=5\r\nDuration=100\r\n")
        #expect(info.headers["Content-Length"] == String(info.body.count))
        #expect(info.headers["Contact"] == nil, "INFO does not refresh the target")
    }

    @Test func theNextInfoWaitsForTheFirstsResponseAndTheSpacing() throws {
        var (call, _) = try connectedCall()
        let first = try sent(.info, in: call.sendDTMF(info: "12", now: Self.t0))
        #expect(key(of: first) == "1")
        #expect(call.pendingInfoDigits == 1)
        #expect(call.nextDeadline == Self.t0 + .seconds(32), "only the give-up bound while the first is in flight")
        #expect(call.handle(.timer, now: Self.t0 + .milliseconds(200)).isEmpty, "no second INFO before the 200")

        #expect(call.handle(.sipResponse(reply(200, to: first)), now: Self.t0 + .milliseconds(50)).isEmpty,
                "the 200 came before the 160 ms were up")
        #expect(call.nextDeadline == Self.t0 + .milliseconds(160))
        #expect(call.handle(.timer, now: Self.t0 + .milliseconds(159)).isEmpty)
        let second = try sent(.info, in: call.handle(.timer, now: Self.t0 + .milliseconds(160)))
        #expect(key(of: second) == "2" && second.cseq == CSeq(3, .info))
        #expect(call.pendingInfoDigits == 0)
    }

    @Test func aLateResponseSendsTheNextDigitAtOnce() throws {
        var (call, _) = try connectedCall()
        let first = try sent(.info, in: call.sendDTMF(info: "*#", now: Self.t0))
        #expect(call.handle(.sipResponse(reply(100, to: first)), now: Self.t0 + .milliseconds(20)).isEmpty,
                "a provisional response does not release the next digit")
        let second = try sent(.info, in: call.handle(.sipResponse(reply(200, to: first)), now: Self.t0 + .milliseconds(400)))
        #expect(key(of: second) == "#")
    }

    @Test(arguments: [400, 415, 481, 488, 500, 501, 503])
    func aRefusedInfoKeepsTheCallAndTheNextDigitFollows(status: Int) throws {
        var (call, _) = try connectedCall()
        let first = try sent(.info, in: call.sendDTMF(info: "34", now: Self.t0))
        let actions = call.handle(.sipResponse(reply(status, to: first)), now: Self.t0 + .milliseconds(300))
        #expect(steps(actions) == [.send(.info, to: Fixture.phoneEndpoint)], "no BYE, no end")
        #expect(call.end == nil && call.webState == .connected)
    }

    @Test func anInfoWithoutAnyResponseIsGivenUpOn() throws {
        var (call, _) = try connectedCall()
        let first = try sent(.info, in: call.sendDTMF(info: "567", now: Self.t0))
        // Timer F in the transaction layer.
        let second = try sent(.info, in: call.handle(.sipTimeout(first), now: Self.t0 + .seconds(32)))
        #expect(key(of: second) == "6")
        #expect(call.end == nil)
        // No word at all from the transaction layer: the call's own bound.
        #expect(call.nextDeadline == Self.t0 + .seconds(64))
        let third = try sent(.info, in: call.handle(.timer, now: Self.t0 + .seconds(64)))
        #expect(key(of: third) == "7")
    }

    @Test func aResponseToAnotherRequestDoesNotReleaseTheNextDigit() throws {
        var (call, _) = try connectedCall()
        let first = try sent(.info, in: call.sendDTMF(info: "89", now: Self.t0))
        var stale = reply(200, to: first)
        stale.headers.set("CSeq", "1 INFO")
        #expect(call.handle(.sipResponse(stale), now: Self.t0 + .seconds(1)).isEmpty)
        #expect(call.pendingInfoDigits == 1)
    }

    @Test func keysAreSentInOrderAndOtherCharactersSkipped() throws {
        var (call, _) = try connectedCall()
        var now = Self.t0
        var keys = ""
        var actions = call.sendDTMF(info: "1x#ßa\u{1F600} D1\u{0301}", now: now)
        while let info = infos(actions).first {
            keys.append(key(of: info) ?? "?")
            now += .milliseconds(200)
            actions = call.handle(.sipResponse(reply(200, to: info)), now: now)
        }
        #expect(keys == "1#AD")
    }

    @Test func theQueueIsBounded() throws {
        var (call, _) = try connectedCall()
        let actions = call.sendDTMF(info: String(repeating: "1", count: 500), now: Self.t0)
        #expect(infos(actions).count == 1)
        #expect(call.pendingInfoDigits == DTMFInfoChannel.capacity - 1)
    }

    @Test func theApplicationDTMFFormatIsAPlanOption() throws {
        var plan = Fixture.plan()
        plan.dtmfInfoFormat = .dtmf
        var (call, invite) = try startedCall(plan)
        _ = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: Fixture.start + .seconds(1))
        let info = try sent(.info, in: call.sendDTMF(info: "#", now: Self.t0))
        #expect(info.headers["Content-Type"] == "application/dtmf")
        #expect(info.body == Array("#".utf8))
    }

    @Test func theInfoFollowsTheRouteSet() throws {
        var (call, invite) = try startedCall()
        let ok = reply(200, to: invite, sdp: Fixture.answerSDP(), headers: [("Record-Route", "<sip:192.0.2.77;lr>")])
        _ = call.handle(.sipResponse(ok), now: Fixture.start + .seconds(1))
        let actions = call.sendDTMF(info: "0", now: Self.t0)
        #expect(steps(actions) == [.send(.info, to: Endpoint(host: "192.0.2.77", port: 5060))])
        let info = try sent(.info, in: actions)
        #expect(info.headers["Route"] == "<sip:192.0.2.77;lr>")
        #expect(info.uri.host == "192.0.2.50", "loose routing keeps the remote target in the Request-URI")
    }

    @Test func keysBeforeTheAnswerAreNotSent() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        #expect(call.sendDTMF(info: "123", now: Fixture.start + .seconds(2)).isEmpty)
        #expect(call.pendingInfoDigits == 0)
        let answered = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                   now: Fixture.start + .seconds(3))
        #expect(infos(answered).isEmpty)
    }

    @Test func nothingLeavesOnceTheCallEnds() throws {
        var (call, _) = try connectedCall()
        let first = try sent(.info, in: call.sendDTMF(info: "12", now: Self.t0))
        _ = try sent(.bye, in: call.handle(.webHangup(.normalClearing), now: Self.t0 + .milliseconds(50)))
        #expect(call.handle(.sipResponse(reply(200, to: first)), now: Self.t0 + .milliseconds(300)).isEmpty)
        #expect(call.handle(.timer, now: Self.t0 + .seconds(1)).isEmpty)
        #expect(call.sendDTMF(info: "3", now: Self.t0 + .seconds(2)).isEmpty)
    }
}
