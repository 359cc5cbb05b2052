import Testing
@testable import RTP

@Suite("RFC 4733 telephone-event")
struct TelephoneEventTests {
    @Test func writesPayloadBytes() {
        // Digit 5, end bit, volume 10 (−10 dBm0), 800 timestamp units (100 ms at 8 kHz).
        #expect(TelephoneEvent(event: 5, isEnd: true, volume: 10, duration: 800).bytes == [0x05, 0x8A, 0x03, 0x20])
        #expect(TelephoneEvent(event: 11, isEnd: false, volume: 63, duration: 0xFFFF).bytes == [0x0B, 0x3F, 0xFF, 0xFF])
        #expect(TelephoneEvent(event: 0, volume: 200).bytes == [0x00, 0x3F, 0x00, 0x00])
        var buffer = [UInt8](repeating: 0, count: 3)
        #expect(buffer.withUnsafeMutableBytes { TelephoneEvent(event: 1).write(to: $0) } == 0)
    }

    @Test func parsesPayloadIgnoringReservedBit() throws {
        let event = try #require(TelephoneEvent.parse([0x0A, 0xC7, 0x01, 0x40]))
        #expect(event == TelephoneEvent(event: 10, isEnd: true, volume: 7, duration: 320))
        #expect(event.digit == "*")
        #expect(TelephoneEvent.parse([0x01, 0x00, 0x00]) == nil)
        #expect(TelephoneEvent.parse([]) == nil)
        // Trailing bytes (e.g. a second event) do not disturb the first.
        #expect(TelephoneEvent.parse([0x01, 0x0A, 0x00, 0xA0, 0xFF])?.duration == 160)
    }

    @Test func digitMapping() {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"]
        for (index, digit) in digits.enumerated() {
            #expect(TelephoneEvent.event(forDigit: digit) == UInt8(index))
            #expect(TelephoneEvent.digit(forEvent: UInt8(index)) == digit)
        }
        #expect(TelephoneEvent.event(forDigit: "d") == 15)
        #expect(TelephoneEvent.event(forDigit: "E") == nil)
        #expect(TelephoneEvent.event(forDigit: "+") == nil)
        #expect(TelephoneEvent.digit(forEvent: 16) == nil)   // flash has no key
        #expect(TelephoneEvent.digit(forEvent: 255) == nil)
    }
}
