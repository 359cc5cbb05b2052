import CoreTypes
import Gateway
import Testing
@testable import GatewayServer

/// `CallLogic` must hand every event to the call it wraps and keep the call's
/// new state (it copies the call out of the enum and writes it back).
@Suite struct CallLogicTests {
    let start = Instant.seconds(5)

    func plan() -> OutboundCallPlan {
        OutboundCallPlan(
            identity: "alice", destination: "123",
            trunk: TrunkTarget(name: "carrier", endpoint: Endpoint(host: "192.0.2.10", port: 5060),
                               domain: "trunk.example.com", codecs: [.pcmu]),
            local: LocalSIPAddress(endpoint: Endpoint(host: "198.51.100.1", port: 5060), userAgent: "gatewayd"),
            mediaAddress: "203.0.113.5", mediaPort: 40000, answerTimeout: .seconds(60),
            transactionTimeout: .seconds(32), sipCallID: "c1", fromTag: "t1", sdpSessionID: 1)
    }

    @Test func outboundCallKeepsItsStateAcrossEvents() {
        var logic = CallLogic.outbound(OutboundCall(plan: plan(), now: start))
        let started = logic.start(now: start)
        #expect(started.count == 2)
        #expect(logic.nextDeadline == start + .seconds(60))
        #expect(!logic.hasEnded)
        #expect(!logic.isFinished)

        // Hung up before any response: the web side ends, the SIP side waits for
        // a provisional to CANCEL (so it is not finished yet).
        _ = logic.handle(.webHangup(.normalClearing), now: start + .seconds(1))
        #expect(logic.hasEnded)
        #expect(!logic.isFinished)
        #expect(logic.nextDeadline == start + .seconds(33))
        #expect(logic.handle(.webHangup(.normalClearing), now: start + .seconds(2)).isEmpty)

        _ = logic.handle(.timer, now: start + .seconds(33))
        #expect(logic.isFinished)
    }

    @Test func echoCallKeepsItsStateAcrossEvents() {
        var logic = CallLogic.echo(EchoCall(mediaTimeout: .seconds(15)))
        #expect(logic.start(now: start).count == 3)
        #expect(logic.nextDeadline == start + .seconds(15))
        _ = logic.handle(.webMediaConnected, now: start + .seconds(1))
        #expect(logic.nextDeadline == nil)
        #expect(!logic.hasEnded)
        let ended = logic.handle(.webHangup(.normalClearing), now: start + .seconds(2))
        #expect(ended.count == 3)
        #expect(logic.hasEnded)
        #expect(logic.isFinished)
    }

    /// The engine reads `ActiveCall`'s deadline fields instead of its logic: they must follow
    /// every change to the logic, made in place through a dictionary as the engine makes them.
    @Test func anActiveCallsDeadlineFollowsItsLogic() {
        var calls: [String: ActiveCall] = [:]
        calls["k"] = ActiveCall(key: "k", web: nil, logic: .outbound(OutboundCall(plan: plan(), now: start)),
                                media: nil, sipCallID: "c1")
        // Set by the initializer, before any change.
        #expect(calls["k"]?.nextDeadline != nil)
        #expect(calls["k"]?.nextDeadline == calls["k"]?.logic.nextDeadline)
        let actions = calls["k"]?.logic.start(now: start) ?? []
        #expect(actions.count == 2)
        #expect(calls["k"]?.logicDeadline == start + .seconds(60))
        _ = calls["k"]?.logic.handle(.webHangup(.normalClearing), now: start + .seconds(1))
        #expect(calls["k"]?.nextDeadline == start + .seconds(33))
        #expect(calls["k"]?.deadlineReadInPlace() == start + .seconds(33))

        calls["k"]?.logic = .echo(EchoCall(mediaTimeout: .seconds(15)))
        #expect(calls["k"]?.nextDeadline == nil)
        _ = calls["k"]?.logic.start(now: start)
        #expect(calls["k"]?.nextDeadline == start + .seconds(15))
        _ = calls["k"]?.logic.handle(.webMediaConnected, now: start + .seconds(1))
        #expect(calls["k"]?.nextDeadline == nil)
        #expect(calls["k"]?.scriptDeadline == nil)
    }
}

@Suite struct EarliestDeadlineTests {
    @Test func theEarlierOfTwoAndNilOnlyWhenBothAre() {
        let a = Instant.seconds(3), b = Instant.seconds(7)
        #expect(Instant.earliest(a, b) == a)
        #expect(Instant.earliest(b, a) == a)
        #expect(Instant.earliest(nil, b) == b)
        #expect(Instant.earliest(a, nil) == a)
        #expect(Instant.earliest(nil, nil) == nil)
    }
}

extension ActiveCall {
    /// `deadlinesInPlace().next`, as the engine reads it.
    fileprivate mutating func deadlineReadInPlace() -> Instant? { deadlinesInPlace().next }
}
