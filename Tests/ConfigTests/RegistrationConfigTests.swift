import CoreTypes
import Testing
@testable import Config

/// A trunk's registration keys: `register`, `register_expires_s`, `registrar`, `auth_username`.
@Suite struct RegistrationConfigTests {
    /// `minimalYAML` with one trunk `t` whose extra keys are `keys` (one per line).
    func yaml(_ keys: [String]) -> String {
        minimalYAML + "calls: {default_trunk: t}\ntrunks:\n  - name: t\n    address: sip.example.net\n"
            + keys.map { "    \($0)\n" }.joined()
    }

    @Test func registrationIsOffByDefault() throws {
        let trunk = try #require(try GatewayConfig.parse(yaml: yaml([]), source: testSource).trunks.first)
        #expect(trunk.register == false)
        #expect(trunk.registerExpires == .seconds(3600))
        #expect(trunk.registrar == nil)
        #expect(trunk.authUsername == nil)
    }

    @Test func everyRegistrationKeySet() throws {
        let text = yaml(["username: \"4930123\"", "password: secret", "register: true", "register_expires_s: 600",
                         "registrar: \"reg.example.net:5080\"", "auth_username: acct-77"])
        let trunk = try #require(try GatewayConfig.parse(yaml: text, source: testSource).trunks.first)
        #expect(trunk.register)
        #expect(trunk.registerExpires == .seconds(600))
        #expect(trunk.registrar == Endpoint(host: "reg.example.net", port: 5080))
        #expect(trunk.authUsername == "acct-77")
        #expect(trunk.username == "4930123")
        #expect(trunk.description.contains("register: true"))
        #expect(!trunk.description.contains("secret"))
    }

    @Test func registrarPortDefaultsTo5060() throws {
        let text = yaml(["username: u", "password: p", "register: true", "registrar: reg.example.net"])
        let trunk = try #require(try GatewayConfig.parse(yaml: text, source: testSource).trunks.first)
        #expect(trunk.registrar == Endpoint(host: "reg.example.net", port: 5060))
    }

    @Test(arguments: [
        ("register: yes", "test.yaml:9:15: trunks[0].register: expected true or false, got 'yes'; write true or false without quotes"),
        ("register: \"true\"", "test.yaml:9:15: trunks[0].register: expected true or false, got 'true'; write true or false without quotes"),
        ("register_expires_s: 59", "test.yaml:9:25: trunks[0].register_expires_s: 59 is out of range; use a number from 60 to 86400"),
        ("register_expires_s: 86401", "test.yaml:9:25: trunks[0].register_expires_s: 86401 is out of range; use a number from 60 to 86400"),
        ("registrar: \"reg.example.net:0\"", "test.yaml:9:16: trunks[0].registrar: port '0' in 'reg.example.net:0' is not between 1 and 65535; use a port from 1 to 65535"),
        ("registrar: \"reg..example.net\"", "test.yaml:9:16: trunks[0].registrar: 'reg..example.net' is not a valid host name; use letters, digits, '-' and '.', e.g. sip.example.net"),
        ("regster: true", "test.yaml:9:5: trunks[0].regster: unknown key; did you mean 'register'?"),
    ])
    func rejectedRegistrationValues(line: String, expected: String) {
        #expect(lines(yaml(["username: u", "password: p", line])) == [expected])
    }

    @Test func registeringWithoutCredentialsIsAClearFinding() {
        #expect(lines(yaml(["register: true"])) == [
            "test.yaml:7:15: trunks[0].register: registering needs username and password; "
                + "add 'username: ...' and 'password: ...' under 'trunks[0]', or set 'register: false'",
        ])
    }

    @Test func registeringWithOnlyAUsernameNamesThePassword() {
        #expect(lines(yaml(["username: u", "register: true"])) == [
            "test.yaml:7:15: trunks[0].password: username is set but password is missing; "
                + "add 'password: ...' under 'trunks[0]' or remove 'username'",
        ])
    }

    @Test func authUsernameWithoutCredentialsIsAFinding() {
        #expect(lines(yaml(["auth_username: acct"])) == [
            "test.yaml:7:20: trunks[0].auth_username: auth_username is set but username and password are missing; "
                + "add 'username: ...' and 'password: ...' under 'trunks[0]' or remove 'auth_username'",
        ])
    }

    @Test func registrationKeysWithoutRegisterAreAccepted() throws {
        let text = yaml(["register_expires_s: 120", "registrar: \"192.0.2.7\""])
        let trunk = try #require(try GatewayConfig.parse(yaml: text, source: testSource).trunks.first)
        #expect(!trunk.register)
        #expect(trunk.registrar == Endpoint(host: "192.0.2.7", port: 5060))
    }
}
