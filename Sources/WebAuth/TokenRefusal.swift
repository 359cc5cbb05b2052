/// Why a token was not accepted. `code` goes to the browser (docs/tokens.md); the
/// description, with the detail, goes to the gateway's log only, so a forger learns little.
public enum TokenRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case missing
    case malformed(String)
    case unsupportedAlgorithm(String)
    case unknownKey(String)
    case badSignature
    case expired
    case notYetValid
    case lifetimeTooLong(maxSeconds: Int)
    case wrongIssuer
    case wrongAudience
    case badClaim(String)

    /// The error code sent on the signaling connection before it is closed (the wire value
    /// of the runtime's `SignalingError.Code`), also the metric label.
    public var code: String {
        switch self {
        case .missing: "token_required"
        case .expired: "token_expired"
        case .notYetValid: "token_not_yet_valid"
        default: "token_invalid"
        }
    }

    /// The browser-facing message: enough for a developer to fix the minting backend.
    public var publicMessage: String {
        switch self {
        case .missing: "This gateway needs a signed token (?token=...); see docs/tokens.md."
        case .expired: "The token has expired; ask the backend for a new one."
        case .notYetValid: "The token is not valid yet (check the backend's clock and nbf)."
        default: "The token was not accepted."
        }
    }

    public var description: String {
        switch self {
        case .missing: "no token"
        case .malformed(let why): "malformed token: \(why)"
        case .unsupportedAlgorithm(let alg): "algorithm '\(alg)' is not the one of the key"
        case .unknownKey(let kid): "no key with id '\(kid)'"
        case .badSignature: "signature does not verify"
        case .expired: "expired"
        case .notYetValid: "not valid yet (nbf)"
        case .lifetimeTooLong(let max): "expires more than \(max) s from now (web_auth.max_token_lifetime_s)"
        case .wrongIssuer: "iss is not the configured issuer"
        case .wrongAudience: "aud does not include the configured audience"
        case .badClaim(let why): "bad claim: \(why)"
        }
    }
}
