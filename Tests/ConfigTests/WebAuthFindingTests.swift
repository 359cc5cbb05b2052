import Testing
@testable import Config

/// Every mistake in `web_auth:` is a finding at its line:column with its key path.
@Suite struct WebAuthFindingTests {
    @Test func unknownKeysSuggestTheRightOne() {
        let yaml = minimalYAML + """
        web_auth:
          mdoe: open
          audiance: gateway
          max_calls: 3
        webauth: {}
        """
        #expect(lines(yaml) == [
            "test.yaml:4:3: web_auth.mdoe: unknown key; did you mean 'mode'?",
            "test.yaml:5:3: web_auth.audiance: unknown key; did you mean 'audience'?",
            "test.yaml:6:3: web_auth.max_calls: unknown key; did you mean 'max_calls_per_identity'?",
            "test.yaml:7:1: webauth: unknown key; did you mean 'web_auth'?",
        ])
    }

    @Test func unknownKeyInAKeyItem() {
        let yaml = minimalYAML + """
        web_auth:
          mode: token
          keys:
            - id: main
              secert: "\(tokenSecret())"
        """
        #expect(lines(yaml) == [
            "test.yaml:6:7: web_auth.keys[0]: needs a secret or a public_key_file; add 'secret: ...' (e.g. from `openssl rand -hex 32`) or 'public_key_file: /etc/webrtc-gateway/token-key.pem' under 'web_auth.keys[0]'",
            "test.yaml:7:7: web_auth.keys[0].secert: unknown key; did you mean 'secret'?",
        ])
    }

    @Test(arguments: [
        ("jwt", "unknown value 'jwt'; allowed values: open, token"),
        ("tokens", "unknown value 'tokens'; did you mean 'token'?"),
        ("\"\"", "unknown value ''; allowed values: open, token"),
    ])
    func modeIsOpenOrToken(value: String, message: String) {
        let yaml = minimalYAML + "web_auth:\n  mode: \(value)\n"
        #expect(lines(yaml) == ["test.yaml:4:9: web_auth.mode: " + message])
    }

    @Test(arguments: ["web_auth:\n  mode: token\n", "web_auth:\n  mode: token\n  keys: []\n",
                      "web_auth:\n  mode: token\n  keys: ~\n"])
    func tokenModeNeedsAKey(extra: String) {
        #expect(lines(minimalYAML + extra) == [
            "test.yaml:4:9: web_auth.mode: token mode needs at least one key; add 'keys: [{id: main, secret: \"...\"}]' under 'web_auth', the secret from `openssl rand -hex 32`, or set 'mode: open'",
        ])
    }

    @Test func keysInOpenModeAreAMistake() {
        let implicit = minimalYAML + "web_auth:\n  keys:\n    - secret: \(tokenSecret())\n"
        #expect(lines(implicit) == [
            "test.yaml:5:5: web_auth.keys: keys are used only when mode: token; set 'mode: token' under 'web_auth' or remove 'keys'",
        ])
        let explicit = minimalYAML + "web_auth:\n  mode: open\n  keys: [{secret: \(tokenSecret())}]\n"
        #expect(lines(explicit) == [
            "test.yaml:5:9: web_auth.keys: keys are used only when mode: token; set 'mode: token' under 'web_auth' or remove 'keys'",
        ])
    }

    @Test func aRejectedModeOrKeysListDoesNotCascade() {
        let badMode = minimalYAML + "web_auth:\n  mode: jwt\n  keys: [{secret: \(tokenSecret())}]\n"
        #expect(lines(badMode) == ["test.yaml:4:9: web_auth.mode: unknown value 'jwt'; allowed values: open, token"])
        let badKeys = minimalYAML + "web_auth:\n  mode: token\n  keys: main\n"
        #expect(lines(badKeys) == [
            "test.yaml:5:9: web_auth.keys: expected a list, got the value 'main'; write a list, e.g. [{id: main, secret: \"...\"}]",
        ])
        let badItem = minimalYAML + "web_auth:\n  mode: token\n  keys:\n    - main\n"
        #expect(lines(badItem) == [
            "test.yaml:6:7: web_auth.keys[0]: expected a mapping of keys to values, got the value 'main'; write the keys indented below 'web_auth.keys[0]'",
        ])
    }

    @Test func eachKeyHasExactlyOneOfSecretAndPublicKeyFile() {
        let yaml = minimalYAML + """
        web_auth:
          mode: token
          keys:
            - id: both
              secret: "\(tokenSecret())"
              public_key_file: /etc/key.pem
            - id: neither
            - {}
        """
        #expect(lines(yaml) == [
            "test.yaml:8:24: web_auth.keys[0].public_key_file: a key has either a secret or a public_key_file, not both; keep one: secret (HS256) or public_key_file (ES256, RS256, EdDSA); a second key is an item of 'keys' of its own",
            "test.yaml:9:7: web_auth.keys[1]: needs a secret or a public_key_file; add 'secret: ...' (e.g. from `openssl rand -hex 32`) or 'public_key_file: /etc/webrtc-gateway/token-key.pem' under 'web_auth.keys[1]'",
            "test.yaml:10:7: web_auth.keys[2]: needs a secret or a public_key_file; add 'secret: ...' (e.g. from `openssl rand -hex 32`) or 'public_key_file: /etc/webrtc-gateway/token-key.pem' under 'web_auth.keys[2]'",
        ])
    }

    @Test(arguments: [
        (tokenSecret(31), "is 31 characters long; a secret needs at least 32"),
        ("short", "is 5 characters long; a secret needs at least 32"),
        ("\"\"", "is 0 characters long; a secret needs at least 32"),
        (tokenSecret(513), "is longer than 512 characters"),
        ("\"\(tokenSecret(32))é\"", "contains U+E9, which is not printable ASCII"),
        ("\"\(tokenSecret(32))\\t\"", "contains U+9, which is not printable ASCII"),
    ])
    func badSecrets(value: String, message: String) {
        let yaml = minimalYAML + "web_auth:\n  mode: token\n  keys:\n    - secret: \(value)\n"
        let fix = "; use 32 to 512 printable ASCII characters, e.g. the output of `openssl rand -hex 32`"
        #expect(lines(yaml) == ["test.yaml:6:15: web_auth.keys[0].secret: " + message + fix])
    }

    @Test func findingsNeverQuoteTheSecret() {
        let secret = "not-long-enough-but-private"
        let yaml = minimalYAML + "web_auth:\n  mode: token\n  keys:\n    - secret: \(secret)\n"
        let found = lines(yaml)
        #expect(found.count == 1)
        #expect(!found.joined().contains(secret))
    }

    @Test(arguments: [
        ("\"main key\"", "'main key' contains ' '"),
        ("main/1", "'main/1' contains '/'"),
        ("\"\"", "must not be empty"),
        (String(repeating: "k", count: 65), "is longer than 64 characters"),
    ])
    func badKeyIDs(value: String, message: String) {
        let yaml = minimalYAML + "web_auth:\n  mode: token\n  keys:\n    - id: \(value)\n      secret: \(tokenSecret())\n"
        #expect(lines(yaml) == [
            "test.yaml:6:11: web_auth.keys[0].id: " + message + "; use 1 to 64 letters, digits, '.', '_' and '-', e.g. main-2026",
        ])
    }

    @Test func idsAreUniqueAndOnlyOneKeyGoesWithout() {
        let yaml = minimalYAML + """
        web_auth:
          mode: token
          keys:
            - secret: "\(tokenSecret())"
            - id: a
              public_key_file: a.pem
            - public_key_file: b.pem
            - id: a
              secret: "\(tokenSecret(40))"
            - secret: "\(tokenSecret(33))"
        """
        #expect(lines(yaml) == [
            "test.yaml:9:7: web_auth.keys[2].id: web_auth.keys[0] has no id already; only one key may go without; add 'id: ...' under 'web_auth.keys[2]' and sign its tokens with that kid",
            "test.yaml:10:11: web_auth.keys[3].id: id 'a' is already used by web_auth.keys[1]; give every key its own id",
            "test.yaml:12:7: web_auth.keys[4].id: web_auth.keys[0] has no id already; only one key may go without; add 'id: ...' under 'web_auth.keys[4]' and sign its tokens with that kid",
        ])
    }

    @Test func aRejectedIDIsNotTakenForAMissingOne() {
        let yaml = minimalYAML + """
        web_auth:
          mode: token
          keys:
            - secret: "\(tokenSecret())"
            - id: "b b"
              secret: "\(tokenSecret())"
        """
        #expect(lines(yaml) == [
            "test.yaml:7:11: web_auth.keys[1].id: 'b b' contains ' '; use 1 to 64 letters, digits, '.', '_' and '-', e.g. main-2026",
        ])
    }

    @Test(arguments: [
        ("audience: \"\"", "test.yaml:4:13: web_auth.audience: must not be empty; use 1 to 256 printable ASCII characters, e.g. webrtc-gateway"),
        ("audience: \"gäteway\"", "test.yaml:4:13: web_auth.audience: 'gäteway' contains 'U+E4'; use 1 to 256 printable ASCII characters, e.g. webrtc-gateway"),
        ("audience: [a, b]", "test.yaml:4:13: web_auth.audience: expected text, got a list"),
        ("issuer: \"\"", "test.yaml:4:11: web_auth.issuer: must not be empty; use 1 to 256 printable ASCII characters, e.g. webrtc-gateway"),
        ("issuer: \(String(repeating: "i", count: 257))", "test.yaml:4:11: web_auth.issuer: is longer than 256 characters; use 1 to 256 printable ASCII characters, e.g. webrtc-gateway"),
    ])
    func badClaimTexts(line: String, expected: String) {
        #expect(lines(minimalYAML + "web_auth:\n  " + line + "\n") == [expected])
    }

    @Test(arguments: [
        ("max_token_lifetime_s: 59", "test.yaml:4:25: web_auth.max_token_lifetime_s: 59 is out of range; use a number from 60 to 604800"),
        ("max_token_lifetime_s: 604801", "test.yaml:4:25: web_auth.max_token_lifetime_s: 604801 is out of range; use a number from 60 to 604800"),
        ("max_token_lifetime_s: \"600\"", "test.yaml:4:25: web_auth.max_token_lifetime_s: expected a number, got the quoted text \"600\"; remove the quotes"),
        ("max_calls_per_identity: 0", "test.yaml:4:27: web_auth.max_calls_per_identity: 0 is out of range; use a number from 1 to 1000"),
        ("max_calls_per_identity: 1001", "test.yaml:4:27: web_auth.max_calls_per_identity: 1001 is out of range; use a number from 1 to 1000"),
        ("calls_per_minute_per_identity: 0", "test.yaml:4:34: web_auth.calls_per_minute_per_identity: 0 is out of range; use a number from 1 to 10000"),
        ("calls_per_minute_per_identity: 10001", "test.yaml:4:34: web_auth.calls_per_minute_per_identity: 10001 is out of range; use a number from 1 to 10000"),
        ("calls_per_minute_per_identity: many", "test.yaml:4:34: web_auth.calls_per_minute_per_identity: expected a whole number, got 'many'; write a number from 1 to 10000"),
    ])
    func numbersOutOfRange(line: String, expected: String) {
        #expect(lines(minimalYAML + "web_auth:\n  " + line + "\n") == [expected])
    }

    @Test func everyMistakeInTheSectionIsReportedAtOnce() {
        let yaml = minimalYAML + """
        web_auth:
          mode: token
          audience: ""
          max_calls_per_identity: 0
          keys:
            - id: a
              secret: short
            - id: a
              public_key_file: a.pem
            - id: a
              public_key_file: b.pem
          colour: blue
        """
        #expect(findings(yaml).map { "\($0.line):\($0.column) \($0.keyPath)" } == [
            "5:13 web_auth.audience",
            "6:27 web_auth.max_calls_per_identity",
            "9:15 web_auth.keys[0].secret",
            "12:11 web_auth.keys[2].id",
            "14:3 web_auth.colour",
        ])
    }
}
