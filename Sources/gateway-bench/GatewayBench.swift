import ArgumentParser

/// `gateway-bench <scenario>`: measurements of the gateway's own code (docs/performance.md).
/// Each scenario is a subcommand with its own options: `media` (one call's media path in
/// process), `load` (many calls through a running gatewayd, and rtpengine beside it) and
/// `setup` (the call set-up rate), `udp` and `relay-floor` (what the kernel leaves a relay).
@main
struct GatewayBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway-bench",
        abstract: "Measure what the gateway's code costs. Build with -c release.",
        subcommands: [MediaCommand.self, LoadCommand.self, SetupCommand.self, UDPCommand.self, RelayFloorCommand.self])
}
