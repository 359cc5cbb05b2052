import Foundation
import JWTKit
import Testing
@testable import WebAuth

@Suite struct GrantsTests {
    typealias T = TokenTests

    @Test(arguments: [
        ("alice", true), ("anonymous", true), ("a.b-c_d@example.com", true), ("+15551234567", true),
        (String(repeating: "x", count: 64), true),
        ("", false), (String(repeating: "x", count: 65), false), ("bob smith", false), ("josé", false),
        ("a/b", false), ("<script>", false), ("a;b", false), ("日本", false),
    ])
    func identityAcceptsOnlyTheDocumentedCharacters(identity: String, valid: Bool) {
        #expect(WebIdentity.isValid(identity) == valid)
    }

    @Test func numbersAreAllowedByPrefix() {
        let grants = Grants(identity: "alice", numbers: ["+1212", "*43"])
        #expect(grants.allowsNumber("+12125550100"))
        #expect(grants.allowsNumber("*43"))
        #expect(!grants.allowsNumber("+13105550100"))
        #expect(!Grants(identity: "alice", numbers: []).allowsNumber("+12125550100"))
        #expect(Grants.open(identity: "alice").allowsNumber("+13105550100"))
    }

    @Test func agentGroupsAreServedOnlyWhenGranted() {
        #expect(Grants(identity: "bob", agentGroups: ["support"]).servesAgentGroup("support"))
        #expect(!Grants(identity: "bob", agentGroups: ["support"]).servesAgentGroup("sales"))
        #expect(!Grants.open(identity: "bob").servesAgentGroup("support"))
    }

    @Test(arguments: [
        ("sub", "bad identity!"), ("max_calls", "0"), ("calls_per_minute", "20000"),
        ("numbers", "+1 212"), ("classes", "has space"), ("agent_groups", ""),
    ])
    func refusesBadClaims(claim: String, value: String) async throws {
        let token = try await T.signHS256(T.claims {
            switch claim {
            case "sub": $0.sub = value
            case "max_calls": $0.max_calls = Int(value)
            case "calls_per_minute": $0.calls_per_minute = Int(value)
            case "numbers": $0.numbers = [value]
            case "classes": $0.classes = [value]
            default: $0.agent_groups = [value]
            }
        })
        let result = try await T.verifier().verify(token, now: T.now)
        guard case .failure(.badClaim(let why)) = result else {
            Issue.record("\(claim)=\(value) gave \(result)")
            return
        }
        #expect(why.contains(claim))
    }

    @Test func refusesAClaimOfTheWrongType() async throws {
        let header = T.base64URL(#"{"alg":"HS256","typ":"JWT"}"#)
        let payload = T.base64URL(#"{"sub":"alice","exp":1795342200,"aud":"webrtc-gateway","max_calls":"two"}"#)
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: T.secret), digestAlgorithm: .sha256)
        // Sign the hand-written payload with the real key: only the claim's type is wrong.
        let signingInput = "\(header).\(payload)"
        let algorithm = try await keys.getKey()
        let signature = try algorithm.sign([UInt8](signingInput.utf8))
        let token = signingInput + "." + Data(signature).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let result = try await T.verifier().verify(token, now: T.now)
        guard case .failure(let refusal) = result, refusal.code == "token_invalid" else {
            Issue.record("gave \(result)")
            return
        }
        #expect("\(refusal)".contains("max_calls"))
    }
}
