import ArgumentParser

/// `gateway-bench <scenario>`: measurements of the gateway's own code (docs/performance.md).
/// Each scenario is a subcommand with its own options; `media` is the first.
@main
struct GatewayBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway-bench",
        abstract: "Measure what the gateway's code costs. Build with -c release.",
        subcommands: [MediaCommand.self])
}
