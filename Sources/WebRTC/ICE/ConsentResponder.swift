import CShims

/// Answers the connectivity and consent checks of a pair already in use (RFC 7675: one every
/// few seconds for the whole call) where they lie, allocating nothing: the Binding request's
/// FINGERPRINT, USERNAME and MESSAGE-INTEGRITY are checked in the receive buffer and the
/// signed success response is written into the caller's.
///
/// The same checks and the same response bytes as `ICELiteAgent.handle`, which stays the
/// path for the first checks and for a new path (nomination, pair selection, the addresses
/// as text). A request this refuses may still be one the agent takes (it compares USERNAME
/// as text, this as bytes): refusing here only sends it the long way.
public final class ConsentResponder: @unchecked Sendable {
    /// What `answer` wrote: the response's length, and whether the request nominated.
    public struct Answer: Equatable, Sendable {
        public let length: Int
        public let useCandidate: Bool
    }

    /// The longest response: header, XOR-MAPPED-ADDRESS for IPv6, MESSAGE-INTEGRITY, FINGERPRINT.
    public static let maximumResponseLength = STUNMessage.headerLength + 24 + 24 + 8

    /// The HMAC-SHA1 key, prepared once (inner and outer hash states).
    private let hmac: OpaquePointer
    private let hmacStorage: UnsafeMutableRawPointer
    /// "localUfrag:remoteUfrag" (RFC 8445 §7.2.2), as bytes.
    private let username: [UInt8]

