import Foundation
import JWTKit

/// Checks the signed tokens web users and agents connect with (docs/tokens.md) and turns
/// them into `Grants`.
///
/// A token is accepted when its header's `alg` is the one of the key its `kid` names (or of
/// the key without an id), the signature verifies, `aud` includes the configured audience,
/// `iss` is the configured issuer (when one is set), `nbf` and `exp` bracket `now` (with
/// `leeway` for clock skew), `exp` is at most `maxLifetime` away, and the grants are well
/// formed. The clock is the caller's: `verify(_:now:)` takes the time.
public struct TokenVerifier: Sendable {
    private let collection: JWTKeyCollection
    /// JWS `alg` of each key by id; "" for the key without an id.
    private let algorithms: [String: String]
    public let issuer: String?
    public let audience: String
    public let maxLifetime: Duration
    public let leeway: Duration

    public init(keys: [TokenKey], issuer: String?, audience: String, maxLifetime: Duration,
                leeway: Duration = .seconds(30)) async throws(TokenKeyError) {
        let collection = JWTKeyCollection()
        var algorithms: [String: String] = [:]
        for key in keys {
            algorithms[key.id ?? ""] = try await key.add(to: collection)
        }
        self.collection = collection
        self.algorithms = algorithms
        self.issuer = issuer
        self.audience = audience
        self.maxLifetime = maxLifetime
        self.leeway = leeway
    }

    public func verify(_ token: String, now: Date) async -> Result<Grants, TokenRefusal> {
        do {
            return .success(try await check(token, now: now))
        } catch let refusal as TokenRefusal {
            return .failure(refusal)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            return .failure(.badSignature)
        } catch let error as DecodingError {
            return .failure(.badClaim(Self.describe(error)))
        } catch {
            return .failure(.malformed("\(error)"))
        }
    }

    private func check(_ token: String, now: Date) async throws -> Grants {
        guard !token.isEmpty else { throw TokenRefusal.missing }
        guard token.utf8.count <= 8192 else { throw TokenRefusal.malformed("longer than 8192 bytes") }
        let header = try TokenHeader.parse(token)
        guard let expected = algorithms[header.kid ?? ""] else {
            throw TokenRefusal.unknownKey(header.kid ?? "(none)")
        }
        guard header.alg == expected else { throw TokenRefusal.unsupportedAlgorithm(header.alg) }
        let claims = try await collection.verify(token, as: TokenClaims.self)
        try checkTimes(claims, now: now)
        if let issuer, claims.iss?.value != issuer { throw TokenRefusal.wrongIssuer }
        guard claims.aud?.value.contains(audience) == true else { throw TokenRefusal.wrongAudience }
        return try claims.grants()
    }

    /// RFC 7519 §4.1.4–4.1.5, with `leeway` either way for clocks that disagree a little.
    private func checkTimes(_ claims: TokenClaims, now: Date) throws(TokenRefusal) {
        let slack = Double(leeway.components.seconds)
        guard claims.exp.value.timeIntervalSince(now) > -slack else { throw .expired }
        if let nbf = claims.nbf, nbf.value.timeIntervalSince(now) > slack { throw .notYetValid }
        let maxSeconds = Int(maxLifetime.components.seconds)
        guard claims.exp.value.timeIntervalSince(now) <= Double(maxSeconds) + slack else {
            throw .lifetimeTooLong(maxSeconds: maxSeconds)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: "undecodable claims"
        }
    }
}
