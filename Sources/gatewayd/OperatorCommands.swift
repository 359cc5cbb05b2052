import ArgumentParser
import Config
import Foundation
import Hashing
import Store

/// `gatewayd operator add|remove|list`: people who sign in to the admin console, with
/// passwords kept as scrypt hashes in the store (docs/operations.md "Operators and API keys").
struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Add, remove and list admin console operators.",
        subcommands: [OperatorAdd.self, OperatorRemove.self, OperatorList.self])
}

struct OperatorAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an operator, or set a new password for one.",
        discussion: "The password is asked for (or read from the first line of stdin with --password-stdin); "
            + "12 to 256 characters. A running gateway uses it at the next sign-in; a changed password "
            + "signs the operator out everywhere.")

    @Argument(help: "The operator's sign-in name: 1-64 letters, digits, . _ - @.")
    var name: String

    @Option(name: .long, help: "Configuration file naming the store (store.path).")
    var config: String = "Config/gateway.yaml"

    @Flag(name: .customLong("password-stdin"), help: "Read the password from stdin instead of asking.")
    var passwordFromStdin = false

    func run() throws {
        guard (1...64).contains(name.utf8.count),
              name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)) }) else {
            printError("gatewayd: an operator name is 1-64 letters, digits, . _ - @")
            throw ExitCode(1)
        }
        let password = passwordFromStdin ? readLine(strippingNewline: true) ?? "" : askPassword()
        guard (12...256).contains(password.count) else {
            printError("gatewayd: the password must have 12 to 256 characters")
            throw ExitCode(1)
        }
        let store = try openStore(config: loadConfig(config))
        let existed = try store.operatorAccount(named: name) != nil
        try store.saveOperator(name: name, passwordHash: PasswordHash.make(password: password), at: Date())
        print(existed ? "password of \(name) changed" : "operator \(name) added")
    }

    private func askPassword() -> String {
        guard let first = getpass("Password for \(name): ").map({ String(cString: $0) }),
              let again = getpass("Again: ").map({ String(cString: $0) }), first == again else {
            printError("gatewayd: the passwords differ")
            return ""
        }
        return first
    }
}

struct OperatorRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an operator.")

    @Argument var name: String
    @Option(name: .long) var config: String = "Config/gateway.yaml"

    func run() throws {
        guard try openStore(config: loadConfig(config)).removeOperator(named: name) else {
            printError("gatewayd: no operator \(name)")
            throw ExitCode(1)
        }
        print("operator \(name) removed; their sessions end at their next request")
    }
}

struct OperatorList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List operators.")

    @Option(name: .long) var config: String = "Config/gateway.yaml"

    func run() throws {
        for name in try openStore(config: loadConfig(config)).operatorNames() { print(name) }
    }
}

/// `gatewayd api-key create|list|revoke`: keys REST clients send as
/// `Authorization: Bearer <key>`; only their SHA-256 is stored, so a key is shown once.
struct APIKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-key", abstract: "Create, list and revoke API keys of the REST API.",
        subcommands: [APIKeyCreate.self, APIKeyList.self, APIKeyRevoke.self])
}

struct APIKeyCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a key and print it (it cannot be shown again).")

    @Argument(help: "A name for the key (who uses it): 1-64 letters, digits, . _ -.")
    var name: String
    @Option(name: .long) var config: String = "Config/gateway.yaml"

    func run() throws {
        guard (1...64).contains(name.utf8.count),
              name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }) else {
            printError("gatewayd: a key name is 1-64 letters, digits, . _ -")
            throw ExitCode(1)
        }
        let key = "gwk_" + randomToken(length: 40)
        let store = try openStore(config: loadConfig(config))
        do {
            _ = try store.addAPIKey(name: name, keyHash: Hash.sha256.digest(Array(key.utf8)).hexString,
                                    prefix: String(key.prefix(8)), at: Date())
        } catch {
            printError("gatewayd: cannot add the key (\(error)); is the name \(name) taken? (gatewayd api-key list)")
            throw ExitCode(1)
        }
        print(key)
    }
}

struct APIKeyList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys (names, prefixes, last use).")

    @Option(name: .long) var config: String = "Config/gateway.yaml"

    func run() throws {
        let formatter = ISO8601DateFormatter()
        for key in try openStore(config: loadConfig(config)).apiKeys() {
            print("\(key.name)\t\(key.prefix)…\tcreated \(formatter.string(from: key.createdAt))\t"
                + "last used \(key.lastUsedAt.map(formatter.string(from:)) ?? "never")")
        }
    }
}

struct APIKeyRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key at once.")

    @Argument var name: String
    @Option(name: .long) var config: String = "Config/gateway.yaml"

    func run() throws {
        guard try openStore(config: loadConfig(config)).revokeAPIKey(named: name) else {
            printError("gatewayd: no API key \(name)")
            throw ExitCode(1)
        }
        print("API key \(name) revoked")
    }
}
