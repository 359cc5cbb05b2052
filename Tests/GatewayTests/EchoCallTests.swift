import CoreTypes
import Testing
@testable import Gateway

/// The echo test call: answered at once, no SIP leg.
@Suite struct EchoCallTests {
    let start = Instant.seconds(10)

    @Test func answersAtOnceAndConnectsWithBrowserMedia() {
        var call = EchoCall(mediaTimeout: .seconds(15))
        #expect(steps(call.start(now: start)) == [.web(.calling), .answered, .web(.connecting)])
        #expect(call.nextDeadline == start + .seconds(15))
        #expect(steps(call.handle(.webMediaConnected, now: start + .seconds(1))) == [.web(.connected)])
        #expect(call.nextDeadline == nil)
        #expect(!call.isFinished)
        // SIP events have nothing to do with an echo call.
        #expect(steps(call.handle(.timer, now: start + .seconds(60))) == [])
    }

    @Test func hangupEndsItOnce() {
        var call = EchoCall()
        _ = call.start(now: start)
        _ = call.handle(.webMediaConnected, now: start + .seconds(1))
        let end = CallEnd(cause: .normalClearing, side: .local)
        #expect(steps(call.handle(.webHangup(.normalClearing), now: start + .seconds(9))) == Step.webEnd(.hungUp, end))
        #expect(call.isFinished)
        #expect(call.end == end)
        #expect(steps(call.handle(.webHangup(.normalClearing), now: start + .seconds(10))) == [])
        #expect(steps(call.handle(.webMediaFailed, now: start + .seconds(10))) == [])
    }

    @Test func browserMediaThatNeverComesUpEndsIt() {
        var call = EchoCall(mediaTimeout: .seconds(15))
        _ = call.start(now: start)
        #expect(steps(call.handle(.timer, now: start + .seconds(14))) == [])
        let end = CallEnd(cause: .mediaFailure, side: .gateway)
        #expect(steps(call.handle(.timer, now: start + .seconds(15))) == Step.webEnd(.hungUp, end))
        #expect(call.isFinished)
        #expect(call.nextDeadline == nil)
    }

    @Test func browserMediaFailureEndsIt() {
        var call = EchoCall()
        _ = call.start(now: start)
        #expect(steps(call.handle(.webMediaFailed, now: start + .seconds(2)))
                == Step.webEnd(.hungUp, CallEnd(cause: .mediaFailure, side: .gateway)))
    }
}
