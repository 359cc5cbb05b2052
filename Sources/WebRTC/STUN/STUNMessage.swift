import Hashing

/// The class of a STUN message (RFC 8489 §5: two bits spread through the type field).
public enum STUNClass: UInt8, Sendable, Hashable {
    case request = 0b00
    case indication = 0b01
    case successResponse = 0b10
    case errorResponse = 0b11
}

/// A STUN method (RFC 8489 §5: 12 bits spread through the type field).
public struct STUNMethod: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue & 0x0FFF }

    /// RFC 8489 §18.2: the only method ICE uses.
    public static let binding = STUNMethod(rawValue: 0x001)
}

/// The 96-bit transaction ID of a STUN message (RFC 8489 §5).
public struct STUNTransactionID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// `nil` unless `bytes` holds exactly 12 bytes.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        self.bytes = bytes
    }

    /// A fresh, cryptographically random transaction ID (RFC 8489 §5: "uniformly and randomly chosen").
    public static func random() -> STUNTransactionID {
        STUNTransactionID(unchecked: secureRandomBytes(12))
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { bytes.hexString }
}

/// A STUN message (RFC 8489 §5, §14): header fields and the attributes it carries.
///
/// `attributes` never contains MESSAGE-INTEGRITY or FINGERPRINT: those are
/// computed by `serialized(integrityKey:fingerprint:)` and checked by
/// `hasValidIntegrity(key:)` / `hasValidFingerprint` on a parsed message.
public struct STUNMessage: Sendable {
    /// RFC 8489 §5: fixed value that tells STUN apart from other protocols.
    public static let magicCookie: UInt32 = 0x2112_A442
    /// RFC 8489 §5: 20-byte header.
    public static let headerLength = 20

    public var messageClass: STUNClass
    public var method: STUNMethod
    public var transactionID: STUNTransactionID
    public var attributes: [STUNAttribute]

    /// Where MESSAGE-INTEGRITY and FINGERPRINT sat in the bytes this message was
    /// parsed from, so they can be verified over exactly those bytes.
    var received: ReceivedChecks?

    public init(
        messageClass: STUNClass, method: STUNMethod,
        transactionID: STUNTransactionID = .random(), attributes: [STUNAttribute] = []
    ) {
        self.messageClass = messageClass
        self.method = method
        self.transactionID = transactionID
        self.attributes = attributes
    }

    /// The first attribute of `type`, if any.
    public func attribute(_ type: STUNAttributeType) -> STUNAttribute? {
        attributes.first { $0.type == type }
    }

    /// RFC 8489 §5: M11..M7 C1 M6..M4 C0 M3..M0 in the low 14 bits.
    var typeField: UInt16 {
        let m = method.rawValue
        let c = UInt16(messageClass.rawValue)
        return (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
            | ((c & 0b01) << 4) | ((c & 0b10) << 7)
    }

    /// Inverse of `typeField` for a type whose top two bits are zero.
    static func split(typeField t: UInt16) -> (STUNClass, STUNMethod) {
        let method = (t & 0x000F) | ((t & 0x00E0) >> 1) | ((t & 0x3E00) >> 2)
        let classBits = UInt8(((t >> 4) & 0b01) | ((t >> 7) & 0b10))
        // Two bits can only take the four values of STUNClass.
        let messageClass = STUNClass(rawValue: classBits) ?? .request
        return (messageClass, STUNMethod(rawValue: method))
    }
}

extension STUNMessage: Equatable {
    /// Equal when header fields and attributes match; how the bytes were
    /// received (integrity and fingerprint positions) does not count.
    public static func == (a: STUNMessage, b: STUNMessage) -> Bool {
        a.messageClass == b.messageClass && a.method == b.method
            && a.transactionID == b.transactionID && a.attributes == b.attributes
    }
}

/// Integrity and fingerprint information kept from the received bytes.
struct ReceivedChecks: Sendable {
    /// The message exactly as received.
    var bytes: [UInt8]
    /// Offset of the MESSAGE-INTEGRITY attribute header, if present.
    var integrityOffset: Int?
    /// The 20-byte HMAC carried in MESSAGE-INTEGRITY.
    var integrityValue: [UInt8]?
    /// Offset of the FINGERPRINT attribute header, if present (always last).
    var fingerprintOffset: Int?
    /// The CRC carried in FINGERPRINT.
    var fingerprintValue: UInt32?
}
