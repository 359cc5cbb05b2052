import CoreTypes
import RTP

/// The body of a SIP INFO request that carries one key press: the legacy use of INFO
/// (RFC 2976, left to existing implementations by RFC 6086 §1 and §2), without an
/// Info Package.
///
/// Two body types are in use:
/// - `application/dtmf-relay`: lines of `key=value`, e.g. `Signal=5\r\nDuration=160`
///   (draft-kaplan-dispatch-info-dtmf-package-00 §5.2 describes what equipment sends).
///   Keys are read case-insensitively, blanks around keys and values are ignored, lines
///   may end in CRLF, LF or CR, and keys other than Signal and Duration are skipped.
/// - `application/dtmf`: the key alone, e.g. `5`.
///
/// A key is one of `0`–`9`, `*`, `#`, `A`–`D` (lowercase accepted), or its RFC 4733 §3.2
/// event code `0`–`15` (`10` is `*`, `11` is `#`, `12`–`15` are `A`–`D`), which some
/// equipment sends instead. Parsing never traps: anything else is a `ParseError`, so a
/// body that does not parse never becomes a digit.
public struct DTMFInfoBody: Sendable, Equatable {
    /// The key, normalised to `0`–`9`, `*`, `#`, `A`–`D`.
    public var digit: Character
    /// How long the key was held, when the body says (`Duration`, milliseconds).
    public var duration: Duration?

    /// Longest body read; a real one is under 40 bytes.
    public static let maximumBodyBytes = 512
    /// Longest `Duration` accepted: four digits of milliseconds (the draft's `1*4DIGIT`).
    public static let maximumDuration: Duration = .milliseconds(9999)

    public init(digit: Character, duration: Duration? = nil) {
        self.digit = digit
        self.duration = duration
    }

    /// The two body types, by Content-Type.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case dtmfRelay = "application/dtmf-relay"
        case dtmf = "application/dtmf"

        /// The Content-Type header value.
        public var contentType: String { rawValue }

        /// The format a media type names (RFC 3261 §20.15: case-insensitive, parameters ignored).
        public init?(mediaType: String) {
            let bare = mediaType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            self.init(rawValue: bare.filter { $0 != " " && $0 != "\t" }.lowercased())
        }
    }

    /// Why a body was refused.
    public enum ParseError: Error, Sendable, Equatable {
        /// Nothing but blanks.
        case empty
        /// Longer than `maximumBodyBytes`.
        case tooLarge
        /// Bytes other than printable ASCII, tabs and line ends.
        case notText
        /// A line that is not `key=value`.
        case malformedLine
        /// No `Signal` line in an `application/dtmf-relay` body.
        case missingSignal
        /// `Signal` or `Duration` given twice.
        case repeatedKey
        /// The signal is not a DTMF key nor an event code 0–15.
        case unknownSignal
        /// A `Duration` that is not 0–9999 milliseconds.
        case impossibleDuration

        /// Text for the Warning header of a 400 (fixed text: nothing from the body is echoed).
        public var explanation: String {
            switch self {
            case .empty: return "DTMF body is empty"
            case .tooLarge: return "DTMF body is too large"
            case .notText: return "DTMF body is not ASCII text"
            case .malformedLine: return "DTMF body line is not key=value"
            case .missingSignal: return "DTMF body has no Signal"
            case .repeatedKey: return "DTMF body repeats a key"
            case .unknownSignal: return "Signal is not a DTMF key (0-9 * # A-D or 0-15)"
            case .impossibleDuration: return "Duration is not 0 to 9999 ms"
            }
        }
    }

    /// Reads a body of the given format.
    public static func parse(_ body: [UInt8], format: Format) throws(ParseError) -> DTMFInfoBody {
        guard body.count <= maximumBodyBytes else { throw .tooLarge }
        // Printable ASCII plus HT, LF, CR: every other byte (NUL, controls, UTF-8) is refused.
        guard body.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            throw .notText
        }
        let lines = body.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).map(trimmed).filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw .empty }
        // Some senders label a dtmf-relay body application/dtmf; the `=` tells them apart.
        if format == .dtmfRelay || body.contains(UInt8(ascii: "=")) {
            return try parseRelay(lines)
        }
        guard lines.count == 1, let digit = key(lines[0]) else { throw .unknownSignal }
        return DTMFInfoBody(digit: digit)
    }

    /// `Signal=…` (required) and `Duration=…` (optional), each at most once.
    private static func parseRelay(_ lines: [ArraySlice<UInt8>]) throws(ParseError) -> DTMFInfoBody {
        var signal: ArraySlice<UInt8>?
        var duration: ArraySlice<UInt8>?
        for line in lines {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { throw .malformedLine }
            let name = trimmed(line[line.startIndex..<equals])
            let value = trimmed(line[(equals + 1)...])
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformedLine }
            switch String(decoding: name, as: UTF8.self).lowercased() {
            case "signal":
                guard signal == nil else { throw .repeatedKey }
                signal = value
            case "duration":
                guard duration == nil else { throw .repeatedKey }
                duration = value
            default:
                continue  // Volume and vendor keys carry nothing the gateway uses.
            }
        }
        guard let signal else { throw .missingSignal }
        guard let digit = key(signal) else { throw .unknownSignal }
        guard let duration else { return DTMFInfoBody(digit: digit) }
        // Digits only, at most four: no sign, no unit, no overflow.
        guard (1...4).contains(duration.count), duration.allSatisfy({ (0x30...0x39).contains($0) }),
              let milliseconds = Int(String(decoding: duration, as: UTF8.self)) else { throw .impossibleDuration }
        return DTMFInfoBody(digit: digit, duration: .milliseconds(milliseconds))
    }

    /// A key character, or an RFC 4733 §3.2 event code 0–15 (one or two decimal digits).
    private static func key(_ value: ArraySlice<UInt8>) -> Character? {
        if value.count == 1, let byte = value.first {
            let character = Character(Unicode.Scalar(byte))
            guard TelephoneEvent.event(forDigit: character) != nil else { return nil }
            return Character(character.uppercased())
        }
        guard value.count == 2, value.allSatisfy({ (0x30...0x39).contains($0) }),
              let code = UInt8(String(decoding: value, as: UTF8.self)), code <= 15 else { return nil }
        return TelephoneEvent.digit(forEvent: code)
    }

    /// The body to send (a dtmf-relay body always names its duration).
    public func serialized(as format: Format) -> [UInt8] {
        switch format {
        case .dtmf:
            return Array(String(digit).utf8)
        case .dtmfRelay:
            let milliseconds = (duration ?? .milliseconds(100)).milliseconds
            return Array("Signal=\(digit)\r\nDuration=\(milliseconds)\r\n".utf8)
        }
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// RFC 3261 §25.1 token characters (letters, digits, `-.!%*_+`'~`).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || "-.!%*_+`'~".utf8.contains(byte)
    }
}
