import Yams

/// Decoding of the `web_auth:` section: the mode, the token keys and the per-identity
/// call limits (docs/configuration.md, "web_auth").
extension ConfigDecoder {
    static let webAuthKeys = ["mode", "keys", "issuer", "audience", "max_token_lifetime_s",
                              "max_calls_per_identity", "calls_per_minute_per_identity"]
    static let tokenKeyKeys = ["id", "secret", "public_key_file"]

    /// Shown wherever a key has to be added: a secret key is the simplest to start with.
    static let tokenKeyListExample = "[{id: main, secret: \"...\"}]"

    mutating func decodeWebAuth(_ m: MappingReader) -> WebAuthConfig {
        var auth = WebAuthConfig()
        auth.mode = value(m, "mode", default: .open, expecting: "open or token", ValueParsers.choice(WebAuthConfig.Mode.self))
        auth.issuer = optionalValue(m, "issuer", expecting: "text", Self.claimText)
        auth.audience = value(m, "audience", default: auth.audience, expecting: "text", Self.claimText)
        auth.maxTokenLifetime = .seconds(value(
            m, "max_token_lifetime_s", default: 86400, expecting: "a number of seconds",
            ValueParsers.integer(in: WebAuthConfig.maxTokenLifetimeSecondsRange)))
        auth.maxCallsPerIdentity = value(
            m, "max_calls_per_identity", default: auth.maxCallsPerIdentity, expecting: "a number of calls",
            ValueParsers.integer(in: WebAuthConfig.maxCallsPerIdentityRange))
        auth.callsPerMinutePerIdentity = value(
            m, "calls_per_minute_per_identity", default: auth.callsPerMinutePerIdentity, expecting: "a number of calls",
            ValueParsers.integer(in: WebAuthConfig.callsPerMinutePerIdentityRange))

        let keysPath = m.child("keys")
        let items = sequence(m.node("keys"), path: keysPath, example: Self.tokenKeyListExample)
        let decoded = items.enumerated().compactMap { index, item in
            decodeTokenKey(item, path: keysPath + "[\(index)]").map { (path: keysPath + "[\(index)]", key: $0) }
        }
        checkTokenKeyIDs(decoded)
        auth.keys = decoded.map(\.key)
        checkModeAndKeys(auth.mode, keyCount: items.count, m)
        return auth
    }

    /// `iss` and `aud` are compared byte for byte with the token's claims (RFC 7519 §4.1.1,
    /// §4.1.3), so they stay within printable ASCII.
    static func claimText(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 256, describe: "use 1 to 256 printable ASCII characters, e.g. webrtc-gateway") {
            $0.isPrintableASCII
        }(scalar)
    }

    /// The `kid` of tokens signed with the key (RFC 7515 §4.1.4): safe in logs and URLs.
    static func tokenKeyID(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 64, describe: "use 1 to 64 letters, digits, '.', '_' and '-', e.g. main-2026") {
            $0.isASCIILetter || $0.isASCIIDigit || $0 == "." || $0 == "_" || $0 == "-"
        }(scalar)
    }

    /// An HS256 secret: RFC 7518 §3.2 wants at least as many bytes as the hash output
    /// (32). Problems never quote the secret, so findings can be logged.
    static func tokenSecret(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        let text = scalar.string
        let fix = "use 32 to 512 printable ASCII characters, e.g. the output of `openssl rand -hex 32`"
        if let bad = text.first(where: { !$0.isPrintableASCII }) {
            let code = bad.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined()
            throw ValueProblem("contains \(code), which is not printable ASCII", fix: fix)
        }
        guard text.count >= 32 else {
            throw ValueProblem("is \(text.count) characters long; a secret needs at least 32", fix: fix)
        }
        guard text.count <= 512 else {
            throw ValueProblem("is longer than 512 characters", fix: fix)
        }
        return text
    }

    /// One key: an optional `id` and exactly one of `secret` and `public_key_file`.
    mutating func decodeTokenKey(_ node: Node, path: String) -> TokenKeyConfig? {
        let m = mapping(node, path: path, anchor: nil, keys: Self.tokenKeyKeys)
        // An item that is not a mapping was reported; its keys are not missing on top of that.
        if rejected.contains(path) { return nil }
        let id = optionalValue(m, "id", expecting: "a key id", Self.tokenKeyID)
        let idPath = m.child("id")
        let secret = optionalValue(m, "secret", expecting: "a secret", Self.tokenSecret)
        let file = optionalValue(m, "public_key_file", expecting: "a file path", ValueParsers.filePath)
        let secretPath = m.child("secret"), filePath = m.child("public_key_file")
        switch (secret, file) {
        case (_, _) where rejected.contains(idPath):
            // A rejected id would otherwise read as a key without one.
            break
        case (let secret?, nil):
            return TokenKeyConfig(id: id, material: .secret(secret))
        case (nil, let file?):
            return TokenKeyConfig(id: id, material: .publicKeyFile(file))
        case (_?, _?):
            report(positions[filePath], filePath, "a key has either a secret or a public_key_file, not both",
                   fix: "keep one: secret (HS256) or public_key_file (ES256, RS256, EdDSA); "
                       + "a second key is an item of 'keys' of its own")
        case (nil, nil):
            // A given but rejected value has its own finding already.
            if rejected.contains(secretPath) || rejected.contains(filePath) { break }
            report(m.anchor, path, "needs a secret or a public_key_file",
                   fix: "add 'secret: ...' (e.g. from `openssl rand -hex 32`) or "
                       + "'public_key_file: /etc/webrtc-gateway/token-key.pem' under '\(path)'")
        }
        reject(path)
        return nil
    }

    /// Ids are unique, and only one key may go without: a token without a `kid` is
    /// checked against that one alone.
    private mutating func checkTokenKeyIDs(_ keys: [(path: String, key: TokenKeyConfig)]) {
        var seen: [String: String] = [:]
        var withoutID: String?
        for (itemPath, key) in keys {
            let idPath = itemPath + ".id"
            guard let id = key.id else {
                if let first = withoutID {
                    report(positions[itemPath], idPath, "\(first) has no id already; only one key may go without",
                           fix: "add 'id: ...' under '\(itemPath)' and sign its tokens with that kid")
                } else {
                    withoutID = itemPath
                }
                continue
            }
            if let first = seen[id] {
                report(positions[idPath], idPath, "id '\(id)' is already used by \(first)",
                       fix: "give every key its own id")
            } else {
                seen[id] = itemPath
            }
        }
    }

    /// Keys mean something only in token mode, and token mode cannot accept any token
    /// without one. Skipped when `mode` or `keys` was rejected, to avoid follow-on findings.
    private mutating func checkModeAndKeys(_ mode: WebAuthConfig.Mode, keyCount: Int, _ m: MappingReader) {
        let modePath = m.child("mode"), keysPath = m.child("keys")
        guard !rejected.contains(modePath), !rejected.contains(keysPath) else { return }
        switch mode {
        case .token where keyCount == 0:
            report(positions[modePath] ?? m.anchor, modePath, "token mode needs at least one key",
                   fix: "add 'keys: \(Self.tokenKeyListExample)' under '\(m.path)', "
                       + "the secret from `openssl rand -hex 32`, or set 'mode: open'")
        case .open where keyCount > 0:
            report(positions[keysPath] ?? m.anchor, keysPath, "keys are used only when mode: token",
                   fix: "set 'mode: token' under '\(m.path)' or remove 'keys'")
        default:
            break
        }
    }
}

extension WebAuthConfig.Mode: ConfigChoice {
    static var notSupportedYet: [String] { [] }
}
