/// A SIP request method. Methods are case-sensitive tokens (RFC 3261 §7.1), so
/// any extension method parses; the common ones have constants.
public struct SIPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static let invite = SIPMethod("INVITE")
    public static let ack = SIPMethod("ACK")
    public static let bye = SIPMethod("BYE")
    public static let cancel = SIPMethod("CANCEL")
    public static let options = SIPMethod("OPTIONS")
    public static let register = SIPMethod("REGISTER")
    public static let info = SIPMethod("INFO")
    public static let update = SIPMethod("UPDATE")
    public static let prack = SIPMethod("PRACK")
    public static let subscribe = SIPMethod("SUBSCRIBE")
    public static let notify = SIPMethod("NOTIFY")
    public static let refer = SIPMethod("REFER")
    public static let message = SIPMethod("MESSAGE")
    public static let publish = SIPMethod("PUBLISH")

    /// Methods defined by RFC 3261 and its common extensions; anything else is
    /// "unknown" to a UAS and earns a 501 (RFC 3261 §8.2.1).
    public static let standard: Set<SIPMethod> = [
        .invite, .ack, .bye, .cancel, .options, .register, .info, .update, .prack,
        .subscribe, .notify, .refer, .message, .publish,
    ]

    /// Whether the raw value is a syntactically valid method token.
    public var isValidToken: Bool {
        !rawValue.isEmpty && rawValue.utf8.allSatisfy(SIPChar.isToken)
    }
}

/// The CSeq header (RFC 3261 §20.16): a sequence number and the request method.
public struct CSeq: Hashable, Sendable, CustomStringConvertible {
    /// The sequence number; RFC 3261 §8.1.1.5 bounds it to 32 bits.
    public var sequence: UInt32
    public var method: SIPMethod

    public init(_ sequence: UInt32, _ method: SIPMethod) {
        self.sequence = sequence
        self.method = method
    }

    public var description: String { "\(sequence) \(method.rawValue)" }

    /// Parses `1*DIGIT LWS Method`; numbers beyond 2^32-1 are rejected (RFC 4475 §3.1.2.4).
    public static func parse(_ text: String) throws(SIPParseError) -> CSeq {
        var s = ByteScanner(text)
        s.skipWhitespace()
        let digits = s.read(while: SIPChar.isDigit)
        guard let number = parseDecimal(digits, max: UInt64(UInt32.max)) else {
            throw .header("CSeq", "sequence number missing or above 2^32-1")
        }
        let beforeGap = s.index
        s.skipWhitespace()
        guard s.index > beforeGap, let method = s.readToken() else {
            throw .header("CSeq", "method missing")
        }
        s.skipWhitespace()
        guard s.isAtEnd else { throw .header("CSeq", "unexpected text after method") }
        return CSeq(UInt32(number), SIPMethod(method))
    }
}

/// Parses a run of ASCII digits into a value no greater than `max`, without
/// overflowing on arbitrarily long input. Empty or oversized input gives nil.
func parseDecimal(_ digits: some Collection<UInt8>, max: UInt64) -> UInt64? {
    guard !digits.isEmpty else { return nil }
    var value: UInt64 = 0
    for d in digits {
        guard SIPChar.isDigit(d) else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(UInt64(d - 0x30))
        if o1 || o2 || a > max { return nil }
        value = a
    }
    return value
}
