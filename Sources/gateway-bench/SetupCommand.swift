import ArgumentParser
import Foundation

/// `gateway-bench setup`: how many calls a second gatewayd sets up and tears down. Each call
/// is a browser of its own (a new WebSocket, the `call` message with an Opus offer, ICE,
/// the DTLS handshake, SRTP keys) to the load trunk, which answers at once; the call is
/// hung up as soon as the gateway reports it `connected`. No media is carried. Calls are
/// placed at a steady rate for a window, one rate after another.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Call set-up and tear-down rate through a running gatewayd over loopback.")

    @Option(help: "New calls per second; a comma-separated rising list measures each in turn.")
    var rates: String = "50,100,200"

    @Option(help: "Seconds of calls placed at each rate.")
    var seconds: Double = 10

    @Option(help: "The gatewayd binary (the release build by default).")
    var gatewayd: String = ".build/release/gatewayd"

    @Option(help: "Write the JSON report to this file (directories are created).")
    var json: String?

    @Option(help: "Media threads of the generator (they run ICE and DTLS).")
    var threads: Int = 2

    @Option(name: .customLong("overload-queue-delay-ms"),
            help: "gatewayd's calls.overload_queue_delay_ms (0: queue every call however long it takes); its default if not given.")
    var overloadQueueDelayMilliseconds: Int?

    /// `--rates` as numbers (`validate` refuses an item that is not one).
    var rateList: [Double] { commaSeparated(rates) ?? [] }

    func validate() throws {
        guard let list = commaSeparated(rates, as: Double.self), !list.isEmpty, list.allSatisfy({ $0 > 0 && $0 <= 2000 })
        else { throw ValidationError("--rates takes calls per second (up to 2000), comma-separated") }
        guard seconds >= 1, seconds <= 600 else { throw ValidationError("--seconds must be 1…600") }
        guard (1...16).contains(threads) else { throw ValidationError("--threads must be 1…16") }
        // CallsConfig.overloadQueueDelayRange (gateway-bench does not link the Config module).
        if let delay = overloadQueueDelayMilliseconds, delay != 0, !(20...10_000).contains(delay) {
            throw ValidationError("--overload-queue-delay-ms must be 0 or 20…10000")
        }
    }

    func run() async throws {
        let machine = MachineInfo.current()
        let list = rateList
        let total = list.reduce(0) { $0 + Int(($1 * seconds).rounded()) }
        let run = try LoadRun(
            settings: .init(gatewayd: gatewayd, mediaThreads: threads, slots: 20, lateLimitNanoseconds: 20_000_000,
                            callsPerSecond: list.last ?? 1,
                            rtpPortCount: LoadGatewayConfig.rtpPortCount(calls: Int((list.max() ?? 1) * 4) + 50),
                            gatewayCPUs: nil, generatorCPUMask: nil, setupOnly: true, allocationProbeLibrary: nil,
                            overloadQueueDelayMilliseconds: overloadQueueDelayMilliseconds),
            media: try LoadMedia())
        var steps: [SetupReport.Step] = []
        do {
            try await run.start()
            progress("gatewayd \(run.gateway?.pid ?? 0) is up; \(total) calls to place")
            for rate in list {
                let step = try await measure(run, rate: rate)
                steps.append(step)
                progress("\(Int(rate)) calls/s: \(step.connected) of \(step.placed) connected, "
                         + "setup p50 \(step.setupP50Milliseconds.map { String(format: "%.1f", $0) } ?? "n/a") ms")
            }
        } catch {
            progress("failed: \(error)")
        }
        _ = await run.tearDown()
        if steps.isEmpty { throw ExitCode.failure }
        try? FileManager.default.removeItem(atPath: run.directory)
        let report = SetupReport(gatewayd: gatewayd, steps: steps,
                                 largestRateAllConnected: steps.last { $0.connected == $0.placed }?.requestedRate,
                                 machine: machine)
        print(report.table)
        if let json { try ReportFile.write(report, to: json) }
    }

    /// Places `rate × seconds` calls on absolute deadlines, waits for all to close, and
    /// reads their times and gatewayd's CPU over the whole step.
    private func measure(_ run: LoadRun, rate: Double) async throws -> SetupReport.Step {
        guard let pid = run.gateway?.pid, let cpuBefore = ProcessCPU.seconds(pid: pid) else {
            throw LoadRun.Failure(description: "gatewayd is not running")
        }
        let first = run.calls.count
        let count = Int((rate * seconds).rounded())
        let start = LoadClock.now()
        for offset in 0..<count {
            let due = start + Int64(Double(offset) / rate * 1e9)
            let wait = due - LoadClock.now()
            if wait > 0 { try await Task.sleep(for: .nanoseconds(wait)) }
            run.place(first + offset)
        }
        let placingSeconds = Double(LoadClock.now() - start) / 1e9
        let deadline = LoadClock.now() + 60_000_000_000
        while run.calls[first...].contains(where: { !$0.snapshot.ended }), LoadClock.now() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let elapsed = Double(LoadClock.now() - start) / 1e9
        let cpu = (ProcessCPU.seconds(pid: pid) ?? cpuBefore) - cpuBefore
        return SetupReport.Step(rate: rate, calls: run.calls[first...].map(\.snapshot), placingSeconds: placingSeconds,
                                elapsedSeconds: elapsed, gatewayCPUSeconds: cpu)
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data(("setup: " + line + "\n").utf8))
    }
}
