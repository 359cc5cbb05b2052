/// Why bytes were rejected as a STUN message (RFC 8489 §6.3).
public enum STUNParseError: Error, Sendable, Equatable {
    /// Fewer than the 20 header bytes.
    case tooShort
    /// The two most significant bits of the type are not zero (RFC 8489 §5).
    case notSTUN
    /// The magic cookie is not 0x2112A442 (RFC 8489 §5).
    case badMagicCookie
    /// The length field is not a multiple of 4 or disagrees with the datagram size.
    case badLength
    /// An attribute header or value (with its padding) runs past the end.
    case truncatedAttribute
    /// MESSAGE-INTEGRITY is not 20 bytes long (RFC 8489 §14.5).
    case badIntegrityLength
    /// FINGERPRINT is not 4 bytes long (RFC 8489 §14.7).
    case badFingerprintLength
    /// An attribute follows FINGERPRINT, which must be last (RFC 8489 §14.7).
    case attributeAfterFingerprint
}

extension STUNMessage {
    /// Parses one STUN message that fills `bytes` exactly (one UDP datagram).
    ///
    /// Never traps. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT
    /// are dropped, as RFC 8489 §14.5 tells receivers to ignore them.
    public static func parse(_ bytes: [UInt8]) throws(STUNParseError) -> STUNMessage {
        guard bytes.count >= headerLength else { throw .tooShort }
        let type = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        guard type & 0xC000 == 0 else { throw .notSTUN }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        guard length % 4 == 0, headerLength + length == bytes.count else { throw .badLength }
        let cookie = UInt32(bigEndianBytes: bytes[4..<8])
        guard cookie == magicCookie else { throw .badMagicCookie }

        let (messageClass, method) = split(typeField: type)
        var message = STUNMessage(
            messageClass: messageClass, method: method,
            transactionID: STUNTransactionID(unchecked: Array(bytes[8..<20])))
        var checks = ReceivedChecks(bytes: bytes)
        var attributes: [STUNAttribute] = []

        // RFC 8489 §14: type (2), length (2), value padded to a multiple of 4.
        var offset = headerLength
        while offset < bytes.count {
            guard checks.fingerprintOffset == nil else { throw .attributeAfterFingerprint }
            guard bytes.count - offset >= 4 else { throw .truncatedAttribute }
            let attributeType = STUNAttributeType(rawValue: UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]))
            let valueLength = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let paddedLength = (valueLength + 3) & ~3
            let valueStart = offset + 4
            guard bytes.count - valueStart >= paddedLength else { throw .truncatedAttribute }
            let value = Array(bytes[valueStart..<(valueStart + valueLength)])

            switch attributeType {
            case .messageIntegrity:
                guard valueLength == 20 else { throw .badIntegrityLength }
                if checks.integrityOffset == nil {
                    checks.integrityOffset = offset
                    checks.integrityValue = value
                }
            case .fingerprint:
                guard valueLength == 4 else { throw .badFingerprintLength }
                checks.fingerprintOffset = offset
                checks.fingerprintValue = UInt32(bigEndianBytes: value)
            default:
                if checks.integrityOffset == nil {
                    var attribute = STUNAttribute(type: attributeType, value: value)
                    attribute.padding = Array(bytes[(valueStart + valueLength)..<(valueStart + paddedLength)])
                    attributes.append(attribute)
                }
            }
            offset = valueStart + paddedLength
        }
        message.attributes = attributes
        message.received = checks
        return message
    }

    /// Whether the message was parsed with a MESSAGE-INTEGRITY attribute.
    public var hasIntegrity: Bool { received?.integrityOffset != nil }

    /// Whether the message was parsed with a FINGERPRINT attribute.
    public var hasFingerprint: Bool { received?.fingerprintOffset != nil }

    /// True when the parsed message carries MESSAGE-INTEGRITY and it matches
    /// HMAC-SHA1 keyed with `key` (RFC 8489 §14.5; for ICE the key is the
    /// receiver's ice-pwd, see `shortTermKey(password:)`).
    public func hasValidIntegrity(key: [UInt8]) -> Bool {
        guard let checks = received, let offset = checks.integrityOffset,
              let expected = checks.integrityValue else { return false }
        // §14.5: the HMAC covers everything before the attribute, with the
        // header length adjusted to end just after MESSAGE-INTEGRITY.
        var covered = Array(checks.bytes[0..<offset])
        STUNMessage.setLengthField(&covered, to: offset + 24 - STUNMessage.headerLength)
        let actual = STUNMessage.integrity(of: covered, key: key)
        return constantTimeEqual(actual, expected)
    }

    /// True when the parsed message carries FINGERPRINT and it matches the
    /// CRC-32 of the preceding bytes XOR 0x5354554e (RFC 8489 §14.7).
    public var hasValidFingerprint: Bool {
        guard let checks = received, let offset = checks.fingerprintOffset,
              let expected = checks.fingerprintValue else { return false }
        var covered = Array(checks.bytes[0..<offset])
        STUNMessage.setLengthField(&covered, to: offset + 8 - STUNMessage.headerLength)
        return STUNMessage.fingerprint(of: covered) == expected
    }
}

/// Comparison whose duration does not depend on where the inputs differ,
/// so an attacker cannot learn a valid HMAC byte by byte.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in 0..<a.count { difference |= a[index] ^ b[index] }
    return difference == 0
}
