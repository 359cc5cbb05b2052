import CShims
import COpenSSL

/// One direction's SRTP and SRTCP transforms: its session keys in OpenSSL contexts made
/// once, so that sealing or opening a packet allocates nothing.
///
/// Wire layouts (in place; `capacity` must leave room for the trailer):
/// - SRTP, AES-CM (RFC 3711 §3.1): header | payload XOR keystream | 80-bit HMAC-SHA1 tag over
///   header, encrypted payload and the rollover counter (§4.2).
/// - SRTP, GCM (RFC 7714 §8): header (associated data) | encrypted payload | 128-bit tag.
/// - SRTCP, AES-CM (RFC 3711 §3.4): first 8 bytes | encrypted rest | E-flag and 31-bit
///   index | tag over everything before it.
/// - SRTCP, GCM (RFC 7714 §9): first 8 bytes | encrypted rest | tag | E-flag and index; the
///   associated data is the first 8 bytes and the E-flag/index word.
final class SRTPCipher {
    let profile: SRTPProfile
    private let rtpContext: OpaquePointer
    private let rtcpContext: OpaquePointer
    private let rtpMAC: OpaquePointer?
    private let rtcpMAC: OpaquePointer?
    /// One cache-aligned block every packet reads: the IV being built, the RTP and RTCP
    /// session salts (zero-padded to 16 bytes), then room for associated data or an expected
    /// tag. Kept together, beside the object rather than in arrays of their own, so a packet
    /// touches one line of it, not three allocations.
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 64)
    private static let rtpSaltOffset = 16
    private static let rtcpSaltOffset = 32
    /// Associated data (12 bytes) or an expected HMAC-SHA1 digest (20).
    private static let workOffset = 48
    private var rtpSalt: UnsafeRawPointer { UnsafeRawPointer(scratch.baseAddress! + Self.rtpSaltOffset) }
    private var rtcpSalt: UnsafeRawPointer { UnsafeRawPointer(scratch.baseAddress! + Self.rtcpSaltOffset) }
    private var work: UnsafeMutableRawPointer { scratch.baseAddress! + Self.workOffset }

    private var isGCM: Bool { profile == .aeadAes128Gcm }
    var tagLength: Int { isGCM ? 16 : 10 }

    init(profile: SRTPProfile, masterKeyAndSalt: [UInt8], encrypting: Bool) throws(SRTPError) {
        let keys = try SRTPSessionKeys(profile: profile, masterKeyAndSalt: masterKeyAndSalt)
        self.profile = profile
        let gcm: Int32 = profile == .aeadAes128Gcm ? 1 : 0
        // Counter mode is the same both ways; GCM's direction decides seal or open.
        let direction: Int32 = gcm == 1 && !encrypting ? 0 : 1
        func context(_ key: [UInt8]) -> OpaquePointer? {
            key.withUnsafeBufferPointer { cshim_aes128_context(gcm, direction, $0.baseAddress) }
        }
        guard let rtp = context(keys.rtp.encryption) else { throw .initFailed }
        guard let rtcp = context(keys.rtcp.encryption) else {
            cshim_cipher_context_free(rtp)
            throw .initFailed
        }
        rtpContext = rtp
        rtcpContext = rtcp
        if gcm == 1 {
            rtpMAC = nil
            rtcpMAC = nil
        } else {
            rtpMAC = Self.mac(key: keys.rtp.authentication)
            rtcpMAC = Self.mac(key: keys.rtcp.authentication)
        }
        // Salts are 14 bytes (AES-CM, RFC 3711 §8.2) or 12 (GCM, RFC 7714 §12).
        scratch.initializeMemory(as: UInt8.self, repeating: 0)
        for (salt, offset) in [(keys.rtp.salt, Self.rtpSaltOffset), (keys.rtcp.salt, Self.rtcpSaltOffset)] {
            salt.withUnsafeBytes { (scratch.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: min(16, $0.count)) }
        }
    }

    deinit {
        cshim_cipher_context_free(rtpContext)
        cshim_cipher_context_free(rtcpContext)
        for mac in [rtpMAC, rtcpMAC] {
            guard let mac else { continue }
            cshim_hmac_sha1_clear(mac)
            UnsafeMutableRawPointer(mac).deallocate()
        }
        scratch.initializeMemory(as: UInt8.self, repeating: 0)
        scratch.deallocate()
    }

    private static func mac(key: [UInt8]) -> OpaquePointer {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: cshim_hmac_sha1_size(), alignment: 16)
        let mac = OpaquePointer(storage)
        key.withUnsafeBufferPointer { cshim_hmac_sha1_init(mac, $0.baseAddress, key.count) }
        return mac
    }

    // MARK: SRTP

    /// Encrypts the payload after `headerLength` and appends the tag; returns the new length.
    func sealRTP(_ packet: UnsafeMutableRawPointer, headerLength: Int, length: Int, ssrc: UInt32,
                 rollover: UInt32, sequence: UInt16) -> Int? {
        let payload = packet + headerLength, payloadLength = length - headerLength
        if isGCM {
            let iv = gcmRTPIV(ssrc: ssrc, rollover: rollover, sequence: sequence)
            let ok = cshim_aes_gcm_seal(rtpContext, iv, packet, Int32(headerLength), payload, Int32(payloadLength),
                                        packet + length)
            return ok == 1 ? length + 16 : nil
        }
        let iv = counterIV(salt: rtpSalt, ssrc: ssrc, index: SRTPRollover.index(sequence, period: rollover))
        guard cshim_aes_ctr_xor(rtpContext, iv, payload, Int32(payloadLength)) == 1, let rtpMAC else { return nil }
        rtpTag(rtpMAC, packet, length: length, rollover: rollover, into: packet + length)
        return length + 10
    }

    /// Checks the tag of a packet of `length` bytes and decrypts it; returns the plain length.
    func openRTP(_ packet: UnsafeMutableRawPointer, headerLength: Int, length: Int, ssrc: UInt32,
                 rollover: UInt32, sequence: UInt16) -> Int? {
        let plainLength = length - tagLength
        guard plainLength >= headerLength else { return nil }
        let payload = packet + headerLength, payloadLength = plainLength - headerLength
        if isGCM {
            let iv = gcmRTPIV(ssrc: ssrc, rollover: rollover, sequence: sequence)
            let ok = cshim_aes_gcm_open(rtpContext, iv, packet, Int32(headerLength), payload, Int32(payloadLength),
                                        packet + plainLength)
            return ok == 1 ? plainLength : nil
        }
        guard let rtpMAC else { return nil }
        let expected = work
        rtpTag(rtpMAC, packet, length: plainLength, rollover: rollover, into: expected)
        guard Self.constantTimeEqual(expected, packet + plainLength, count: 10) else { return nil }
        let iv = counterIV(salt: rtpSalt, ssrc: ssrc, index: SRTPRollover.index(sequence, period: rollover))
        guard cshim_aes_ctr_xor(rtpContext, iv, payload, Int32(payloadLength)) == 1 else { return nil }
        return plainLength
    }

    // MARK: SRTCP

    /// Encrypts everything after the first 8 bytes, appends the E-flag/index word and the
    /// tag in the profile's order; returns the new length.
    func sealRTCP(_ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32) -> Int? {
        let body = packet + 8, bodyLength = length - 8
        let word = 0x8000_0000 | index
        if isGCM {
            let aad = work
            aad.copyMemory(from: packet, byteCount: 8)
            Self.storeBigEndian(word, at: aad + 8)
            let iv = gcmRTCPIV(ssrc: ssrc, index: index)
            guard cshim_aes_gcm_seal(rtcpContext, iv, aad.assumingMemoryBound(to: UInt8.self), 12, body,
                                     Int32(bodyLength), packet + length) == 1 else { return nil }
            Self.storeBigEndian(word, at: packet + length + 16)
            return length + 20
        }
        let iv = counterIV(salt: rtcpSalt, ssrc: ssrc, index: Int64(index))
        guard cshim_aes_ctr_xor(rtcpContext, iv, body, Int32(bodyLength)) == 1, let rtcpMAC else { return nil }
        Self.storeBigEndian(word, at: packet + length)
        var digest = (UInt64(0), UInt64(0), UInt32(0))
        withUnsafeMutableBytes(of: &digest) { out in
            cshim_hmac_sha1_digest(rtcpMAC, packet.assumingMemoryBound(to: UInt8.self), length + 4, nil, 0,
                            out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            (packet + length + 4).copyMemory(from: out.baseAddress!, byteCount: 10)
        }
        return length + 14
    }

    /// The SRTCP index and E-flag of a protected packet, read before it is opened.
    func rtcpTrailer(_ packet: UnsafeRawPointer, length: Int) -> (encrypted: Bool, index: UInt32)? {
        let trailerLength = isGCM ? 20 : 14
        guard length >= 8 + trailerLength else { return nil }
        let wordOffset = isGCM ? length - 4 : length - 14
        let word = Self.loadBigEndian(packet + wordOffset)
        return (word & 0x8000_0000 != 0, word & 0x7FFF_FFFF)
    }

    /// Checks and decrypts an SRTCP packet; returns the plain RTCP length.
    func openRTCP(_ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, encrypted: Bool, index: UInt32) -> Int? {
        if isGCM {
            let plainLength = length - 20
            let aad = work
            aad.copyMemory(from: packet, byteCount: 8)
            (aad + 8).copyMemory(from: packet + length - 4, byteCount: 4)
            let iv = gcmRTCPIV(ssrc: ssrc, index: index)
            // RFC 7714 §9.3 lets a sender leave SRTCP unencrypted (E-flag clear, the whole
            // packet as associated data); browsers always encrypt, so such packets are refused.
            guard encrypted else { return nil }
            guard cshim_aes_gcm_open(rtcpContext, iv, aad.assumingMemoryBound(to: UInt8.self), 12, packet + 8,
                                     Int32(plainLength - 8), packet + plainLength) == 1 else { return nil }
            return plainLength
        }
        guard let rtcpMAC else { return nil }
        let plainLength = length - 14
        let expected = work
        cshim_hmac_sha1_digest(rtcpMAC, packet.assumingMemoryBound(to: UInt8.self), plainLength + 4, nil, 0,
                        expected.assumingMemoryBound(to: UInt8.self))
        guard Self.constantTimeEqual(expected, packet + plainLength + 4, count: 10) else { return nil }
        if encrypted {
            let iv = counterIV(salt: rtcpSalt, ssrc: ssrc, index: Int64(index))
            guard cshim_aes_ctr_xor(rtcpContext, iv, packet + 8, Int32(plainLength - 8)) == 1 else { return nil }
        }
        return plainLength
    }

    // MARK: IVs and tags

    /// RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16), 16 bytes (the
    /// 14-byte salt's last two bytes of padding are the zeros of k_s · 2^16).
    private func counterIV(salt: UnsafeRawPointer, ssrc: UInt32, index: Int64) -> UnsafeMutablePointer<UInt8> {
        let iv = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
        UnsafeMutableRawPointer(iv).copyMemory(from: salt, byteCount: 16)
        for shift in 0..<4 { iv[4 + shift] ^= UInt8(truncatingIfNeeded: ssrc >> (24 - 8 * UInt32(shift))) }
        for shift in 0..<6 { iv[8 + shift] ^= UInt8(truncatingIfNeeded: index >> (40 - 8 * Int64(shift))) }
        return iv
    }

    /// RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt, 12 bytes.
    private func gcmRTPIV(ssrc: UInt32, rollover: UInt32, sequence: UInt16) -> UnsafeMutablePointer<UInt8> {
        let iv = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
        iv[0] = 0
        iv[1] = 0
        Self.storeBigEndian(ssrc, at: UnsafeMutableRawPointer(iv + 2))
        Self.storeBigEndian(rollover, at: UnsafeMutableRawPointer(iv + 6))
        iv[10] = UInt8(sequence >> 8)
        iv[11] = UInt8(truncatingIfNeeded: sequence)
        Self.xor12(iv, with: rtpSalt)
        return iv
    }

    /// RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.
    private func gcmRTCPIV(ssrc: UInt32, index: UInt32) -> UnsafeMutablePointer<UInt8> {
        let iv = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
        iv[0] = 0
        iv[1] = 0
        Self.storeBigEndian(ssrc, at: UnsafeMutableRawPointer(iv + 2))
        iv[6] = 0
        iv[7] = 0
        Self.storeBigEndian(index & 0x7FFF_FFFF, at: UnsafeMutableRawPointer(iv + 8))
        Self.xor12(iv, with: rtcpSalt)
        return iv
    }

    /// XORs the first 12 bytes of `iv` with `salt`, eight and four at a time.
    @inline(__always)
    private static func xor12(_ iv: UnsafeMutablePointer<UInt8>, with salt: UnsafeRawPointer) {
        let target = UnsafeMutableRawPointer(iv)
        target.storeBytes(of: target.loadUnaligned(as: UInt64.self) ^ salt.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: target.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
                            ^ salt.loadUnaligned(fromByteOffset: 8, as: UInt32.self), toByteOffset: 8, as: UInt32.self)
    }

    /// RFC 3711 §4.2: HMAC-SHA1 over the packet and the rollover counter, cut to 80 bits.
    private func rtpTag(_ mac: OpaquePointer, _ packet: UnsafeMutableRawPointer, length: Int, rollover: UInt32,
                        into tag: UnsafeMutableRawPointer) {
        var roc = rollover.bigEndian
        var digest = (UInt64(0), UInt64(0), UInt32(0))
        withUnsafeBytes(of: &roc) { rocBytes in
            withUnsafeMutableBytes(of: &digest) { out in
                cshim_hmac_sha1_digest(mac, packet.assumingMemoryBound(to: UInt8.self), length,
                                rocBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), 4,
                                out.baseAddress!.assumingMemoryBound(to: UInt8.self))
                tag.copyMemory(from: out.baseAddress!, byteCount: 10)
            }
        }
    }

    private static func constantTimeEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        var difference: UInt8 = 0
        for offset in 0..<count { difference |= a.load(fromByteOffset: offset, as: UInt8.self) ^ b.load(fromByteOffset: offset, as: UInt8.self) }
        return difference == 0
    }

    static func storeBigEndian(_ value: UInt32, at pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: value.bigEndian, as: UInt32.self)
    }

    static func loadBigEndian(_ pointer: UnsafeRawPointer) -> UInt32 {
        UInt32(bigEndian: pointer.loadUnaligned(as: UInt32.self))
    }
}
