/// Byte classes of the SIP grammar (RFC 3261 §25.1), used by every parser in the module.
///
/// Parsers work on UTF-8 bytes so that arbitrary input can be inspected without
/// decoding surprises; every predicate is total over `UInt8`.
enum SIPChar {
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    static func isAlphaNum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }

    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }

    /// SP or HTAB: after unfolding, the only linear white space left in a header value.
    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// `token` characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
    static func isToken(_ b: UInt8) -> Bool {
        if isAlphaNum(b) { return true }
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "%"),
             UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "`"),
             UInt8(ascii: "'"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `mark`: "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
    static func isMark(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"),
             UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }

    static func isUnreserved(_ b: UInt8) -> Bool { isAlphaNum(b) || isMark(b) }

    /// Characters allowed unescaped in the user part of a SIP URI.
    static func isUserChar(_ b: UInt8) -> Bool {
        if isUnreserved(b) { return true }
        return "&=+$,;?/".utf8.contains(b)
    }

    /// Characters allowed unescaped in the password part of a SIP URI.
    static func isPasswordChar(_ b: UInt8) -> Bool {
        if isUnreserved(b) { return true }
        return "&=+$,".utf8.contains(b)
    }

    /// `paramchar` minus escapes: param-unreserved / unreserved.
    static func isParamChar(_ b: UInt8) -> Bool {
        if isUnreserved(b) { return true }
        return "[]/:&+$".utf8.contains(b)
    }

    /// URI header names and values: hnv-unreserved / unreserved.
    static func isHeaderChar(_ b: UInt8) -> Bool {
        if isUnreserved(b) { return true }
        return "[]/?:+$".utf8.contains(b)
    }

    /// Characters of a generic header parameter value besides quoted strings:
    /// `gen-value = token / host / quoted-string` (host adds ":" "[" "]").
    static func isGenValueChar(_ b: UInt8) -> Bool {
        isToken(b) || b == UInt8(ascii: ":") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        if isDigit(b) { return b - 0x30 }
        let lower = b | 0x20
        if lower >= 0x61 && lower <= 0x66 { return lower - 0x61 + 10 }
        return nil
    }
}

extension String {
    /// A String from bytes that may not be valid UTF-8; invalid sequences become U+FFFD.
    init(sipBytes bytes: some Collection<UInt8>) {
        self = String(decoding: bytes, as: UTF8.self)
    }
}
