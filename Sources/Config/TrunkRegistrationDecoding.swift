import CoreTypes
import Yams

/// Decoding of a trunk's registration keys (RFC 3261 §10): `register`,
/// `register_expires_s`, `registrar` and `auth_username`.
extension ConfigDecoder {
    /// Lifetimes a registrar may be asked for: a minute to a day.
    static let registerExpiresRange = 60...86400

    mutating func decodeRegistration(into trunk: inout TrunkConfig, _ m: MappingReader) {
        let credential = { (scalar: Node.Scalar) throws(ValueProblem) -> String? in
            let text = try Self.credentialText(scalar)
            return text.isEmpty ? nil : text
        }
        trunk.register = value(m, "register", default: false, expecting: "true or false", ValueParsers.boolean)
        trunk.registerExpires = .seconds(value(m, "register_expires_s", default: 3600, expecting: "a number of seconds",
                                               ValueParsers.integer(in: Self.registerExpiresRange)))
        trunk.registrar = optionalValue(m, "registrar", expecting: "host[:port] text",
                                        ValueParsers.peerEndpoint(defaultPort: trunk.transport.defaultPort))
        trunk.authUsername = optionalValue(m, "auth_username", expecting: "text", credential) ?? nil
        checkRegistrationCredentials(trunk, m)
    }

    /// REGISTER is answered with a digest challenge by every registrar worth the name,
    /// and the address-of-record needs a user: both credentials are required. When only
    /// one is missing, the credential pair check already says which.
    private mutating func checkRegistrationCredentials(_ trunk: TrunkConfig, _ m: MappingReader) {
        guard trunk.username == nil, trunk.password == nil,
              !rejected.contains(m.child("username")), !rejected.contains(m.child("password")) else { return }
        if trunk.register {
            let path = m.child("register")
            report(positions[path] ?? m.anchor, path, "registering needs username and password",
                   fix: "add 'username: ...' and 'password: ...' under '\(m.path)', or set 'register: false'")
        }
        if trunk.authUsername != nil {
            let path = m.child("auth_username")
            report(positions[path] ?? m.anchor, path, "auth_username is set but username and password are missing",
                   fix: "add 'username: ...' and 'password: ...' under '\(m.path)' or remove 'auth_username'")
        }
    }
}
