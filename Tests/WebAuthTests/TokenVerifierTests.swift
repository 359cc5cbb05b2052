import Foundation
import JWTKit
import Testing
@testable import WebAuth

@Suite struct TokenVerifierTests {
    typealias T = TokenTests

    @Test func acceptsAGoodTokenAndReadsItsGrants() async throws {
        let token = try await T.signHS256(T.claims {
            $0.sub = "alice@example.com"
            $0.classes = ["domestic", "sales"]
            $0.numbers = ["+1212", "+44"]
            $0.agent_groups = ["support"]
            $0.max_calls = 1
            $0.calls_per_minute = 3
        })
        let grants = try await T.verifier().verify(token, now: T.now).get()
        #expect(grants.identity == "alice@example.com")
        #expect(grants.classes == ["domestic", "sales"])
        #expect(grants.numbers == ["+1212", "+44"])
        #expect(grants.agentGroups == ["support"])
        #expect(grants.maxCalls == 1)
        #expect(grants.callsPerMinute == 3)
        #expect(grants.expiresAt == T.now.addingTimeInterval(600))
    }

    @Test func aTokenWithoutGrantsGetsTheDefaults() async throws {
        let grants = try await T.verifier().verify(try await T.signHS256(T.claims()), now: T.now).get()
        #expect(grants.classes.isEmpty)
        #expect(grants.numbers == nil)
        #expect(grants.agentGroups == nil)
        #expect(grants.maxCalls == nil)
    }

    @Test func refusesAWrongSecret() async throws {
        let token = try await T.signHS256(T.claims(), secret: "another-secret-of-at-least-32-characters")
        #expect(try await T.verifier().verify(token, now: T.now) == .failure(.badSignature))
    }

