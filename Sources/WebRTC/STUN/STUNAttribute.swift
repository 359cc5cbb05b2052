/// A STUN attribute type (RFC 8489 §14, §18.3; RFC 8445 §16.1 for ICE).
public struct STUNAttributeType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let mappedAddress = STUNAttributeType(rawValue: 0x0001)
    public static let username = STUNAttributeType(rawValue: 0x0006)
    public static let messageIntegrity = STUNAttributeType(rawValue: 0x0008)
    public static let errorCode = STUNAttributeType(rawValue: 0x0009)
    public static let unknownAttributes = STUNAttributeType(rawValue: 0x000A)
    public static let realm = STUNAttributeType(rawValue: 0x0014)
    public static let nonce = STUNAttributeType(rawValue: 0x0015)
    public static let messageIntegritySHA256 = STUNAttributeType(rawValue: 0x001C)
    public static let userhash = STUNAttributeType(rawValue: 0x001E)
    public static let xorMappedAddress = STUNAttributeType(rawValue: 0x0020)
    public static let priority = STUNAttributeType(rawValue: 0x0024)
    public static let useCandidate = STUNAttributeType(rawValue: 0x0025)
    public static let software = STUNAttributeType(rawValue: 0x8022)
    public static let alternateServer = STUNAttributeType(rawValue: 0x8023)
    public static let fingerprint = STUNAttributeType(rawValue: 0x8028)
    public static let iceControlled = STUNAttributeType(rawValue: 0x8029)
    public static let iceControlling = STUNAttributeType(rawValue: 0x802A)

    /// RFC 8489 §14: types 0x0000–0x7FFF must be understood by the receiver.
    public var isComprehensionRequired: Bool { rawValue < 0x8000 }
}

/// One attribute: its type and its value without padding (RFC 8489 §14).
public struct STUNAttribute: Sendable {
    public var type: STUNAttributeType
    public var value: [UInt8]
    /// The padding bytes that followed the value on the wire. RFC 8489 §14 lets
    /// senders put any bytes there and MESSAGE-INTEGRITY covers them, so a
    /// parsed message keeps them to serialize back to identical bytes. Empty
    /// means zero padding.
    var padding: [UInt8] = []

    public init(type: STUNAttributeType, value: [UInt8]) {
        self.type = type
        self.value = value
    }
}

extension STUNAttribute: Equatable {
    /// Padding is not part of an attribute's meaning.
    public static func == (a: STUNAttribute, b: STUNAttribute) -> Bool {
        a.type == b.type && a.value == b.value
    }
}

// MARK: - Typed constructors

extension STUNAttribute {
    /// RFC 8489 §14.3 USERNAME (for ICE: "receiverUfrag:senderUfrag", RFC 8445 §7.2.2).
    public static func username(_ name: String) -> STUNAttribute {
        STUNAttribute(type: .username, value: Array(name.utf8))
    }

    /// RFC 8489 §14.14 SOFTWARE.
    public static func software(_ description: String) -> STUNAttribute {
        STUNAttribute(type: .software, value: Array(description.utf8))
    }

    /// RFC 8445 §16.1 PRIORITY: 32-bit priority of the candidate the check would create.
    public static func priority(_ priority: UInt32) -> STUNAttribute {
        STUNAttribute(type: .priority, value: priority.bigEndianBytes)
    }

    /// RFC 8445 §16.1 USE-CANDIDATE: empty value, marks the nominated pair.
    public static let useCandidate = STUNAttribute(type: .useCandidate, value: [])

    /// RFC 8445 §16.1 ICE-CONTROLLING with the sender's 64-bit tiebreaker.
    public static func iceControlling(tiebreaker: UInt64) -> STUNAttribute {
        STUNAttribute(type: .iceControlling, value: tiebreaker.bigEndianBytes)
    }

    /// RFC 8445 §16.1 ICE-CONTROLLED with the sender's 64-bit tiebreaker.
    public static func iceControlled(tiebreaker: UInt64) -> STUNAttribute {
        STUNAttribute(type: .iceControlled, value: tiebreaker.bigEndianBytes)
    }

    /// RFC 8489 §14.8 ERROR-CODE: class (hundreds) and number, then a UTF-8 reason.
    public static func errorCode(_ error: STUNErrorCode) -> STUNAttribute {
        let code = min(max(error.code, 300), 699)
        let value: [UInt8] = [0, 0, UInt8(code / 100), UInt8(code % 100)] + Array(error.reason.utf8)
        return STUNAttribute(type: .errorCode, value: value)
    }
}

/// The content of an ERROR-CODE attribute (RFC 8489 §14.8).
public struct STUNErrorCode: Hashable, Sendable {
    /// 300–699, e.g. 400 Bad Request, 401 Unauthorized, 487 Role Conflict.
    public var code: Int
    public var reason: String

    public init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    public static let badRequest = STUNErrorCode(code: 400, reason: "Bad Request")
    public static let unauthorized = STUNErrorCode(code: 401, reason: "Unauthorized")
    public static let roleConflict = STUNErrorCode(code: 487, reason: "Role Conflict")
}

// MARK: - Typed accessors

extension STUNMessage {
    /// USERNAME as UTF-8 text, nil if absent or not valid UTF-8.
    public var username: String? {
        attribute(.username).flatMap { String(validating: $0.value, as: UTF8.self) }
    }

    /// SOFTWARE as UTF-8 text.
    public var software: String? {
        attribute(.software).flatMap { String(validating: $0.value, as: UTF8.self) }
    }

    /// PRIORITY, nil if absent or not 4 bytes long.
    public var priority: UInt32? {
        attribute(.priority).flatMap { UInt32(bigEndianBytes: $0.value) }
    }

    /// Whether USE-CANDIDATE is present.
    public var useCandidate: Bool { attribute(.useCandidate) != nil }

    /// ICE-CONTROLLING tiebreaker, nil if absent or not 8 bytes long.
    public var iceControlling: UInt64? {
        attribute(.iceControlling).flatMap { UInt64(bigEndianBytes: $0.value) }
    }

    /// ICE-CONTROLLED tiebreaker, nil if absent or not 8 bytes long.
    public var iceControlled: UInt64? {
        attribute(.iceControlled).flatMap { UInt64(bigEndianBytes: $0.value) }
    }

    /// ERROR-CODE, nil if absent or malformed (RFC 8489 §14.8: class 3–6, number 0–99).
    public var errorCode: STUNErrorCode? {
        guard let value = attribute(.errorCode)?.value, value.count >= 4 else { return nil }
        let errorClass = Int(value[2] & 0x07), number = Int(value[3])
        guard (3...6).contains(errorClass), number < 100 else { return nil }
        let reason = String(decoding: value[4...], as: UTF8.self)
        return STUNErrorCode(code: errorClass * 100 + number, reason: reason)
    }
}

// MARK: - Big-endian helpers

extension FixedWidthInteger {
    var bigEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }

    /// nil unless `bytes` holds exactly `bitWidth / 8` bytes.
    init?<C: Collection>(bigEndianBytes bytes: C) where C.Element == UInt8 {
        guard bytes.count == Self.bitWidth / 8 else { return nil }
        self = bytes.reduce(0) { ($0 << 8) | Self($1) }
    }
}
