import COpenSSL

/// Message digests and HMAC used by SIP digest authentication (RFC 7616),
/// STUN message integrity (RFC 8489 §14.5) and DTLS fingerprints (RFC 8122 §5).
///
/// Thin wrapper over OpenSSL's one-shot EVP functions; no C type leaks out.
public enum Hash: Sendable {
    case md5, sha1, sha256

    private var evp: OpaquePointer? {
        switch self {
        case .md5: return EVP_md5()
        case .sha1: return EVP_sha1()
        case .sha256: return EVP_sha256()
        }
    }

    public var length: Int {
        switch self {
        case .md5: return 16
        case .sha1: return 20
        case .sha256: return 32
        }
    }

    /// The digest of `bytes`.
    public func digest<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLen: UInt32 = 0
        let ok: Int32 = bytes.withContiguousStorageIfAvailable { buf in
            EVP_Digest(buf.baseAddress, buf.count, &out, &outLen, evp, nil)
        } ?? Array(bytes).withUnsafeBufferPointer { buf in
            EVP_Digest(buf.baseAddress, buf.count, &out, &outLen, evp, nil)
        }
        precondition(ok == 1, "EVP_Digest failed")
        return Array(out.prefix(Int(outLen)))
    }

    /// HMAC of `bytes` keyed with `key` (RFC 2104).
    public func hmac<K: Collection, C: Collection>(key: K, _ bytes: C) -> [UInt8]
    where K.Element == UInt8, C.Element == UInt8 {
        let key = Array(key)
        let data = Array(bytes)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLen: UInt32 = 0
        let result = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                HMAC(evp, k.baseAddress, Int32(k.count), d.baseAddress, d.count, &out, &outLen)
            }
        }
        precondition(result != nil, "HMAC failed")
        return Array(out.prefix(Int(outLen)))
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, as SIP digest responses are written (RFC 7616 §3.4.1).
    public var hexString: String {
        var s = ""
        for b in self {
            s += String(b >> 4, radix: 16) + String(b & 0x0f, radix: 16)
        }
        return s
    }
}

/// Cryptographically secure random bytes (OpenSSL RAND_bytes).
public func secureRandomBytes(_ count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    let rc = RAND_bytes(&out, Int32(count))
    precondition(rc == 1, "RAND_bytes failed")
    return out
}

/// A random token of `length` characters from an alphabet safe in SIP tags,
/// ICE ufrags/passwords (RFC 8839 §5.4 ice-char) and URLs.
public func randomToken(length: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    // 62 symbols: reject bytes >= 248 to keep the distribution uniform.
    var chars: [Character] = []
    chars.reserveCapacity(length)
    while chars.count < length {
        for b in secureRandomBytes(length) where b < 248 && chars.count < length {
            chars.append(alphabet[Int(b) % 62])
        }
    }
    return String(chars)
}
