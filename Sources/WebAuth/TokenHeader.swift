import Foundation

/// The JOSE header fields the gateway looks at before verifying (RFC 7515 §4.1): `alg` must
/// be the algorithm of the key `kid` names, so a token cannot pick a weaker check ("none",
/// or HMAC keyed with a public key).
struct TokenHeader: Decodable {
    let alg: String
    let kid: String?

    /// Decodes the first of the token's three dot-separated parts.
    static func parse(_ token: String) throws(TokenRefusal) -> TokenHeader {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("not three dot-separated parts") }
        guard let data = base64URLDecode(parts[0]) else { throw .malformed("header is not base64url") }
        do {
            return try JSONDecoder().decode(TokenHeader.self, from: data)
        } catch {
            throw .malformed("header is not a JSON object with alg")
        }
    }

    /// RFC 7515 §2: base64url without padding.
    static func base64URLDecode(_ text: Substring) -> Data? {
        guard text.utf8.count <= 4096 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
