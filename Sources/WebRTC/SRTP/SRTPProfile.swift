/// The DTLS-SRTP protection profiles the gateway negotiates (RFC 5764 §4.1.2,
/// RFC 7714 §14.2).
public enum SRTPProfile: Sendable, Hashable, CaseIterable {
    /// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES-128 counter mode and an
    /// 80-bit HMAC-SHA1 tag.
    case aes128CmHmacSha1_80
    /// SRTP_AEAD_AES_128_GCM (RFC 7714): AES-128-GCM with a 16-byte tag.
    case aeadAes128Gcm

    /// The two-byte profile identifier in the use_srtp extension.
    public var dtlsProfileID: UInt16 {
        switch self {
        case .aes128CmHmacSha1_80: return 0x0001
        case .aeadAes128Gcm: return 0x0007
        }
    }

    public init?(dtlsProfileID: UInt16) {
        switch dtlsProfileID {
        case 0x0001: self = .aes128CmHmacSha1_80
        case 0x0007: self = .aeadAes128Gcm
        default: return nil
        }
    }

    /// The profile name OpenSSL uses in its use_srtp profile list.
    var openSSLName: String {
        switch self {
        case .aes128CmHmacSha1_80: return "SRTP_AES128_CM_SHA1_80"
        case .aeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM"
        }
    }

    /// Master key length in bytes.
    public var keyLength: Int { 16 }

    /// Master salt length in bytes (RFC 3711 §8.2: 112 bits; RFC 7714 §12: 96 bits).
    public var saltLength: Int {
        switch self {
        case .aes128CmHmacSha1_80: return 14
        case .aeadAes128Gcm: return 12
        }
    }

    /// Bytes `SRTPSession.protectRTP` appends: the authentication tag.
    public var rtpOverhead: Int {
        switch self {
        case .aes128CmHmacSha1_80: return 10
        case .aeadAes128Gcm: return 16
        }
    }

    /// Bytes `SRTPSession.protectRTCP` appends: the E-flag/SRTCP index word
    /// (RFC 3711 §3.4) and the authentication tag.
    public var rtcpOverhead: Int { 4 + rtpOverhead }
}

/// Keys for one SRTP session, already split by direction.
///
/// RFC 5764 §4.2: the exported keying material is laid out as client write
/// key, server write key, client write salt, server write salt. Each side
/// protects what it sends with its own half and unprotects what it receives
/// with the peer's half.
public struct SRTPKeyingMaterial: Sendable, Equatable {
    public let profile: SRTPProfile
    /// Master key followed by master salt, used to protect outgoing packets.
    public let localKeyAndSalt: [UInt8]
    /// Master key followed by master salt, used to unprotect incoming packets.
    public let remoteKeyAndSalt: [UInt8]

    public init(profile: SRTPProfile, localKeyAndSalt: [UInt8], remoteKeyAndSalt: [UInt8]) {
        self.profile = profile
        self.localKeyAndSalt = localKeyAndSalt
        self.remoteKeyAndSalt = remoteKeyAndSalt
    }

    /// Total bytes to export with the label "EXTRACTOR-dtls_srtp".
    public static func exportLength(for profile: SRTPProfile) -> Int {
        2 * (profile.keyLength + profile.saltLength)
    }

    /// Splits exported keying material (RFC 5764 §4.2) for the side that was
    /// the DTLS server (`isServer`) or client. Nil if `exported` has the wrong length.
    public init?(profile: SRTPProfile, exported: [UInt8], isServer: Bool) {
        let keyLength = profile.keyLength, saltLength = profile.saltLength
        guard exported.count == SRTPKeyingMaterial.exportLength(for: profile) else { return nil }
        let clientKey = exported[0..<keyLength]
        let serverKey = exported[keyLength..<(2 * keyLength)]
        let clientSalt = exported[(2 * keyLength)..<(2 * keyLength + saltLength)]
        let serverSalt = exported[(2 * keyLength + saltLength)...]
        let client = Array(clientKey + clientSalt)
        let server = Array(serverKey + serverSalt)
        self.init(
            profile: profile,
            localKeyAndSalt: isServer ? server : client,
            remoteKeyAndSalt: isServer ? client : server)
    }
}

extension SRTPKeyingMaterial: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never prints key bytes, so the material cannot leak into logs.
    public var description: String { "SRTPKeyingMaterial(\(profile), keys redacted)" }
    public var debugDescription: String { description }
}
