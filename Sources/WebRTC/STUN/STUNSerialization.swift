import CShims

extension STUNMessage {
    /// RFC 8489 §14.7: XORed into the CRC so FINGERPRINT tells STUN apart
    /// from other protocols that also append a CRC-32.
    static let fingerprintXOR: UInt32 = 0x5354_554E

    /// The short-term credential key for MESSAGE-INTEGRITY (RFC 8489 §9.1.1):
    /// the password itself. ICE passwords are plain ASCII ice-chars
    /// (RFC 8839 §5.4), so the OpaqueString profile leaves them unchanged.
    public static func shortTermKey(password: String) -> [UInt8] {
        Array(password.utf8)
    }

    /// The wire form of this message (RFC 8489 §5, §14), optionally followed by
    /// MESSAGE-INTEGRITY keyed with `integrityKey` and then FINGERPRINT.
    ///
    /// Attributes are written in order with their padding (zeros unless the
    /// attribute was parsed with other padding bytes).
    public func serialized(integrityKey: [UInt8]? = nil, fingerprint: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(STUNMessage.headerLength + attributes.reduce(0) { $0 + 8 + $1.value.count } + 32)
        out += typeField.bigEndianBytes
        out += [0, 0]   // length, set below
        out += STUNMessage.magicCookie.bigEndianBytes
        out += transactionID.bytes

        for attribute in attributes {
            let padded = (attribute.value.count + 3) & ~3
            out += attribute.type.rawValue.bigEndianBytes
            out += UInt16(truncatingIfNeeded: attribute.value.count).bigEndianBytes
            out += attribute.value
            let paddingLength = padded - attribute.value.count
            out += attribute.padding.count == paddingLength
                ? attribute.padding : [UInt8](repeating: 0, count: paddingLength)
        }

        if let key = integrityKey {
            // §14.5: length counts up to the end of MESSAGE-INTEGRITY while hashing.
            STUNMessage.setLengthField(&out, to: out.count - STUNMessage.headerLength + 24)
            let hmac = STUNMessage.integrity(of: out, key: key)
            out += STUNAttributeType.messageIntegrity.rawValue.bigEndianBytes + [0, 20] + hmac
        }
        if fingerprint {
            // §14.7: length includes FINGERPRINT itself while computing the CRC.
            STUNMessage.setLengthField(&out, to: out.count - STUNMessage.headerLength + 8)
            let crc = STUNMessage.fingerprint(of: out)
            out += STUNAttributeType.fingerprint.rawValue.bigEndianBytes + [0, 4] + crc.bigEndianBytes
        }
        STUNMessage.setLengthField(&out, to: out.count - STUNMessage.headerLength)
        return out
    }

    static func setLengthField(_ bytes: inout [UInt8], to length: Int) {
        bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: length)
    }

    /// HMAC-SHA1 (RFC 8489 §14.5) with the key prepared on the stack: OpenSSL 3's HMAC
    /// makes and frees several contexts per message, and a connected browser sends a
    /// consent check every few seconds for the whole call (RFC 7675).
    static func integrity(of bytes: [UInt8], key: [UInt8]) -> [UInt8] {
        withUnsafeTemporaryAllocation(byteCount: cshim_hmac_sha1_size(), alignment: 16) { storage in
            let hmac = OpaquePointer(storage.baseAddress!)
            key.withUnsafeBufferPointer { cshim_hmac_sha1_init(hmac, $0.baseAddress, $0.count) }
            defer { cshim_hmac_sha1_clear(hmac) }
            return [UInt8](unsafeUninitializedCapacity: 20) { digest, count in
                bytes.withUnsafeBufferPointer {
                    cshim_hmac_sha1_digest(hmac, $0.baseAddress, $0.count, nil, 0, digest.baseAddress)
                }
                count = 20
            }
        }
    }

    static func fingerprint(of bytes: [UInt8]) -> UInt32 {
        CRC32.checksum(bytes) ^ fingerprintXOR
    }
}