    public init(local: ICECredentials, remote: ICECredentials) {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: cshim_hmac_sha1_size(), alignment: 16)
        let key = STUNMessage.shortTermKey(password: local.password)
        key.withUnsafeBufferPointer { cshim_hmac_sha1_init(OpaquePointer(storage), $0.baseAddress, $0.count) }
        hmacStorage = storage
        hmac = OpaquePointer(storage)
        username = Array((local.ufrag + ":" + remote.ufrag).utf8)
    }

    deinit {
        cshim_hmac_sha1_clear(hmac)
        hmacStorage.deallocate()
    }

    /// Checks `request` as a Binding request for this pair and writes the success response
    /// into `out`, reporting `address` (4 or 16 bytes, network order) and `port`; nil when the
    /// request is not one to answer or `out` is too small.
    public func answer(_ request: UnsafeRawBufferPointer, address: UnsafeRawBufferPointer, port: UInt16,
                       into out: UnsafeMutableRawBufferPointer) -> Answer? {
        guard let found = Self.find(in: request), out.count >= Self.maximumResponseLength,
              address.count == 4 || address.count == 16,
              fingerprintMatches(request, at: found.fingerprint),
              request[found.username].elementsEqual(username),
              integrityMatches(request, at: found.integrity) else { return nil }
        return Answer(length: writeResponse(to: request, address: address, port: port, into: out),
                      useCandidate: found.useCandidate)
    }

    /// Where a request's checked attributes are: nil unless it is a well-formed Binding
    /// request (RFC 8489 §5, §14) with USERNAME before MESSAGE-INTEGRITY and FINGERPRINT last.
    private struct Found {
        var username: Range<Int>
        var integrity: Int
        var fingerprint: Int
        var useCandidate: Bool
    }

    private static func find(in bytes: UnsafeRawBufferPointer) -> Found? {
        let count = bytes.count
        guard count >= STUNMessage.headerLength, bytes[0] == 0x00, bytes[1] == 0x01 else { return nil }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        guard length % 4 == 0, STUNMessage.headerLength + length == count,
              bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).bigEndian == STUNMessage.magicCookie
        else { return nil }
        var username: Range<Int>?
        var integrity: Int?
        var fingerprint: Int?
        var useCandidate = false
        var offset = STUNMessage.headerLength
        while offset < count {
            guard fingerprint == nil, count - offset >= 4 else { return nil }
            let type = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            let valueLength = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let valueStart = offset + 4
            guard count - valueStart >= (valueLength + 3) & ~3 else { return nil }
            switch STUNAttributeType(rawValue: type) {
            case .messageIntegrity:
                guard valueLength == 20 else { return nil }
                if integrity == nil { integrity = offset }
            case .fingerprint:
                guard valueLength == 4 else { return nil }
                fingerprint = offset
            case .username where integrity == nil && username == nil:
                username = valueStart..<(valueStart + valueLength)
            case .useCandidate where integrity == nil:
                useCandidate = true
            default:
                break
            }
            offset = valueStart + ((valueLength + 3) & ~3)
        }
        guard let username, let integrity, let fingerprint else { return nil }
        return Found(username: username, integrity: integrity, fingerprint: fingerprint, useCandidate: useCandidate)
    }

    /// The header with its length field set to `length` (RFC 8489 §14.5, §14.7: the length a
    /// checksum covers counts up to the end of its own attribute).
    private static func header(_ bytes: UnsafeRawBufferPointer, length: Int) -> (UInt64, UInt64, UInt32) {
        var header = (UInt64(0), UInt64(0), UInt32(0))
        withUnsafeMutableBytes(of: &header) { copy in
            copy.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<STUNMessage.headerLength]))
            copy[2] = UInt8(truncatingIfNeeded: length >> 8)
            copy[3] = UInt8(truncatingIfNeeded: length)
        }
        return header
    }

    /// CRC-32 of everything before FINGERPRINT, XOR 0x5354554e (RFC 8489 §14.7).
    private static func fingerprint(of bytes: UnsafeRawBufferPointer, before offset: Int) -> UInt32 {
        var header = Self.header(bytes, length: offset + 8 - STUNMessage.headerLength)
        var crc = withUnsafeBytes(of: &header) { CRC32.update(CRC32.start, UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
        crc = CRC32.update(crc, UnsafeRawBufferPointer(rebasing: bytes[STUNMessage.headerLength..<offset]))
        return CRC32.finish(crc) ^ STUNMessage.fingerprintXOR
    }

    private func fingerprintMatches(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        Self.fingerprint(of: bytes, before: offset) == bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).bigEndian
    }

    /// HMAC-SHA1 of everything before MESSAGE-INTEGRITY (RFC 8489 §14.5) into `digest`.
    private func integrity(of bytes: UnsafeRawBufferPointer, before offset: Int, into digest: UnsafeMutableRawPointer) {
        var header = Self.header(bytes, length: offset + 24 - STUNMessage.headerLength)
        withUnsafeBytes(of: &header) { header in
            let rest = UnsafeRawBufferPointer(rebasing: bytes[STUNMessage.headerLength..<offset])
            cshim_hmac_sha1_digest(hmac, header.baseAddress!.assumingMemoryBound(to: UInt8.self), STUNMessage.headerLength,
                                   rest.baseAddress?.assumingMemoryBound(to: UInt8.self), rest.count,
                                   digest.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Compared in constant time, so a forger learns nothing byte by byte.
    private func integrityMatches(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var digest = (UInt64(0), UInt64(0), UInt32(0))
        return withUnsafeMutableBytes(of: &digest) { digest in
            integrity(of: bytes, before: offset, into: digest.baseAddress!)
            var difference: UInt8 = 0
            for index in 0..<20 { difference |= digest[index] ^ bytes[offset + 4 + index] }
            return difference == 0
        }
    }

    /// RFC 8489 §7.3.1: a success response with the request's transaction ID and
    /// XOR-MAPPED-ADDRESS (§14.2), then MESSAGE-INTEGRITY and FINGERPRINT (RFC 8445 §7.3.1.5).
    private func writeResponse(to request: UnsafeRawBufferPointer, address: UnsafeRawBufferPointer, port: UInt16,
                               into out: UnsafeMutableRawBufferPointer) -> Int {
        func put16(_ value: UInt16, at offset: Int) {
            out[offset] = UInt8(truncatingIfNeeded: value >> 8)
            out[offset + 1] = UInt8(truncatingIfNeeded: value)
        }
        func put32(_ value: UInt32, at offset: Int) {
            put16(UInt16(truncatingIfNeeded: value >> 16), at: offset)
            put16(UInt16(truncatingIfNeeded: value), at: offset + 2)
        }
        put16(0x0101, at: 0)    // Binding success response
        put32(STUNMessage.magicCookie, at: 4)
        for index in 8..<20 { out[index] = request[index] }
        // XOR-MAPPED-ADDRESS: the port XOR the cookie's high half, the address XOR the cookie
        // and then the transaction ID.
        var offset = STUNMessage.headerLength
        put16(STUNAttributeType.xorMappedAddress.rawValue, at: offset)
        put16(UInt16(4 + address.count), at: offset + 2)
        out[offset + 4] = 0
        out[offset + 5] = address.count == 4 ? 0x01 : 0x02
        put16(port ^ UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16), at: offset + 6)
        for index in 0..<address.count { out[offset + 8 + index] = address[index] ^ out[4 + index] }
        offset += 8 + address.count
        // MESSAGE-INTEGRITY over what is written so far.
        let written = UnsafeRawBufferPointer(out)
        put16(STUNAttributeType.messageIntegrity.rawValue, at: offset)
        put16(20, at: offset + 2)
        integrity(of: written, before: offset, into: out.baseAddress! + offset + 4)
        offset += 24
        // FINGERPRINT over all of it.
        put16(STUNAttributeType.fingerprint.rawValue, at: offset)
        put16(4, at: offset + 2)
        put32(Self.fingerprint(of: written, before: offset), at: offset + 4)
        offset += 8
        put16(UInt16(offset - STUNMessage.headerLength), at: 2)
        return offset
    }
}
