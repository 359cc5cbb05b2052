import CSRTP
@testable import WebRTC

/// libsrtp2 keeps global state (crypto kernel, debug modules) that must be
/// set up once per process before any session is created. A global `let` is
/// initialised lazily and exactly once, even with concurrent first use.
private let srtpLibraryStatus: srtp_err_status_t = srtp_init()

/// libsrtp2, the reference implementation of SRTP, behind `SRTPSession`'s interface: the
/// tests check the gateway's own SRTP against it packet for packet, both ways.
final class LibSRTPSession: @unchecked Sendable {
    let profile: SRTPProfile

    /// The most any protect call adds, over every supported profile (SRTCP
    /// with AEAD_AES_128_GCM: 4-byte index word and 16-byte tag). A buffer
    /// with this much room after the packet fits any protected packet.
    static let maximumOverhead = SRTPProfile.allCases.map(\.rtcpOverhead).max() ?? 20

    /// Separate libsrtp sessions per direction: one session holds only one
    /// wildcard-SSRC template, and the two directions use different keys.
    private let outbound: srtp_t
    private let inbound: srtp_t

    /// - Parameters:
    ///   - replayWindow: packets remembered for replay detection (RFC 3711
    ///     §3.3.2: at least 64). 1024 tolerates about 20 s of reordering at
    ///     50 packets per second.
    ///   - allowRepeatedTransmission: lets the same RTP packet be protected
    ///     twice (retransmission after a NACK). Only safe when a repeated
    ///     sequence number always carries identical payload.
    init(
        keyingMaterial: SRTPKeyingMaterial, replayWindow: Int = 1024,
        allowRepeatedTransmission: Bool = true
    ) throws(SRTPError) {
        guard srtpLibraryStatus == srtp_err_status_ok else { throw SRTPError.initFailed }
        let profile = keyingMaterial.profile
        let expected = profile.keyLength + profile.saltLength
        guard keyingMaterial.localKeyAndSalt.count == expected,
              keyingMaterial.remoteKeyAndSalt.count == expected else { throw .badKeyLength }
        let window = UInt(min(max(replayWindow, 64), 0x7FFF))

        self.profile = profile
        self.outbound = try LibSRTPSession.create(
            profile: profile, keyAndSalt: keyingMaterial.localKeyAndSalt,
            direction: ssrc_any_outbound, window: window, allowRepeat: allowRepeatedTransmission)
        do {
            self.inbound = try LibSRTPSession.create(
                profile: profile, keyAndSalt: keyingMaterial.remoteKeyAndSalt,
                direction: ssrc_any_inbound, window: window, allowRepeat: false)
        } catch {
            srtp_dealloc(outbound)
            throw error
        }
    }

    deinit {
        srtp_dealloc(outbound)
        srtp_dealloc(inbound)
    }

    private static func create(
        profile: SRTPProfile, keyAndSalt: [UInt8], direction: srtp_ssrc_type_t,
        window: UInt, allowRepeat: Bool
    ) throws(SRTPError) -> srtp_t {
        var policy = srtp_policy_t()
        switch profile {
        case .aes128CmHmacSha1_80:
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aeadAes128Gcm:
            // RFC 7714 §14.2: AEAD_AES_128_GCM uses a 16-byte tag.
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        }
        policy.ssrc.type = direction
        policy.window_size = window
        policy.allow_repeat_tx = allowRepeat ? 1 : 0
        policy.next = nil

        var session: srtp_t?
        var key = keyAndSalt   // srtp_create copies the key; this copy lives through the call
        let status = key.withUnsafeMutableBufferPointer { buffer in
            policy.key = buffer.baseAddress
            return srtp_create(&session, &policy)
        }
        guard status == srtp_err_status_ok, let created = session else {
            throw LibSRTPSession.error(status)
        }
        return created
    }

    // MARK: - Per-packet operations

    /// Encrypts and authenticates the RTP packet in `packet[0..<length]`;
    /// returns the new length (`length + profile.rtpOverhead`).
    func protectRTP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int) throws(SRTPError) -> Int {
        var newLength = try LibSRTPSession.checked(length, capacity, minimum: 12, overhead: profile.rtpOverhead)
        return try LibSRTPSession.result(srtp_protect(outbound, packet, &newLength), newLength)
    }

    /// Verifies and decrypts the SRTP packet in `packet[0..<length]`; returns
    /// the length of the plain RTP packet. Unprotecting only shrinks a
    /// packet, so `capacity` may be left out.
    func unprotectRTP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int? = nil) throws(SRTPError) -> Int {
        var newLength = try LibSRTPSession.checked(length, capacity ?? length, minimum: 12, overhead: 0)
        return try LibSRTPSession.result(srtp_unprotect(inbound, packet, &newLength), newLength)
    }

    /// Encrypts and authenticates the compound RTCP packet in
    /// `packet[0..<length]`; returns the new length (`length + profile.rtcpOverhead`).
    func protectRTCP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int) throws(SRTPError) -> Int {
        var newLength = try LibSRTPSession.checked(length, capacity, minimum: 8, overhead: profile.rtcpOverhead)
        return try LibSRTPSession.result(srtp_protect_rtcp(outbound, packet, &newLength), newLength)
    }

    /// Verifies and decrypts the SRTCP packet in `packet[0..<length]`;
    /// returns the length of the plain RTCP packet (`capacity` may be left out).
    func unprotectRTCP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int? = nil) throws(SRTPError) -> Int {
        var newLength = try LibSRTPSession.checked(length, capacity ?? length, minimum: 8, overhead: 0)
        return try LibSRTPSession.result(srtp_unprotect_rtcp(inbound, packet, &newLength), newLength)
    }

    /// libsrtp2 trusts the length it is given and writes the trailer past it,
    /// so lengths are checked against the caller's buffer first.
    @inline(__always)
    private static func checked(_ length: Int, _ capacity: Int, minimum: Int, overhead: Int) throws(SRTPError) -> Int32 {
        guard length >= minimum, length <= capacity, length <= Int(Int32.max) - overhead else {
            throw .malformed
        }
        guard capacity - length >= overhead else { throw .bufferTooSmall(needed: overhead) }
        return Int32(length)
    }

    @inline(__always)
    private static func result(_ status: srtp_err_status_t, _ newLength: Int32) throws(SRTPError) -> Int {
        guard status == srtp_err_status_ok else { throw LibSRTPSession.error(status) }
        return Int(newLength)
    }

    static func error(_ status: srtp_err_status_t) -> SRTPError {
        switch status {
        case srtp_err_status_auth_fail: return .authFail
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: return .replay
        default: return .cryptoFailed
        }
    }
}
