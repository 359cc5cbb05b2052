import COpenSSL
import Hashing

/// A self-signed ECDSA P-256 certificate and its private key, used as the
/// gateway's DTLS identity (RFC 8827 §6.5: WebRTC endpoints authenticate by
/// certificate fingerprint, not by a CA chain).
///
/// Immutable after creation: OpenSSL only reads the key and certificate
/// (taking references) when contexts are built, so one certificate may be
/// shared across threads.
public final class DTLSCertificate: @unchecked Sendable {
    /// The `EVP_PKEY` private key.
    let privateKey: OpaquePointer
    /// The `X509` certificate.
    let certificate: OpaquePointer

    /// The certificate in DER form.
    public let der: [UInt8]
    /// SHA-256 of the DER as upper-case hex pairs joined by ':', ready for
    /// `a=fingerprint:sha-256 <fingerprint>` (RFC 8122 §5).
    public let fingerprint: String
    /// The hash function name that goes with `fingerprint`.
    public let fingerprintAlgorithm = "sha-256"

    /// Generates a fresh key pair and a certificate valid from a day ago (to
    /// tolerate peers with slow clocks) for `validityDays` days, with a random
    /// 127-bit serial number. OpenSSL reads the wall clock for the validity window.
    public init(commonName: String = "WebRTC", validityDays: Int = 30) throws(DTLSError) {
        OpenSSLErrors.clear()
        guard let key = DTLSCertificate.generateP256Key() else {
            throw DTLSError(.certificate, OpenSSLErrors.describe("P-256 key generation failed"))
        }
        guard let x509 = X509_new() else {
            EVP_PKEY_free(key)
            throw DTLSError(.certificate, OpenSSLErrors.describe("X509_new failed"))
        }
        guard DTLSCertificate.fill(x509, key: key, commonName: commonName, validityDays: validityDays),
              let der = DTLSCertificate.derBytes(of: x509) else {
            X509_free(x509)
            EVP_PKEY_free(key)
            throw DTLSError(.certificate, OpenSSLErrors.describe("building the certificate failed"))
        }
        self.privateKey = key
        self.certificate = x509
        self.der = der
        self.fingerprint = DTLSFingerprint.format(Hash.sha256.digest(der))
    }

    /// A fresh certificate with the default name and a 30-day validity.
    public static func generate() throws(DTLSError) -> DTLSCertificate {
        try DTLSCertificate()
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    private static func generateP256Key() -> OpaquePointer? {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1,
              EVP_PKEY_keygen(context, &key) == 1 else {
            EVP_PKEY_free(key)
            return nil
        }
        return key
    }

    private static func fill(_ x509: OpaquePointer, key: OpaquePointer, commonName: String, validityDays: Int) -> Bool {
        // X.509 v3 is encoded as version 2.
        guard X509_set_version(x509, 2) == 1 else { return false }

        // RFC 5280 §4.1.2.2: positive serial of at most 20 bytes; 16 random
        // bytes with the top bit cleared.
        var serialBytes = secureRandomBytes(16)
        serialBytes[0] &= 0x7F
        guard let serial = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else { return false }
        defer { BN_free(serial) }
        guard BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x509)) != nil else { return false }

        let day = 86_400
        guard X509_gmtime_adj(X509_getm_notBefore(x509), -day) != nil,
              X509_gmtime_adj(X509_getm_notAfter(x509), max(1, validityDays) * day) != nil,
              X509_set_pubkey(x509, key) == 1 else { return false }

        // Self-signed: subject and issuer are the same name.
        guard let name = X509_get_subject_name(x509) else { return false }
        let commonNameBytes = Array(commonName.utf8)
        guard X509_NAME_add_entry_by_txt(
                name, "CN", MBSTRING_ASC, commonNameBytes, Int32(commonNameBytes.count), -1, 0) == 1,
              X509_set_issuer_name(x509, name) == 1 else { return false }

        return X509_sign(x509, key, EVP_sha256()) > 0
    }

    private static func derBytes(of x509: OpaquePointer) -> [UInt8]? {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(x509, &cursor)
        }
        return written == length ? der : nil
    }
}
