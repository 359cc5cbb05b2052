import Testing
@testable import Config

/// A valid HS256 secret of `count` characters (32 is the shortest allowed).
func tokenSecret(_ count: Int = 32, _ character: Character = "a") -> String {
    String(repeating: character, count: count)
}

/// `web_auth:` values that are read as written, and the defaults of the ones left out.
@Suite struct WebAuthConfigTests {
    @Test func defaultsAreOpenWithLimits() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML, source: testSource)
        #expect(config.webAuth == WebAuthConfig())
        #expect(config.webAuth.mode == .open)
        #expect(config.webAuth.keys == [])
        #expect(config.webAuth.issuer == nil)
        #expect(config.webAuth.audience == "webrtc-gateway")
        #expect(config.webAuth.maxTokenLifetime == .seconds(86400))
        #expect(config.webAuth.maxCallsPerIdentity == 2)
        #expect(config.webAuth.callsPerMinutePerIdentity == 10)
        #expect(config.webAuth.keyWithoutID == nil)
    }

    @Test(arguments: ["web_auth:\n", "web_auth: ~\n", "web_auth: {}\n",
                      "web_auth:\n  mode: open\n  keys: []\n  issuer: null\n  audience: ~\n"])
    func emptyOrNullValuesTakeTheDefaults(extra: String) throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML + extra, source: testSource)
        #expect(config.webAuth == WebAuthConfig())
    }

    @Test func aFullTokenSection() throws {
        let secret = "0123456789abcdef0123456789abcdef"
        let longSecret = tokenSecret(512, "Z")
        let yaml = minimalYAML + """
        web_auth:
          mode: TOKEN
          issuer: "https://shop.example.com"
          audience: gateway-prod
          max_token_lifetime_s: 600
          max_calls_per_identity: 1
          calls_per_minute_per_identity: 10000
          keys:
            - secret: "\(secret)"
            - id: ec-2026.01
              public_key_file: /etc/webrtc-gateway/token-es256.pem
            - id: hs_2
              secret: \(longSecret)
            - {id: "7", public_key_file: "keys/ed25519 public.pem"}
        """
        let auth = try GatewayConfig.parse(yaml: yaml, source: testSource).webAuth
        var expected = WebAuthConfig()
        expected.mode = .token
        expected.issuer = "https://shop.example.com"
        expected.audience = "gateway-prod"
        expected.maxTokenLifetime = .seconds(600)
        expected.maxCallsPerIdentity = 1
        expected.callsPerMinutePerIdentity = 10000
        expected.keys = [
            TokenKeyConfig(id: nil, material: .secret(secret)),
            TokenKeyConfig(id: "ec-2026.01", material: .publicKeyFile("/etc/webrtc-gateway/token-es256.pem")),
            TokenKeyConfig(id: "hs_2", material: .secret(longSecret)),
            TokenKeyConfig(id: "7", material: .publicKeyFile("keys/ed25519 public.pem")),
        ]
        #expect(auth == expected)
        #expect(auth.keyWithoutID == TokenKeyConfig(id: nil, material: .secret(secret)))
        #expect(auth.key(withID: "hs_2")?.material == .secret(longSecret))
        #expect(auth.key(withID: "7")?.material == .publicKeyFile("keys/ed25519 public.pem"))
        #expect(auth.key(withID: "missing") == nil)
    }

    @Test func limitsApplyInOpenModeToo() throws {
        let yaml = minimalYAML + """
        web_auth:
          max_calls_per_identity: 1000
          calls_per_minute_per_identity: 1
          max_token_lifetime_s: 604800
        """
        let auth = try GatewayConfig.parse(yaml: yaml, source: testSource).webAuth
        #expect(auth.mode == .open)
        #expect(auth.maxCallsPerIdentity == 1000)
        #expect(auth.callsPerMinutePerIdentity == 1)
        #expect(auth.maxTokenLifetime == .seconds(604800))
    }

    @Test func secretsAreNotPrinted() {
        var auth = WebAuthConfig()
        auth.keys = [TokenKeyConfig(id: "main", material: .secret("correct-horse-battery-staple-0123456789")),
                     TokenKeyConfig(id: nil, material: .publicKeyFile("/etc/key.pem"))]
        var config = GatewayConfig(media: MediaConfig(publicAddress: "192.0.2.10"))
        config.webAuth = auth
        for text in [auth.description, String(describing: auth.keys[0]), String(describing: auth.keys[0].material),
                     String(describing: config), String(reflecting: auth)] {
            #expect(!text.contains("correct-horse"), "\(text)")
        }
        #expect(auth.description.contains("secret(<redacted>)"))
        #expect(auth.description.contains("publicKeyFile(/etc/key.pem)"))
    }

    @Test func theShippedFileIsOpenWithTheDefaultLimits() throws {
        let config = try GatewayConfig.load(path: shippedConfigPath)
        #expect(config.webAuth == WebAuthConfig())
        #expect(config.trunks.allSatisfy { $0.maxCalls == nil && $0.callsPerMinute == nil })
    }
}
