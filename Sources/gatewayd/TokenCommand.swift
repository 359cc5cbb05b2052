import ArgumentParser
import Config
import Foundation
import WebAuth

/// `gatewayd token`: a token signed with one of the configuration's HS256 secrets, to try
/// token mode (the web pages take it as `?token=`) without a backend. docs/tokens.md.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Mint a signed web token with a secret of web_auth.keys.",
        discussion: "Prints the token on stdout. Production tokens come from your own backend (docs/tokens.md).")

    @Option(name: .long, help: "Configuration file whose web_auth.keys hold the secret.")
    var config: String = "Config/gateway.yaml"

    @Option(name: .long, help: "The identity (sub claim).")
    var sub: String

    @Option(name: .long, help: "Seconds the token stays valid.")
    var ttl: Int = 600

    @Option(name: .long, help: "Permission classes, comma-separated (dialplan entry.web.classes).")
    var classes: String?

    @Option(name: .long, help: "Number prefixes the identity may dial, comma-separated (e.g. +1212,+44).")
    var numbers: String?

    @Option(name: .customLong("agent-groups"), help: "Agent groups this token signs in to, comma-separated.")
    var agentGroups: String?

    @Option(name: .customLong("max-calls"), help: "Calls at once.")
    var maxCalls: Int?

    @Option(name: .customLong("calls-per-minute"), help: "Calls started per minute.")
    var callsPerMinute: Int?

    @Option(name: .customLong("key-id"), help: "The id of the key to sign with (default: the first secret key).")
    var keyID: String?

    func run() async throws {
        let loaded = try loadConfig(config)
        let auth = loaded.webAuth
        let secrets = auth.keys.compactMap { key -> (String?, String)? in
            if case .secret(let secret) = key.material { return (key.id, secret) }
            return nil
        }
        guard let (id, secret) = keyID.map({ wanted in secrets.first { $0.0 == wanted } }) ?? secrets.first else {
            printError("gatewayd: \(config) has no web_auth.keys secret\(keyID.map { " with id \($0)" } ?? ""); "
                + "add one (docs/configuration.md, web_auth) or mint tokens with your backend's private key")
            throw ExitCode(1)
        }
        guard (60...Int(auth.maxTokenLifetime.components.seconds)).contains(ttl) else {
            printError("gatewayd: --ttl must be 60..\(auth.maxTokenLifetime.components.seconds) (web_auth.max_token_lifetime_s)")
            throw ExitCode(1)
        }
        var request = TokenMinter.Request(subject: sub, lifetime: .seconds(ttl), audience: auth.audience, issuer: auth.issuer)
        request.classes = Self.list(classes)
        request.numbers = Self.list(numbers)
        request.agentGroups = Self.list(agentGroups)
        request.maxCalls = maxCalls
        request.callsPerMinute = callsPerMinute
        do {
            print(try await TokenMinter.mintHS256(request, secret: secret, keyID: id, now: Date()))
        } catch let refusal as TokenRefusal {
            printError("gatewayd: \(refusal)")
            throw ExitCode(1)
        }
    }

    static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
