import JWTKit

/// One key tokens may be signed with (`web_auth.keys`). A shared secret means HS256; a PEM
/// public key means ES256 (P-256), RS256 (RSA, 2048 bits or more) or EdDSA (Ed25519),
/// whichever the key is.
public struct TokenKey: Sendable {
    public enum Material: Sendable {
        case secret(String)
        case publicKeyPEM(String)
    }

    /// The `kid` header naming this key; nil: the key for tokens without a `kid`.
    public let id: String?
    public let material: Material

    public init(id: String?, material: Material) {
        self.id = id
        self.material = material
    }
}

/// A key that could not be used, with what to do about it.
public struct TokenKeyError: Error, Sendable, CustomStringConvertible {
    public let keyID: String?
    public let problem: String

    public init(keyID: String?, problem: String) {
        self.keyID = keyID
        self.problem = problem
    }

    public var description: String {
        "web_auth.keys\(keyID.map { " (id \($0))" } ?? ""): \(problem)"
    }
}

extension TokenKey {
    /// Adds the key to `collection` and returns the JWS `alg` it verifies.
    func add(to collection: JWTKeyCollection) async throws(TokenKeyError) -> String {
        let kid = id.map { JWKIdentifier(string: $0) }
        switch material {
        case .secret(let secret):
            await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: kid)
            return "HS256"
        case .publicKeyPEM(let pem):
            if let key = try? ES256PublicKey(pem: pem) {
                await collection.add(ecdsa: key, kid: kid)
                return "ES256"
            }
            if let key = try? EdDSA.PublicKey(pem: pem) {
                await collection.add(eddsa: key, kid: kid)
                return "EdDSA"
            }
            let rsa: Insecure.RSA.PublicKey
            do {
                rsa = try Insecure.RSA.PublicKey(pem: pem)
            } catch {
                throw TokenKeyError(keyID: id, problem: "the file is not a PEM public key of P-256, Ed25519 or RSA "
                                    + "(2048 bits or more); export one with `openssl pkey -pubout`")
            }
            await collection.add(rsa: rsa, digestAlgorithm: .sha256, kid: kid)
            return "RS256"
        }
    }
}
