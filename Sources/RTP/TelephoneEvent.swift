/// The RFC 4733 §2.3 telephone-event payload:
///
///      0                   1                   2                   3
///      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///     |     event     |E|R| volume    |          duration             |
public struct TelephoneEvent: Sendable, Hashable {
    public static let length = 4

    /// RFC 4733 §3.2: 0–9 digits, 10 `*`, 11 `#`, 12–15 `A`–`D`, 16 flash.
    public var event: UInt8
    /// E bit: set on the last packets of an event (sent three times, §2.5.1.4).
    public var isEnd: Bool
    /// Power level in −dBm0, 0–63 (§2.5.2.2); larger is quieter.
    public var volume: UInt8
    /// Duration so far in timestamp units, counted from the event's timestamp.
    public var duration: UInt16

    public init(event: UInt8, isEnd: Bool = false, volume: UInt8 = 10, duration: UInt16 = 0) {
        self.event = event
        self.isEnd = isEnd
        self.volume = min(volume, 63)
        self.duration = duration
    }

    /// Reads the first four bytes of a telephone-event payload; nil if shorter.
    /// The reserved R bit is ignored, as §2.3 asks of receivers.
    public static func parse(_ payload: UnsafeRawBufferPointer) -> TelephoneEvent? {
        guard payload.count >= length else { return nil }
        return TelephoneEvent(event: payload[0], isEnd: payload[1] & 0x80 != 0,
                              volume: payload[1] & 0x3F, duration: payload.uint16(at: 2))
    }

    public static func parse(_ payload: [UInt8]) -> TelephoneEvent? {
        payload.withUnsafeBytes { parse($0) }
    }

    /// Writes the four payload bytes (R bit zero); returns 4, or 0 if `buffer` is too small.
    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard buffer.count >= Self.length else { return 0 }
        let flags: UInt8 = (isEnd ? 0x80 : 0) | (min(volume, 63) & 0x3F)
        buffer.put(event, at: 0)
        buffer.put(flags, at: 1)
        buffer.put(duration, at: 2)
        return Self.length
    }

    public var bytes: [UInt8] { makeBytes(capacity: Self.length) { write(to: $0) } }

    /// The DTMF character for this event, or nil for events that are not keys.
    public var digit: Character? { Self.digit(forEvent: event) }

    /// RFC 4733 §3.2 Table 3: `0`–`9` → 0–9, `*` → 10, `#` → 11, `A`–`D` → 12–15
    /// (lowercase accepted).
    public static func event(forDigit digit: Character) -> UInt8? {
        switch digit {
        case "0"..."9": return digit.asciiValue.map { $0 - UInt8(ascii: "0") }
        case "*": return 10
        case "#": return 11
        case "A"..."D": return digit.asciiValue.map { $0 - UInt8(ascii: "A") + 12 }
        case "a"..."d": return digit.asciiValue.map { $0 - UInt8(ascii: "a") + 12 }
        default: return nil
        }
    }

    /// The inverse of `event(forDigit:)`; uppercase letters for 12–15.
    public static func digit(forEvent event: UInt8) -> Character? {
        switch event {
        case 0...9: return Character(Unicode.Scalar(UInt8(ascii: "0") + event))
        case 10: return "*"
        case 11: return "#"
        case 12...15: return Character(Unicode.Scalar(UInt8(ascii: "A") + event - 12))
        default: return nil
        }
    }
}
