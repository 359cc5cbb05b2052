import COpenSSL
import CShims

/// An OpenSSL `SSL_CTX` configured for DTLS-SRTP with one certificate; any
/// number of `DTLSEndpoint`s can be created from it.
///
/// Immutable after `init`: OpenSSL allows creating sessions from a fully
/// configured context on several threads at once.
public final class DTLSContext: @unchecked Sendable {
    public let certificate: DTLSCertificate
    /// The profiles offered in use_srtp, most preferred first.
    public let srtpProfiles: [SRTPProfile]
    let context: OpaquePointer

    /// RFC 5764 §4.1.2 / RFC 7714 §14.2: offer GCM first, keep
    /// AES_CM_128_HMAC_SHA1_80 which every WebRTC browser supports.
    public static let defaultSRTPProfiles: [SRTPProfile] = [.aeadAes128Gcm, .aes128CmHmacSha1_80]

    public init(certificate: DTLSCertificate, srtpProfiles: [SRTPProfile] = DTLSContext.defaultSRTPProfiles) throws(DTLSError) {
        OpenSSLErrors.clear()
        guard !srtpProfiles.isEmpty else { throw DTLSError(.setup, "no SRTP profile to offer") }
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw DTLSError(.setup, OpenSSLErrors.describe("SSL_CTX_new failed"))
        }
        self.certificate = certificate
        self.srtpProfiles = srtpProfiles
        self.context = context   // from here on, deinit frees it if a step below throws

        // WebRTC requires DTLS 1.2 (RFC 8827 §6.5); 1.0 is obsolete (RFC 8996).
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(DTLS1_2_VERSION), nil) == 1 else {
            throw DTLSError(.setup, OpenSSLErrors.describe("cannot require DTLS 1.2"))
        }
        guard SSL_CTX_use_certificate(context, certificate.certificate) == 1,
              SSL_CTX_use_PrivateKey(context, certificate.privateKey) == 1,
              SSL_CTX_check_private_key(context) == 1 else {
            throw DTLSError(.setup, OpenSSLErrors.describe("cannot install the certificate"))
        }

        // Ask the peer for its certificate but accept whatever it presents:
        // it is self-signed, and `DTLSEndpoint` checks its digest against
        // `a=fingerprint` once the handshake is done (RFC 5763 §5).
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) { _, _ in 1 }

        // The use_srtp extension (RFC 5764 §4.1.1). Returns 0 on success.
        let profiles = srtpProfiles.map(\.openSSLName).joined(separator: ":")
        guard SSL_CTX_set_tlsext_use_srtp(context, profiles) == 0 else {
            throw DTLSError(.setup, OpenSSLErrors.describe("cannot offer SRTP profiles \(profiles)"))
        }

        // Memory BIOs have no path MTU to discover: endpoints set a fixed MTU.
        // Every association is a fresh handshake whose only product is the
        // exported SRTP keys: no session tickets or cache (which would grow
        // with every call on a shared context), no renegotiation.
        let options = cshim_SSL_OP_NO_QUERY_MTU() | cshim_SSL_OP_NO_TICKET() | cshim_SSL_OP_NO_RENEGOTIATION()
        _ = cshim_SSL_CTX_set_options(context, options)
        _ = SSL_CTX_ctrl(context, SSL_CTRL_SET_SESS_CACHE_MODE, Int(SSL_SESS_CACHE_OFF), nil)
        // Once the keys are out an association is idle for the rest of the call: its read
        // and write record buffers (about 17 KB each) are given back between records
        // rather than held by every call (SSL_CTX_set_mode(3)).
        _ = SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(SSL_MODE_RELEASE_BUFFERS), nil)
    }

    /// A context with a fresh certificate (see `DTLSCertificate.init`).
    public convenience init() throws(DTLSError) {
        try self.init(certificate: DTLSCertificate())
    }

    deinit {
        SSL_CTX_free(context)
    }
}
