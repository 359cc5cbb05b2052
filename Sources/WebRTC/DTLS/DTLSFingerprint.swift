import COpenSSL

/// A certificate fingerprint as carried by `a=fingerprint` (RFC 8122 §5):
/// a hash function name and the digest of the DER certificate.
struct DTLSFingerprint: Sendable, Equatable {
    enum Algorithm: String, Sendable, CaseIterable {
        case sha1 = "sha-1", sha224 = "sha-224", sha256 = "sha-256", sha384 = "sha-384", sha512 = "sha-512"

        var digestLength: Int {
            switch self {
            case .sha1: return 20
            case .sha224: return 28
            case .sha256: return 32
            case .sha384: return 48
            case .sha512: return 64
            }
        }

        var evp: OpaquePointer? {
            switch self {
            case .sha1: return EVP_sha1()
            case .sha224: return EVP_sha224()
            case .sha256: return EVP_sha256()
            case .sha384: return EVP_sha384()
            case .sha512: return EVP_sha512()
            }
        }
    }

    let algorithm: Algorithm
    let digest: [UInt8]

    init(algorithm: Algorithm, digest: [UInt8]) {
        self.algorithm = algorithm
        self.digest = digest
    }

    /// Parses the SDP form. RFC 8122 §5 writes upper-case hex pairs joined
    /// by ':'; hash names and hex digits are compared case-insensitively.
    init(algorithm name: String, value: String) throws(DTLSError) {
        guard let algorithm = Algorithm(rawValue: name.lowercased()) else {
            throw DTLSError(.invalidFingerprint, "unsupported hash function '\(name)'")
        }
        let pairs = value.split(separator: ":", omittingEmptySubsequences: false)
        var digest: [UInt8] = []
        for pair in pairs {
            guard pair.count == 2, pair.allSatisfy(\.isHexDigit), let byte = UInt8(pair, radix: 16) else {
                throw DTLSError(.invalidFingerprint, "'\(value)' is not hex pairs joined by ':'")
            }
            digest.append(byte)
        }
        guard digest.count == algorithm.digestLength else {
            throw DTLSError(.invalidFingerprint,
                            "\(name) digest has \(digest.count) bytes, expected \(algorithm.digestLength)")
        }
        self.init(algorithm: algorithm, digest: digest)
    }

    /// The digest of an OpenSSL `X509` certificate with `algorithm`.
    static func of(certificate: OpaquePointer, algorithm: Algorithm) -> DTLSFingerprint? {
        var buffer = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, algorithm.evp, &buffer, &length) == 1 else { return nil }
        return DTLSFingerprint(algorithm: algorithm, digest: Array(buffer.prefix(Int(length))))
    }

    /// Upper-case hex pairs joined by ':' (RFC 8122 §5).
    var text: String { DTLSFingerprint.format(digest) }

    static func format(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        return digest.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]]) }.joined(separator: ":")
    }
}
