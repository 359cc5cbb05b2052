import CoreTypes
import Testing
@testable import Gateway
import SIP

@Suite struct TrunkMonitorTests {
    func monitor() -> TrunkMonitor {
        TrunkMonitor(trunk: Fixture.trunk(), local: Fixture.local(.udp), interval: .seconds(30),
                     failuresBeforeDown: 2, now: Fixture.start)
    }

    func probe(_ actions: [TrunkMonitor.Action]) throws -> SIPRequest {
        let sends = actions.compactMap { if case .send(let r, let to) = $0 { (r, to) } else { nil } }
        #expect(sends.count == 1)
        let (request, to) = try #require(sends.first)
        #expect(to == Fixture.trunkEndpoint)
        return request
    }

    @Test func probesAtOnceThenEveryIntervalAfterEachAnswer() throws {
        var m = monitor()
        #expect(m.nextDeadline == Fixture.start)
        let options = try probe(m.advance(to: Fixture.start))
        #expect(options.method == .options)
        #expect(options.cseq == CSeq(1, .options))
        #expect(options.uri.description == "sip:trunk.example.com")
        #expect(m.nextDeadline == nil)            // nothing more until it is answered
        let answered = m.handle(reply(200, to: options), now: Fixture.start + .milliseconds(40))
        guard case .stateChanged(.up(let rtt)) = try #require(answered.first) else {
            Issue.record("expected up, got \(answered)")
            return
        }
        #expect(rtt == .milliseconds(40))
        #expect(m.nextDeadline == Fixture.start + .milliseconds(40) + .seconds(30))
        // Any answer means alive, even one that refuses OPTIONS.
        let second = try probe(m.advance(to: Fixture.start + .seconds(31)))
        #expect(second.callID != options.callID)
        #expect(m.handle(reply(405, to: second), now: Fixture.start + .seconds(31)).isEmpty)
        #expect(m.isAvailable)
    }

    @Test func twoProbesInARowWithoutAnswerMarkTheTrunkDownAndOneAnswerBringsItBack() throws {
        var m = monitor()
        let first = try probe(m.advance(to: Fixture.start))
        #expect(m.probeTimedOut(callID: first.callID ?? "", now: Fixture.start + .seconds(32)).isEmpty)
        #expect(m.isAvailable)
        let second = try probe(m.advance(to: Fixture.start + .seconds(62)))
        let down = m.handle(reply(503, to: second), now: Fixture.start + .seconds(63))
        guard case .stateChanged(.down(let reason)) = try #require(down.first) else {
            Issue.record("expected down, got \(down)")
            return
        }
        #expect(reason.contains("503"))
        #expect(!m.isAvailable)
        let third = try probe(m.advance(to: Fixture.start + .seconds(93)))
        #expect(m.handle(reply(200, to: third), now: Fixture.start + .seconds(93)).count == 1)
        #expect(m.isAvailable)
    }

    @Test func answersToOtherProbesAreIgnored() throws {
        var m = monitor()
        let options = try probe(m.advance(to: Fixture.start))
        var stray = reply(200, to: options)
        stray.headers.set("Call-ID", "someone-else")
        #expect(m.handle(stray, now: Fixture.start).isEmpty)
        #expect(m.inFlight != nil)
    }
}

@Suite struct FailoverTests {
    static let backupEndpoint = Endpoint(host: "192.0.2.99", port: 5060)

    func planWithBackup() -> OutboundCallPlan {
        var plan = Fixture.plan()
        plan.fallbackTrunks = [TrunkTarget(name: "backup", endpoint: Self.backupEndpoint, domain: "backup.example.net",
                                           codecs: [.pcmu])]
        return plan
    }

    @Test func unreachableTrunkFailsOverWithTheSameCallIDAndAHigherCSeq() throws {
        var (call, invite) = try startedCall(planWithBackup())
        let actions = call.handle(.sipTimeout(invite), now: Fixture.start + .seconds(32))
        #expect(steps(actions) == [.send(.invite, to: Self.backupEndpoint)])
        let retry = try sent(.invite, in: actions)
        #expect(retry.callID == invite.callID && retry.from?.tag == invite.from?.tag)
        #expect(retry.cseq == CSeq(2, .invite))
        #expect(retry.uri.host == "backup.example.net")
        #expect(retry.topVia?.branch != invite.topVia?.branch)
        // The backup answers: the call goes on as usual.
        let answer = call.handle(.sipResponse(reply(200, to: retry, sdp: Fixture.answerSDP())), now: Fixture.start + .seconds(33))
        #expect(steps(answer).contains(.answered))
    }

    @Test func serverErrorFailsOverButBusyDoesNot() throws {
        var (call, invite) = try startedCall(planWithBackup())
        let actions = call.handle(.sipResponse(reply(503, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(actions) == [.send(.invite, to: Self.backupEndpoint)])

        var (other, otherInvite) = try startedCall(planWithBackup())
        let busy = other.handle(.sipResponse(reply(486, to: otherInvite)), now: Fixture.start + .seconds(1))
        #expect(steps(busy) == Step.webEnd(.rejected, CallEnd(cause: .userBusy, side: .remote, sipStatus: 486)))
    }

    @Test func lastTrunkFailingEndsTheCall() throws {
        var (call, invite) = try startedCall(planWithBackup())
        let retry = try sent(.invite, in: call.handle(.sipResponse(reply(503, to: invite)), now: Fixture.start + .seconds(1)))
        let end = call.handle(.sipTimeout(retry), now: Fixture.start + .seconds(40))
        #expect(steps(end) == Step.webEnd(.hungUp, CallEnd(cause: .networkOutOfOrder, side: .gateway)))
    }
}
