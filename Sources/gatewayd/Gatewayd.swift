import ArgumentParser
import Config
import Foundation
import GatewayServer
import Logging

@main
struct Gatewayd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatewayd",
        abstract: "A WebRTC ↔ SIP gateway: browsers call phones, phones reach browsers.",
        subcommands: [Serve.self, CheckConfig.self, DialplanCommand.self, TokenCommand.self, OperatorCommand.self,
                      APIKeyCommand.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the gateway.")

    @Option(name: .long, help: "Path of the configuration file.")
    var config: String = "Config/gateway.yaml"

    func run() async throws {
        let loaded = try loadConfig(config)
        let logger = makeLogger(loaded.log)
        try await GatewayService(config: loaded, logger: logger).run()
    }
}

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a configuration file and exit.")

    @Option(name: .long, help: "Path of the configuration file.")
    var config: String = "Config/gateway.yaml"

    func run() throws {
        _ = try loadConfig(config)
        print("\(config): OK")
    }
}

/// Loads the configuration or stops with every finding and exit status 78 (EX_CONFIG).
func loadConfig(_ path: String) throws -> GatewayConfig {
    do {
        return try GatewayConfig.load(path: path)
    } catch {
        FileHandle.standardError.write(Data("gatewayd: the configuration has errors:\n\(error)\n".utf8))
        throw ExitCode(78)
    }
}

func makeLogger(_ config: LogConfig) -> Logger {
    let level = Logger.Level(rawValue: config.level.rawValue) ?? .info
    LoggingSystem.bootstrap { label in
        switch config.format {
        case .json:
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
    return Logger(label: "gatewayd")
}
