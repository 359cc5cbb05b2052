import CoreTypes
import SIP
import Testing
@testable import Gateway

/// The gateway ends calls itself when it stops and its drain time runs out: every kind of
/// call ends once, with the cause given and side `gateway`, and the far end gets a BYE
/// carrying the Q.850 cause (RFC 3326).
@Suite struct GatewayHangupTests {
    @Test func anAnsweredCallToAPhoneGetsABye() throws {
        var (call, _) = try connectedCall()
        let actions = call.handle(.gatewayHangup(.temporaryFailure), now: Fixture.start + .seconds(30))
        let bye = try sent(.bye, in: actions)
        #expect(bye.headers["Reason"]?.contains("cause=41") == true)
        let end = CallEnd(cause: .temporaryFailure, side: .gateway)
        #expect(steps(actions).contains(.web(.hungUp, end)))
        #expect(steps(call.handle(.gatewayHangup(.temporaryFailure), now: Fixture.start + .seconds(31))).isEmpty)
    }

    @Test func anEchoCallEndsOnTheGatewaysSide() {
        var call = EchoCall()
        _ = call.start(now: .seconds(1))
        let end = CallEnd(cause: .temporaryFailure, side: .gateway)
        #expect(steps(call.handle(.gatewayHangup(.temporaryFailure), now: .seconds(5))) == Step.webEnd(.hungUp, end))
        #expect(call.end == end)
    }

    @Test func aCallFromATrunkGetsABye() {
        var call = InboundCallInfoTests.answeredCall()
        let actions = call.handle(.gatewayHangup(.temporaryFailure), now: InboundCallInfoTests.t0)
        #expect(actions.contains { action in
            if case .sendRequest(let request, _) = action { return request.method == .bye }
            return false
        })
        #expect(call.end == CallEnd(cause: .temporaryFailure, side: .gateway))
    }

    @Test func theReasonSaysTheGatewayWasRestarted() {
        #expect(HangupCause.temporaryFailure.reason(side: .gateway) == "The gateway was restarted; please call again.")
        #expect(HangupCause.temporaryFailure.reason(side: .remote).hasPrefix("The telephone network"))
    }
}
