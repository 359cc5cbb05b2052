import CoreTypes
import Testing
@testable import Gateway
import SIP

/// The disconnect interval: a browser that drops off keeps its call to the trunk, which
/// hears nothing of it (no re-INVITE, no BYE) unless the browser stays away too long.
@Suite struct ReconnectWindowTests {
    static let away = CallEnd(cause: .temporaryFailure, side: .local)

    private func sentMethods(_ actions: [CallAction]) -> [SIPMethod] {
        sentRequests(actions).map(\.method)
    }

    @Test func aDropAndAResumeWithinTheIntervalNeverReachTheTrunk() throws {
        var (call, _) = try connectedCall()
        let dropAt = Fixture.start + .seconds(30)
        #expect(steps(call.handle(.webDropped, now: dropAt)) == [.web(.reconnecting)])
        #expect(call.isReconnecting)
        #expect(call.nextDeadline == dropAt + .seconds(30))
        #expect(steps(call.handle(.webDropped, now: dropAt + .seconds(1))) == [])
        #expect(steps(call.handle(.timer, now: dropAt + .seconds(29))) == [])

        let resumeAt = dropAt + .seconds(20)
        #expect(steps(call.handle(.webResumed, now: resumeAt)) == [.web(.reconnected)])
        #expect(!call.isReconnecting)
        #expect(call.nextDeadline == resumeAt + .seconds(15))   // the new media must come up
        #expect(steps(call.handle(.webMediaConnected, now: resumeAt + .seconds(1))) == [.web(.connected)])
        // Only the maximum call duration is left.
        #expect(call.nextDeadline == Fixture.start + .seconds(5) + .seconds(4 * 3600))
        #expect(call.end == nil)
    }

    @Test func theIntervalRunningOutSendsByeWithTheDocumentedCause() throws {
        var (call, _) = try connectedCall()
        let dropAt = Fixture.start + .seconds(30)
        _ = call.handle(.webDropped, now: dropAt)
        let actions = call.handle(.timer, now: dropAt + .seconds(30))
        #expect(steps(actions) == [.send(.bye, to: Fixture.phoneEndpoint)] + Step.webEnd(.hungUp, Self.away))
        #expect(try sent(.bye, in: actions).headers["Reason"] == #"Q.850;cause=41;text="temporary_failure""#)
        #expect(call.end == Self.away)
        #expect(steps(call.handle(.webResumed, now: dropAt + .seconds(31))) == [])
    }

    @Test func theIntervalIsThePlansOwn() throws {
        var plan = Fixture.plan()
        plan.disconnectInterval = .seconds(10)
        var (call, invite) = try startedCall(plan)
        _ = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: Fixture.start + .seconds(1))
        _ = call.handle(.webMediaConnected, now: Fixture.start + .seconds(2))
        _ = call.handle(.webDropped, now: Fixture.start + .seconds(3))
        #expect(call.nextDeadline == Fixture.start + .seconds(13))
    }

    @Test func anAnswerDuringTheDropIsTakenButNotToldUntilTheBrowserIsBack() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(call.handle(.webDropped, now: Fixture.start + .seconds(2))) == [.web(.reconnecting)])

        let answered = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                   now: Fixture.start + .seconds(4))
        #expect(sentMethods(answered) == [.ack])
        #expect(!steps(answered).contains { if case .web = $0 { return true } else { return false } })
        // No media deadline while the browser is away: only the window counts.
        #expect(call.nextDeadline == Fixture.start + .seconds(32))

        #expect(steps(call.handle(.webResumed, now: Fixture.start + .seconds(10))) == [.web(.reconnected)])
        #expect(steps(call.handle(.webMediaConnected, now: Fixture.start + .seconds(11))) == [.web(.connected)])
    }

    @Test func aDropWhileRingingComesBackRinging() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        _ = call.handle(.webDropped, now: Fixture.start + .seconds(2))
        #expect(steps(call.handle(.webResumed, now: Fixture.start + .seconds(3))) == [.web(.ringing)])
    }

    @Test func resumedMediaThatNeverConnectsEndsTheCall() throws {
        var (call, _) = try connectedCall()
        _ = call.handle(.webDropped, now: Fixture.start + .seconds(30))
        _ = call.handle(.webResumed, now: Fixture.start + .seconds(35))
        let actions = call.handle(.timer, now: Fixture.start + .seconds(50))
        #expect(steps(actions) == [.send(.bye, to: Fixture.phoneEndpoint)]
                + Step.webEnd(.hungUp, CallEnd(cause: .mediaFailure, side: .gateway)))
    }

    @Test func theEchoTestEndsAtOnceWhenItsBrowserDrops() {
        var echo = EchoCall()
        _ = echo.start(now: .zero)
        let actions = echo.handle(.webDropped, now: .seconds(1))
        #expect(echo.end == CallEnd(cause: .normalClearing, side: .local))
        #expect(actions.count == 3)
    }
}

/// A dialplan menu that dials out: the browser is connected to the gateway already.
@Suite struct BrowserAlreadyConnectedTests {
    @Test func onlyTheEndReachesTheBrowser() throws {
        var plan = Fixture.plan()
        plan.browserAlreadyConnected = true
        var (call, invite) = try startedCall(plan)
        #expect(call.webState == .connected)
        let ringing = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(ringing) == [.ringback(true)])
        let answered = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: Fixture.start + .seconds(3))
        #expect(!steps(answered).contains { if case .web = $0 { return true } else { return false } })
        #expect(call.nextDeadline == Fixture.start + .seconds(3) + .seconds(4 * 3600))   // no media deadline
        let busy = CallEnd(cause: .normalClearing, side: .remote)
        let bye = trunkRequest(.bye, cseq: 1)
        let ended = call.handle(.sipRequest(bye), now: Fixture.start + .seconds(10))
        #expect(steps(ended).contains(.web(.hungUp, busy)))
    }
}

@Suite struct ResumeWithoutDropTests {
    @Test func anICERestartOfAConnectedCallReportsReconnectedThenConnected() throws {
        var (call, _) = try connectedCall()
        let at = Fixture.start + .seconds(20)
        #expect(steps(call.handle(.webResumed, now: at)) == [.web(.reconnected)])
        #expect(steps(call.handle(.webMediaConnected, now: at + .seconds(1))) == [.web(.connected)])
        #expect(call.end == nil)
    }

    @Test func aResumeWhileRingingChangesNothingUntilTheAnswer() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(call.handle(.webResumed, now: Fixture.start + .seconds(2))) == [])
        let answered = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: Fixture.start + .seconds(3))
        #expect(steps(answered).contains(.web(.connecting)))
        #expect(steps(call.handle(.webMediaConnected, now: Fixture.start + .seconds(4))) == [.web(.connected)])
    }
}
