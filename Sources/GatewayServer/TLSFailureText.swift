import NIOSSL

/// One readable line for a failed TLS handshake: the OpenSSL reason an operator can
/// search for, and what to check in the configuration.
enum TLSFailureText {
    static func describe(_ error: Error) -> String {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the certificate does not name this host (\(extra)); check the trunk's address or outbound_proxy"
        }
        guard case .handshakeFailed(.sslError(let stack))? = error as? NIOSSLError else { return "\(error)" }
        let reasons = stack.map { reason(in: $0.description) }
        let joined = reasons.joined(separator: ", ")
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            return "\(joined): the peer's certificate is not signed by a trusted CA, or has expired; "
                + "check tls_ca_file (or set tls_verify: false for tests only)"
        }
        return joined.isEmpty ? "\(error)" : joined
    }

    /// `error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at file:line`
    /// → `CERTIFICATE_VERIFY_FAILED`.
    static func reason(in text: String) -> String {
        let message = text.components(separatedBy: " at ").first ?? text
        return message.split(separator: ":").last.map(String.init) ?? text
    }
}
