import Foundation
import JWTKit

/// The claims of a web token (RFC 7519 §4.1 registered claims plus the gateway's grants),
/// as docs/tokens.md lists them. Times are checked by `TokenVerifier` against the clock it is
/// given, not here, so tests need no real clock.
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?
    var iss: IssuerClaim?
    var aud: AudienceClaim?
    var classes: [String]?
    var numbers: [String]?
    var agentGroups: [String]?
    var maxCalls: Int?
    var callsPerMinute: Int?

    enum CodingKeys: String, CodingKey {
        case sub, exp, nbf, iat, iss, aud, classes, numbers
        case agentGroups = "agent_groups"
        case maxCalls = "max_calls"
        case callsPerMinute = "calls_per_minute"
    }

    func verify(using algorithm: some JWTAlgorithm) throws {}

    static let maxCallsRange = 1...1000
    static let callsPerMinuteRange = 1...10000

    /// The grants these claims carry, or what is wrong with them.
    func grants() throws(TokenRefusal) -> Grants {
        guard WebIdentity.isValid(sub.value) else {
            throw .badClaim("sub must be 1-64 letters, digits or . _ - @ +")
        }
        let classes = try Self.names(classes ?? [], claim: "classes")
        let groups = try agentGroups.map { groups throws(TokenRefusal) in try Self.names(groups, claim: "agent_groups") }
        let numbers = try numbers.map { prefixes throws(TokenRefusal) in try Self.prefixes(prefixes) }
        if let maxCalls, !Self.maxCallsRange.contains(maxCalls) {
            throw .badClaim("max_calls must be within \(Self.maxCallsRange)")
        }
        if let callsPerMinute, !Self.callsPerMinuteRange.contains(callsPerMinute) {
            throw .badClaim("calls_per_minute must be within \(Self.callsPerMinuteRange)")
        }
        return Grants(identity: sub.value, classes: classes, numbers: numbers, agentGroups: groups,
                      maxCalls: maxCalls, callsPerMinute: callsPerMinute, expiresAt: exp.value)
    }

    /// Class and group names as the dialplan and configuration spell them.
    private static func names(_ list: [String], claim: String) throws(TokenRefusal) -> [String] {
        guard list.count <= 64 else { throw .badClaim("\(claim) lists more than 64 names") }
        for name in list where !(1...64).contains(name.utf8.count)
            || !name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }) {
            throw .badClaim("\(claim) names must be 1-64 letters, digits, '_' or '-'")
        }
        return list
    }

    /// Number prefixes: an optional '+' then digits, '*' or '#'. An empty list allows nothing.
    private static func prefixes(_ list: [String]) throws(TokenRefusal) -> [String] {
        guard list.count <= 256 else { throw .badClaim("numbers lists more than 256 prefixes") }
        for prefix in list {
            let body = prefix.hasPrefix("+") ? prefix.dropFirst() : Substring(prefix)
            guard (1...32).contains(body.count), body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }) else {
                throw .badClaim("numbers entries must be prefixes like \"+1212\" (digits, '*', '#', optional leading '+')")
            }
        }
        return list
    }
}
