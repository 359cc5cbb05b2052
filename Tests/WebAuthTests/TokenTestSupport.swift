import Foundation
import JWTKit
@testable import WebAuth

/// Claims as a customer's backend would write them, signed with jwt-kit in the tests.
struct MintedClaims: JWTPayload {
    var sub: String = "alice"
    var exp: Int
    var nbf: Int?
    var iss: String?
    var aud: [String]? = ["webrtc-gateway"]
    var classes: [String]?
    var numbers: [String]?
    var agent_groups: [String]?
    var max_calls: Int?
    var calls_per_minute: Int?

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

enum TokenTests {
    /// 2026-11-22T10:00:00Z: the tests' clock.
    static let now = Date(timeIntervalSince1970: 1_795_341_600)
    static let secret = "0123456789abcdef0123456789abcdef-test"

    static func claims(expiresIn seconds: Int = 600, _ edit: (inout MintedClaims) -> Void = { _ in }) -> MintedClaims {
        var claims = MintedClaims(exp: Int(now.timeIntervalSince1970) + seconds)
        edit(&claims)
        return claims
    }

    static func signHS256(_ claims: MintedClaims, secret: String = secret, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: kid.map { JWKIdentifier(string: $0) })
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    static func verifier(_ keys: [TokenKey] = [TokenKey(id: nil, material: .secret(secret))], issuer: String? = nil,
                         maxLifetime: Duration = .seconds(3600)) async throws -> TokenVerifier {
        try await TokenVerifier(keys: keys, issuer: issuer, audience: "webrtc-gateway", maxLifetime: maxLifetime)
    }

    /// base64url of `text` without padding (RFC 7515 §2), to hand-craft tokens.
    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
