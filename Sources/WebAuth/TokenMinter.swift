import Foundation
import JWTKit

/// Mints HS256 tokens with a configured secret: `gatewayd token`, for trying token mode
/// without a backend. Production tokens come from the customer's own backend (docs/tokens.md).
public enum TokenMinter {
    public struct Request: Sendable {
        public var subject: String
        public var lifetime: Duration
        public var audience: String
        public var issuer: String?
        public var classes: [String]?
        public var numbers: [String]?
        public var agentGroups: [String]?
        public var maxCalls: Int?
        public var callsPerMinute: Int?

        public init(subject: String, lifetime: Duration, audience: String, issuer: String? = nil) {
            self.subject = subject
            self.lifetime = lifetime
            self.audience = audience
            self.issuer = issuer
        }
    }

    /// The signed token, after checking the claims as the verifier would.
    public static func mintHS256(_ request: Request, secret: String, keyID: String?,
                                 now: Date) async throws -> String {
        // RFC 7519 §2 NumericDate: whole seconds read best in every library.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let claims = TokenClaims(
            sub: SubjectClaim(value: request.subject),
            exp: ExpirationClaim(value: now.addingTimeInterval(Double(request.lifetime.components.seconds))),
            nbf: nil, iat: IssuedAtClaim(value: now), iss: request.issuer.map { IssuerClaim(value: $0) },
            aud: AudienceClaim(value: [request.audience]), classes: request.classes, numbers: request.numbers,
            agentGroups: request.agentGroups, maxCalls: request.maxCalls, callsPerMinute: request.callsPerMinute)
        _ = try claims.grants()
        let keys = JWTKeyCollection()
        let kid = keyID.map { JWKIdentifier(string: $0) }
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: kid)
        return try await keys.sign(claims, kid: kid)
    }
}
