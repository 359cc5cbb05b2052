import Gateway
import Media
import Testing
@testable import GatewayServer

@Suite struct EndToneTests {
    @Test func busyAndCongestionCausesHaveTheirTones() {
        #expect(CallEngine.endTone(for: .userBusy) == .busy)
        for cause: HangupCause in [.noCircuitAvailable, .networkOutOfOrder, .temporaryFailure, .congestion,
                                   .serviceUnavailable] {
            #expect(CallEngine.endTone(for: cause) == .congestion, "\(cause)")
        }
    }

    @Test func otherEndsHaveNone() {
        for cause: HangupCause in [.normalClearing, .originatorCancel, .noAnswer, .unallocatedNumber, .callRejected,
                                   .mediaTimeout, .interworking] {
            #expect(CallEngine.endTone(for: cause) == nil, "\(cause)")
        }
    }

    @Test func theStateMessageCarriesTheTone() {
        var end = CallEnd(cause: .userBusy, side: .remote, sipStatus: 486)
        end.tone = EndTone(name: "busy", milliseconds: 3000)
        let json = ServerMessage.state(callId: "c1", state: .rejected, end: end).json()
        #expect(json.contains("\"tone\":\"busy\""))
        #expect(json.contains("\"toneMs\":3000"))
        let plain = ServerMessage.state(callId: "c1", state: .rejected, end: CallEnd(cause: .userBusy, side: .remote)).json()
        #expect(!plain.contains("tone"))
    }
}
