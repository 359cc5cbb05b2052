import Config
import Foundation
import WebAuth

/// Who a signaling connection is (`web_auth`, docs/tokens.md): in open mode the browser
/// names itself with `?identity=`; in token mode it must bring `?token=`, a signed token
/// whose claims become the connection's `Grants`.
struct WebAuthGate: Sendable {
    enum Refusal: Error {
        /// Open mode: an identity outside the allowed characters.
        case badIdentity
        case token(TokenRefusal)
    }

    let verifier: TokenVerifier?

    /// Loads the configured keys (reading `public_key_file`s). Throws a message naming the
    /// key and what to do.
    static func make(_ config: WebAuthConfig) async throws -> WebAuthGate {
        guard config.mode == .token else { return WebAuthGate(verifier: nil) }
        var keys: [TokenKey] = []
        for key in config.keys {
            switch key.material {
            case .secret(let secret):
                keys.append(TokenKey(id: key.id, material: .secret(secret)))
            case .publicKeyFile(let path):
                guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw TokenKeyError(keyID: key.id, problem: "cannot read public_key_file \(path); check the path and its permissions")
                }
                keys.append(TokenKey(id: key.id, material: .publicKeyPEM(pem)))
            }
        }
        let verifier = try await TokenVerifier(keys: keys, issuer: config.issuer, audience: config.audience,
                                               maxLifetime: config.maxTokenLifetime)
        return WebAuthGate(verifier: verifier)
    }

    var requiresToken: Bool { verifier != nil }

    /// The grants of a connection asking with these query parameters, checked at `now`.
    func authenticate(identity: String?, token: String?, now: Date) async -> Result<Grants, Refusal> {
        guard let verifier else {
            let name = identity ?? WebIdentity.anonymous
            return WebIdentity.isValid(name) ? .success(.open(identity: name)) : .failure(.badIdentity)
        }
        return await verifier.verify(token ?? "", now: now).mapError { .token($0) }
    }
}
