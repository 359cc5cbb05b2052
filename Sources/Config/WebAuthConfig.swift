/// `web_auth:` — who may connect to the signaling WebSocket, and how many calls each
/// web identity may make (docs/configuration.md, docs/tokens.md).
public struct WebAuthConfig: Sendable, Hashable, CustomStringConvertible {
    /// How browsers and agents prove who they are.
    public enum Mode: String, CaseIterable, Sendable {
        /// Browsers name themselves (`?identity=...`); anyone who reaches the web port may
        /// call what the dialplan's web entry allows.
        case open
        /// Every connection carries a short-lived signed token minted by the site's backend.
        case token
    }

    public var mode: Mode = .open
    /// Keys token signatures are checked with; used only in token mode.
    public var keys: [TokenKeyConfig] = []
    /// The `iss` claim tokens must carry; `nil` leaves it unchecked.
    public var issuer: String? = nil
    /// The value the `aud` claim of tokens must carry (or contain, when it is a list).
    public var audience: String = "webrtc-gateway"
    /// Longest a token may be valid from the moment it is presented (`exp` minus now),
    /// so a leaked token is not usable for long.
    public var maxTokenLifetime: Duration = .seconds(86400)
    /// Calls one web identity may have at once, in both modes; a token's own
    /// `max_calls` claim replaces it.
    public var maxCallsPerIdentity: Int = 2
    /// Calls one web identity may start per minute, in both modes; a token's own
    /// `calls_per_minute` claim replaces it.
    public var callsPerMinutePerIdentity: Int = 10

    public static let maxTokenLifetimeSecondsRange = 60...604800
    public static let maxCallsPerIdentityRange = 1...1000
    public static let callsPerMinutePerIdentityRange = 1...10000

    public init() {}

    /// The key a token without a `kid` header is checked against, if any.
    public var keyWithoutID: TokenKeyConfig? {
        keys.first { $0.id == nil }
    }

    /// The key whose id is `kid`, if any.
    public func key(withID kid: String) -> TokenKeyConfig? {
        keys.first { $0.id == kid }
    }

    /// Never prints a shared secret, so logging a config leaks none.
    public var description: String {
        "WebAuthConfig(mode: \(mode.rawValue), keys: \(keys), issuer: \(issuer ?? "nil"), audience: \(audience), "
            + "maxTokenLifetime: \(maxTokenLifetime), maxCallsPerIdentity: \(maxCallsPerIdentity), "
            + "callsPerMinutePerIdentity: \(callsPerMinutePerIdentity))"
    }
}

/// One entry of `web_auth.keys:` — a key token signatures are checked with.
public struct TokenKeyConfig: Sendable, Hashable, CustomStringConvertible {
    /// What a token signed with this key is verified with.
    public enum Material: Sendable, Hashable, CustomStringConvertible {
        /// An HS256 shared secret (RFC 7518 §3.2), as written in the file.
        case secret(String)
        /// Path of a PEM public key (EC P-256 for ES256, RSA for RS256, Ed25519 for EdDSA),
        /// read when the gateway starts.
        case publicKeyFile(String)

        /// Never prints the secret itself.
        public var description: String {
            switch self {
            case .secret: "secret(<redacted>)"
            case .publicKeyFile(let path): "publicKeyFile(\(path))"
            }
        }
    }

    /// The `kid` header of tokens signed with this key; `nil` for the one key that
    /// tokens without a `kid` are checked against.
    public var id: String?
    public var material: Material

    public init(id: String?, material: Material) {
        self.id = id
        self.material = material
    }

    public var description: String {
        "TokenKeyConfig(id: \(id ?? "nil"), material: \(material))"
    }
}
