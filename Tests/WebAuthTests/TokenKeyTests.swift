import Foundation
import JWTKit
import Testing
@testable import WebAuth

@Suite struct TokenKeyTests {
    typealias T = TokenTests

    @Test func verifiesES256WithAPEMPublicKey() async throws {
        let privateKey = ES256PrivateKey()
        let verifier = try await T.verifier([TokenKey(id: "ec", material: .publicKeyPEM(privateKey.publicKey.pemRepresentation))])
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: privateKey, kid: "ec")
        let token = try await signer.sign(T.claims(), kid: "ec")
        #expect(try await verifier.verify(token, now: T.now).get().identity == "alice")
        let otherKey = JWTKeyCollection()
        await otherKey.add(ecdsa: ES256PrivateKey(), kid: "ec")
        #expect(await verifier.verify(try await otherKey.sign(T.claims(), kid: "ec"), now: T.now) == .failure(.badSignature))
    }

    @Test func verifiesEdDSAWithAPEMPublicKey() async throws {
        let privateKey = try EdDSA.PrivateKey(curve: .ed25519)
        let verifier = try await T.verifier([TokenKey(id: nil, material: .publicKeyPEM(privateKey.publicKey.pemRepresentation))])
        let signer = JWTKeyCollection()
        await signer.add(eddsa: privateKey)
        #expect(try await verifier.verify(try await signer.sign(T.claims()), now: T.now).get().identity == "alice")
    }

    @Test func verifiesRS256WithAPEMPublicKey() async throws {
        let verifier = try await T.verifier([TokenKey(id: nil, material: .publicKeyPEM(RSAFixture.publicKeyPEM))])
        let signer = JWTKeyCollection()
        await signer.add(rsa: try Insecure.RSA.PrivateKey(pem: RSAFixture.privateKeyPEM), digestAlgorithm: .sha256)
        #expect(try await verifier.verify(try await signer.sign(T.claims()), now: T.now).get().identity == "alice")
    }

    @Test func refusesAFileThatIsNotAPublicKey() async throws {
        await #expect(throws: TokenKeyError.self) {
            _ = try await T.verifier([TokenKey(id: "bad", material: .publicKeyPEM("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))])
        }
    }
}
