import CShims

/// The session keys of one direction, derived from its master key and salt (RFC 3711
/// §4.3.1 with a key derivation rate of 0, as DTLS-SRTP uses; RFC 7714 §11 for GCM, whose
/// 96-bit salts go through the same AES-CM PRF).
struct SRTPSessionKeys {
    struct Keys {
        var encryption: [UInt8]
        /// HMAC-SHA1 key (160 bits) for AES-CM; empty for GCM, which authenticates by itself.
        var authentication: [UInt8]
        var salt: [UInt8]
    }

    let rtp: Keys
    let rtcp: Keys

    /// RFC 3711 §4.3.2: the labels of the six session values.
    enum Label: UInt8 {
        case rtpEncryption = 0, rtpAuthentication, rtpSalt
        case rtcpEncryption, rtcpAuthentication, rtcpSalt
    }

    init(profile: SRTPProfile, masterKeyAndSalt: [UInt8]) throws(SRTPError) {
        guard masterKeyAndSalt.count == profile.keyLength + profile.saltLength else { throw .badKeyLength }
        let key = Array(masterKeyAndSalt[..<profile.keyLength])
        let salt = Array(masterKeyAndSalt[profile.keyLength...])
        let authenticationLength = profile == .aes128CmHmacSha1_80 ? 20 : 0
        func keys(_ encryption: Label, _ authentication: Label, _ sessionSalt: Label) throws(SRTPError) -> Keys {
            Keys(encryption: try Self.derive(encryption, masterKey: key, masterSalt: salt, length: profile.keyLength),
                 authentication: try Self.derive(authentication, masterKey: key, masterSalt: salt,
                                                 length: authenticationLength),
                 salt: try Self.derive(sessionSalt, masterKey: key, masterSalt: salt, length: profile.saltLength))
        }
        rtp = try keys(.rtpEncryption, .rtpAuthentication, .rtpSalt)
        rtcp = try keys(.rtcpEncryption, .rtcpAuthentication, .rtcpSalt)
    }

    /// RFC 3711 §4.3.1: x = key_id XOR master_salt, where key_id = label || r (r = 0 here) is
    /// 56 bits aligned with the salt's low end: the label lands on the salt's eighth byte.
    /// The PRF is the AES-CM keystream under the master key from IV = x · 2^16 (§4.3.3); a
    /// 96-bit GCM salt takes the same place, its last 16 bits zero.
    static func derive(_ label: Label, masterKey: [UInt8], masterSalt: [UInt8], length: Int) throws(SRTPError) -> [UInt8] {
        guard length > 0 else { return [] }
        var iv = [UInt8](repeating: 0, count: 16)
        for (index, byte) in masterSalt.prefix(14).enumerated() { iv[index] = byte }
        iv[7] ^= label.rawValue
        guard let context = masterKey.withUnsafeBufferPointer({ cshim_aes128_context(0, 1, $0.baseAddress) }) else {
            throw .initFailed
        }
        defer { cshim_cipher_context_free(context) }
        var output = [UInt8](repeating: 0, count: length)
        let done = output.withUnsafeMutableBufferPointer { out in
            cshim_aes_ctr_xor(context, iv, out.baseAddress, Int32(length))
        }
        guard done == 1 else { throw .initFailed }
        return output
    }
}
