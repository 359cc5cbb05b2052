import CoreTypes
import Testing
@testable import Gateway

@Suite struct DigitDeduplicatorTests {
    /// Feeds (digit, method, milliseconds) in order; returns which were passed.
    func run(_ arrivals: [(Character, DTMFMethod, Int64)]) -> [Bool] {
        var deduplicator = DigitDeduplicator()
        return arrivals.map { deduplicator.accept($0.0, method: $0.1, at: .milliseconds($0.2)) }
    }

    @Test func secondCopyByAnotherMethodIsDropped() {
        #expect(run([("5", .rfc4733, 0), ("5", .inband, 45)]) == [true, false])
        #expect(run([("5", .inband, 0), ("5", .rfc4733, 30)]) == [true, false])
        // The browser's pad: RTCDTMFSender event and signaling message.
        #expect(run([("#", .signaling, 1000), ("#", .rfc4733, 1120)]) == [true, false])
    }

    @Test func sameMethodAgainIsANewPress() {
        #expect(run([("5", .rfc4733, 0), ("5", .rfc4733, 160), ("5", .rfc4733, 320)]) == [true, true, true])
        #expect(run([("0", .inband, 0), ("0", .inband, 100)]) == [true, true])
    }

    @Test func windowIsFiveHundredMilliseconds() {
        #expect(run([("7", .rfc4733, 0), ("7", .info, 499)]) == [true, false])
        #expect(run([("7", .rfc4733, 0), ("7", .info, 500)]) == [true, true])
        #expect(run([("7", .rfc4733, 0), ("7", .info, 2000)]) == [true, true])
    }

    @Test func copiesOfInterleavedDigitsAreDroppedPerDigit() {
        let passed = run([("1", .rfc4733, 0), ("2", .rfc4733, 160), ("1", .inband, 200), ("2", .inband, 360)])
        #expect(passed == [true, true, false, false])
    }

    @Test func quickRepeatArrivingFirstByTheOtherMethodCountsTwice() {
        // Press one: event, then its tones. Press two, 160 ms later: tones reported before
        // the event. The tones have already delivered press one, so they mean a new press.
        let passed = run([("9", .rfc4733, 0), ("9", .inband, 40), ("9", .inband, 200), ("9", .rfc4733, 210)])
        #expect(passed == [true, false, true, false])
    }

    @Test func threeMethodsOnePress() {
        #expect(run([("A", .rfc4733, 0), ("A", .inband, 40), ("A", .info, 90)]) == [true, false, false])
    }

    @Test func lowercaseLettersAreTheSameKey() {
        #expect(run([("d", .signaling, 0), ("D", .rfc4733, 20)]) == [true, false])
    }

    @Test func charactersThatAreNotKeysPassUntracked() {
        #expect(run([("x", .signaling, 0), ("x", .rfc4733, 10), ("ß", .info, 20), ("ß", .inband, 30)])
                == [true, true, true, true])
    }

    @Test func customWindow() {
        var deduplicator = DigitDeduplicator(window: .milliseconds(100))
        #expect(deduplicator.window == .milliseconds(100))
        #expect(deduplicator.accept("3", method: .rfc4733, at: .milliseconds(0)))
        #expect(deduplicator.accept("3", method: .inband, at: .milliseconds(150)))
        #expect(!deduplicator.accept("3", method: .info, at: .milliseconds(200)))
    }
}
