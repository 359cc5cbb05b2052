import Testing
@testable import Gateway

@Suite struct HangupCauseTests {
    @Test(arguments: [
        (486, HangupCause.userBusy, WebCallState.rejected),
        (600, .userBusy, .rejected),
        (404, .unallocatedNumber, .rejected),
        (603, .callRejected, .rejected),
        (480, .noUserResponse, .notAnswered),
        (503, .serviceUnavailable, .hungUp),
        (488, .incompatibleDestination, .rejected),
        (499, .normalUnspecified, .hungUp),
        (599, .temporaryFailure, .hungUp),
    ])
    func sipStatusMapsToCauseAndBrowserState(status: Int, cause: HangupCause, state: WebCallState) {
        #expect(HangupCause(sipStatus: status) == cause)
        #expect(cause.webEndState == state)
    }

    @Test func everyCauseHasAReasonAndARoundTripThroughQ850() {
        for cause in HangupCause.allCases {
            #expect(!cause.reason(side: .remote).isEmpty)
            if !HangupCause.aliases.contains(cause) {
                #expect(HangupCause(q850: cause.q850).q850 == cause.q850)
            }
        }
    }
}