    @Test func refusesATamperedPayload() async throws {
        let token = try await T.signHS256(T.claims())
        let parts = token.split(separator: ".")
        let forged = [String(parts[0]), T.base64URL(#"{"sub":"mallory","exp":1895341600,"aud":["webrtc-gateway"]}"#),
                      String(parts[2])].joined(separator: ".")
        #expect(try await T.verifier().verify(forged, now: T.now) == .failure(.badSignature))
    }

    @Test func expiryHasThirtySecondsOfLeeway() async throws {
        let verifier = try await T.verifier()
        let justExpired = try await T.signHS256(T.claims(expiresIn: -10))
        #expect(try await verifier.verify(justExpired, now: T.now).get().identity == "alice")
        let expired = try await T.signHS256(T.claims(expiresIn: -31))
        #expect(await verifier.verify(expired, now: T.now) == .failure(.expired))
        #expect(TokenRefusal.expired.code == "token_expired")
    }

    @Test func refusesATokenNotYetValid() async throws {
        let token = try await T.signHS256(T.claims { $0.nbf = Int(T.now.timeIntervalSince1970) + 120 })
        #expect(try await T.verifier().verify(token, now: T.now) == .failure(.notYetValid))
        #expect(try await T.verifier().verify(token, now: T.now.addingTimeInterval(100)).get().identity == "alice")
    }

    @Test func refusesATokenThatLivesTooLong() async throws {
        let token = try await T.signHS256(T.claims(expiresIn: 7200))
        #expect(try await T.verifier(maxLifetime: .seconds(3600)).verify(token, now: T.now)
                == .failure(.lifetimeTooLong(maxSeconds: 3600)))
        #expect(try await T.verifier(maxLifetime: .seconds(3600))
                    .verify(token, now: T.now.addingTimeInterval(3600)).get().identity == "alice")
    }

    @Test func checksAudienceAndIssuer() async throws {
        let verifier = try await T.verifier(issuer: "https://backend.example.com")
        let noIssuer = try await T.signHS256(T.claims())
        #expect(await verifier.verify(noIssuer, now: T.now) == .failure(.wrongIssuer))
        let good = try await T.signHS256(T.claims { $0.iss = "https://backend.example.com" })
        #expect(try await verifier.verify(good, now: T.now).get().identity == "alice")
        let otherAudience = try await T.signHS256(T.claims { $0.aud = ["another-service"] })
        #expect(try await T.verifier().verify(otherAudience, now: T.now) == .failure(.wrongAudience))
        let noAudience = try await T.signHS256(T.claims { $0.aud = nil })
        #expect(try await T.verifier().verify(noAudience, now: T.now) == .failure(.wrongAudience))
    }

    @Test func refusesAlgNone() async throws {
        let header = T.base64URL(#"{"alg":"none","typ":"JWT"}"#)
        let payload = T.base64URL(#"{"sub":"mallory","exp":1795342200,"aud":["webrtc-gateway"]}"#)
        #expect(try await T.verifier().verify("\(header).\(payload).", now: T.now) == .failure(.unsupportedAlgorithm("none")))
    }

    /// The classic confusion: HMAC keyed with the (public) ES256 key's PEM text.
    @Test func refusesHMACKeyedWithThePublicKey() async throws {
        let privateKey = ES256PrivateKey()
        let publicPEM = privateKey.publicKey.pemRepresentation
        let verifier = try await T.verifier([TokenKey(id: nil, material: .publicKeyPEM(publicPEM))])
        let forged = try await T.signHS256(T.claims(), secret: publicPEM)
        #expect(await verifier.verify(forged, now: T.now) == .failure(.unsupportedAlgorithm("HS256")))
    }

    @Test func picksTheKeyByKidAndRefusesUnknownOnes() async throws {
        let verifier = try await T.verifier([
            TokenKey(id: "2026-10", material: .secret("old-secret-old-secret-old-secret-00")),
            TokenKey(id: "2026-11", material: .secret(T.secret)),
        ])
        let current = try await T.signHS256(T.claims(), kid: "2026-11")
        #expect(try await verifier.verify(current, now: T.now).get().identity == "alice")
        let old = try await T.signHS256(T.claims(), secret: "old-secret-old-secret-old-secret-00", kid: "2026-10")
        #expect(try await verifier.verify(old, now: T.now).get().identity == "alice")
        let unknown = try await T.signHS256(T.claims(), kid: "2025-01")
        #expect(await verifier.verify(unknown, now: T.now) == .failure(.unknownKey("2025-01")))
        let noKid = try await T.signHS256(T.claims())
        #expect(await verifier.verify(noKid, now: T.now) == .failure(.unknownKey("(none)")))
        // The right kid with the other key's secret does not verify.
        let swapped = try await T.signHS256(T.claims(), secret: "old-secret-old-secret-old-secret-00", kid: "2026-11")
        #expect(await verifier.verify(swapped, now: T.now) == .failure(.badSignature))
    }

    @Test func refusesGarbage() async throws {
        let verifier = try await T.verifier()
        #expect(await verifier.verify("", now: T.now) == .failure(.missing))
        for garbage in ["abc", "a.b", "a.b.c.d", "!!!.e30.", "\(T.base64URL("[1]")).e30.x",
                        String(repeating: "a", count: 9000)] {
            let result = await verifier.verify(garbage, now: T.now)
            guard case .failure(let refusal) = result, refusal.code == "token_invalid" else {
                Issue.record("\(garbage.prefix(20)) gave \(result)")
                continue
            }
        }
    }
}

@Suite struct TokenMinterTests {
    typealias T = TokenTests

    @Test func mintedTokensVerifyWithTheirGrants() async throws {
        var request = TokenMinter.Request(subject: "alice", lifetime: .seconds(600), audience: "webrtc-gateway",
                                          issuer: "https://backend.example.com")
        request.numbers = ["+1212"]
        request.agentGroups = ["support"]
        request.maxCalls = 1
        let token = try await TokenMinter.mintHS256(request, secret: T.secret, keyID: "k1", now: T.now)
        let verifier = try await T.verifier([TokenKey(id: "k1", material: .secret(T.secret))],
                                            issuer: "https://backend.example.com")
        let grants = try await verifier.verify(token, now: T.now).get()
        #expect(grants == Grants(identity: "alice", numbers: ["+1212"], agentGroups: ["support"], maxCalls: 1,
                                 expiresAt: T.now.addingTimeInterval(600)))
    }

    @Test func refusesToMintBadClaims() async {
        await #expect(throws: TokenRefusal.badClaim("sub must be 1-64 letters, digits or . _ - @ +")) {
            _ = try await TokenMinter.mintHS256(
                TokenMinter.Request(subject: "bad id", lifetime: .seconds(60), audience: "a"),
                secret: T.secret, keyID: nil, now: T.now)
        }
    }
}
