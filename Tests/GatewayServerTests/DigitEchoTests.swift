import CoreTypes
import Gateway
import Testing
@testable import GatewayServer

/// One key press that arrives two ways is passed on once (CallEngine+DTMF.swift).
@Suite struct DigitEchoTests {
    @Test func theSameKeyByAnotherMethodWithinTheWindowIsItsCopy() {
        var echo = DigitEcho()
        let passed1 = echo.admit("5", via: .signaling, from: .browser, at: .milliseconds(1000))
        #expect(passed1)
        let passed2 = echo.admit("5", via: .rfc4733, from: .browser, at: .milliseconds(1120))
        #expect(!passed2)
        let passed3 = echo.admit("5", via: .rfc4733, from: .browser, at: .milliseconds(4500))
        #expect(passed3, "a later press is a new key")
    }

    @Test func theSameKeyByTheSameMethodIsANewPress() {
        var echo = DigitEcho()
        let passed4 = echo.admit("1", via: .rfc4733, from: .trunk, at: .milliseconds(0))
        #expect(passed4)
        let passed5 = echo.admit("1", via: .rfc4733, from: .trunk, at: .milliseconds(160))
        #expect(passed5, "11 keyed quickly")
    }

    @Test func aMessageOfSeveralKeysThenTheirEventsPassesEachOnce() {
        var echo = DigitEcho()
        let passed = "123".filter { echo.admit($0, via: .signaling, from: .browser, at: .milliseconds(0)) }
        let copies = zip("123", [10, 180, 350]).filter { digit, ms in
            echo.admit(digit, via: .rfc4733, from: .browser, at: .milliseconds(Int64(ms)))
        }
        #expect(passed == "123")
        #expect(copies.isEmpty, "every event is the copy of its own key")
    }

    @Test func twelveKeysAsOneMessageThenAsEventsPassOnceEach() {
        var echo = DigitEcho()
        let keys = Array("1234567890*#")
        let sent = keys.filter { echo.admit($0, via: .signaling, from: .browser, at: .milliseconds(0)) }
        let copies = keys.enumerated().filter { index, digit in
            echo.admit(digit, via: .rfc4733, from: .browser, at: .milliseconds(Int64(40 + 170 * index)))
        }
        #expect(String(sent) == "1234567890*#")
        #expect(copies.isEmpty)
    }

    @Test func eventsAndTheirLateTonesInterleavedPassEachKeyOnce() {
        var echo = DigitEcho()
        // The trunk's events, and the tones of the same keys found in its audio, each a little late.
        let arrivals: [(Character, DTMFMethod, Int64)] = [("1", .rfc4733, 0), ("2", .rfc4733, 160), ("1", .inband, 190),
                                                          ("2", .inband, 350), ("2", .rfc4733, 400), ("2", .inband, 590)]
        let passed = arrivals.filter { echo.admit($0.0, via: $0.1, from: .trunk, at: .milliseconds($0.2)) }.map(\.0)
        #expect(String(passed) == "122")
    }

    @Test func theOtherSideIsNeverACopy() {
        var echo = DigitEcho()
        let passed6 = echo.admit("2", via: .signaling, from: .browser, at: .milliseconds(0))
        #expect(passed6)
        let passed7 = echo.admit("2", via: .rfc4733, from: .trunk, at: .milliseconds(50))
        #expect(passed7)
    }
}
