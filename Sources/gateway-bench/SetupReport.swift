/// The setup scenario's result, written as JSON (`--json`) and printed as a table.
struct SetupReport: Codable {
    struct Step: Codable {
        var requestedRate: Double
        var placed: Int
        /// Calls the gateway reported `connected` (answered by the trunk, browser media up).
        var connected: Int
        /// Calls the gateway refused at once as overloaded (`unavailable`,
        /// `calls.overload_queue_delay_ms`) instead of queueing them.
        var refused: Int
        var firstProblem: String?
        /// Connected calls over the time the calls were being placed.
        var achievedRate: Double
        /// From placing the call (before its WebSocket connects) to `connected`, milliseconds.
        var setupP50Milliseconds: Double?
        var setupP99Milliseconds: Double?
        var setupMaxMilliseconds: Double?
        /// From `hangup` to `closed`.
        var teardownP50Milliseconds: Double?
        var teardownP99Milliseconds: Double?
        /// gatewayd's CPU over the step (placing, then every call closing), per connected call.
        var gatewayCPUMillisecondsPerCall: Double?
        var gatewayCPUPercentOfCore: Double

        init(rate: Double, calls: [SignalingCall.Progress], placingSeconds: Double, elapsedSeconds: Double,
             gatewayCPUSeconds: Double) {
            requestedRate = rate
            placed = calls.count
            let setups = calls.compactMap { call in call.connectedAt.flatMap { end in call.placedAt.map { end - $0 } } }
            let teardowns = calls.compactMap { call in call.closedAt.flatMap { end in call.hangupAt.map { end - $0 } } }
            connected = setups.count
            refused = calls.filter { $0.connectedAt == nil && $0.problem?.hasPrefix("unavailable: The gateway is overloaded") == true }.count
            firstProblem = calls.first { $0.connectedAt == nil }.map { $0.problem ?? "not connected (last state \($0.lastState ?? "none"))" }
            achievedRate = placingSeconds > 0 ? Double(connected) / placingSeconds : 0
            setupP50Milliseconds = Self.quantile(setups, 0.5)
            setupP99Milliseconds = Self.quantile(setups, 0.99)
            setupMaxMilliseconds = setups.max().map { Double($0) / 1e6 }
            teardownP50Milliseconds = Self.quantile(teardowns, 0.5)
            teardownP99Milliseconds = Self.quantile(teardowns, 0.99)
            gatewayCPUMillisecondsPerCall = connected > 0 ? gatewayCPUSeconds * 1000 / Double(connected) : nil
            gatewayCPUPercentOfCore = elapsedSeconds > 0 ? gatewayCPUSeconds / elapsedSeconds * 100 : 0
        }

        /// The nearest-rank quantile of nanosecond durations, in milliseconds.
        static func quantile(_ values: [Int64], _ fraction: Double) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let rank = min(sorted.count, max(1, Int((fraction * Double(sorted.count)).rounded(.up))))
            return Double(sorted[rank - 1]) / 1e6
        }
    }

    var scenario = "setup"
    var gatewayd: String
    var steps: [Step]
    /// The highest rate at which every call placed was connected.
    var largestRateAllConnected: Double?
    var machine: MachineInfo

    var table: String {
        func cell(_ value: Double?, _ decimals: Int = 1) -> String {
            guard let value else { return "n/a" }
            let scale = [1.0, 10, 100][min(decimals, 2)]
            return String((value * scale).rounded() / scale)
        }
        var lines = ["setup: calls placed at each rate, hung up when connected; times from placing the call "
                     + "(new WebSocket, offer, ICE, DTLS) to `connected`, and from `hangup` to `closed`"]
        lines.append(["rate/s", "placed", "connected", "refused", "achieved/s", "setup p50 ms", "p99 ms", "max ms",
                      "teardown p50", "p99", "CPU ms/call", "gatewayd %"]
            .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
        for step in steps {
            lines.append([cell(step.requestedRate, 0), String(step.placed), String(step.connected), String(step.refused),
                          cell(step.achievedRate),
                          cell(step.setupP50Milliseconds), cell(step.setupP99Milliseconds), cell(step.setupMaxMilliseconds),
                          cell(step.teardownP50Milliseconds), cell(step.teardownP99Milliseconds),
                          cell(step.gatewayCPUMillisecondsPerCall, 2), cell(step.gatewayCPUPercentOfCore)]
                .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
            if let problem = step.firstProblem { lines.append("  first call not connected: \(problem)") }
        }
        lines.append("")
        lines.append("highest rate with every call connected: \(largestRateAllConnected.map { cell($0, 0) } ?? "none")"
                     + "; machine: \(machine.cpuModel), \(machine.cores) cores, load average \(cell(machine.loadAverageAtStart, 2)) at start")
        return lines.joined(separator: "\n")
    }
}
