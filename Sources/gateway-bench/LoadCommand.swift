import ArgumentParser
import CBenchFloor
import Foundation
import Gateway

/// `gateway-bench load`: calls per core under load through a real gatewayd over loopback.
/// The generator plays both ends of every call, a browser (WebSocket signaling, ICE,
/// DTLS-SRTP, Opus) and a phone behind a SIP trunk (UDP SIP, RTP, PCMU), each sending
/// speech every 20 ms, and measures over a steady window what gatewayd's CPU costs per
/// call and whether every packet came through in time.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Calls through a running gatewayd (Opus <-> PCMU over loopback): CPU per call, packets checked both ways.",
        discussion: """
            Build both first, in release, one product per swift build (it takes one --product): \
            swift build -c release --product gatewayd, then the same with --product gateway-bench. Several \
            --calls values (e.g. 20,50,100) hold each number in turn on one gatewayd, adding calls between windows.
            """)

    @Option(help: "Calls to hold; a comma-separated rising list measures each in turn.")
    var calls: String = "5"

    @Option(help: "Length of each measuring window, seconds.")
    var seconds: Double = 10

    @Option(help: "The gatewayd binary (the release build by default).")
    var gatewayd: String = ".build/release/gatewayd"

    @Option(help: "Write the JSON report to this file (directories are created).")
    var json: String?

    @Option(help: "Media threads of the generator.")
    var threads: Int = 2

    @Option(help: "Pacing slots per 20 ms (calls are spread over them); must divide 20 ms.")
    var slots: Int = 20

    @Option(name: .customLong("late-ms"), help: "A packet later than this beyond its stream's quickest counts as late.")
    var lateMilliseconds: Double = 20

    @Option(help: "New calls per second while setting up.")
    var rate: Double = 20

    @Option(help: "Seconds to wait after the last call connected before measuring.")
    var settle: Double = 2

    @Option(name: .customLong("gateway-cpus"),
            help: "Keep gatewayd on these CPUs (comma-separated numbers) and the generator's media threads off them.")
    var gatewayCPUs: String?

    @Option(name: .customLong("idle-seconds"), help: "Seconds gatewayd's CPU is measured with no call, before the first step.")
    var idleSeconds: Double = 3

    @Option(help: "The trunk's codec: pcmu (the gateway transcodes Opus ↔ PCMU) or opus (it relays Opus as it comes).")
    var codec: String = "pcmu"

    @Flag(name: .customLong("rtpengine"),
          help: "After gatewayd, hold the same steps through rtpengine (Debian's rtpengine-daemon, userspace) and report its CPU per call beside gatewayd's.")
    var sideBySide = false

    @Flag(name: .customLong("relay-floor"),
          help: "After gatewayd, hold the same numbers of calls through a C relay that does nothing but AES-GCM SRTP (as `relay-floor`) at the same pacing, and report gatewayd's CPU per call over it.")
    var relayFloor = false

    @Option(name: .customLong("rtpengine-path"), help: "The rtpengine binary.")
    var rtpenginePath = "/usr/bin/rtpengine"

    @Option(name: .customLong("allocation-probe"),
            help: "The allocation probe library to preload into gatewayd (default: \(AllocationProbe.libraryName) beside gateway-bench, if built); 'off' counts nothing.")
    var allocationProbe: String?

    /// The probe library to preload, nil to count nothing.
    var allocationProbeLibrary: String? {
        switch allocationProbe {
        case "off": nil
        case let path?: URL(fileURLWithPath: path).standardizedFileURL.path
        case nil: AllocationProbe.findLibrary()
        }
    }

    /// `--calls` as numbers (`validate` refuses an item that is not one).
    var callCounts: [Int] { commaSeparated(calls) ?? [] }

    /// `--gateway-cpus` as CPU numbers; empty when not given.
    var gatewayCPUList: [Int] { commaSeparated(gatewayCPUs ?? "") ?? [] }

    /// The CPU masks for gatewayd and the generator, or nil when `--gateway-cpus` is not given.
    func cpuMasks() throws -> (gateway: UInt64, generator: UInt64)? {
        guard gatewayCPUs != nil else { return nil }
        guard let cpus = commaSeparated(gatewayCPUs ?? "", as: Int.self), !cpus.isEmpty,
              cpus.allSatisfy({ (0..<64).contains($0) }) else {
            throw ValidationError("--gateway-cpus takes CPU numbers 0…63, comma-separated")
        }
        let available = load_thread_cpus()
        let gateway = cpus.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) }
        guard gateway & available == gateway else {
            throw ValidationError("--gateway-cpus names CPUs this process may not use (mask \(String(available, radix: 2)))")
        }
        let generator = available & ~gateway
        guard generator != 0 else { throw ValidationError("--gateway-cpus must leave a CPU for the generator") }
        return (gateway, generator)
    }

    func validate() throws {
        _ = try cpuMasks()
        guard let counts = commaSeparated(calls, as: Int.self), !counts.isEmpty, counts.allSatisfy({ (1...5000).contains($0) })
        else { throw ValidationError("--calls takes numbers of calls (1…5000), comma-separated") }
        guard counts == counts.sorted(), Set(counts).count == counts.count else {
            throw ValidationError("--calls values must rise")
        }
        guard seconds >= 1, seconds <= 3600 else { throw ValidationError("--seconds must be 1…3600") }
        guard (1...16).contains(threads) else { throw ValidationError("--threads must be 1…16") }
        guard slots >= 1, PacingSchedule.periodNanoseconds % Int64(slots) == 0 else {
            throw ValidationError("--slots must divide 20 ms in nanoseconds (e.g. 1, 4, 10, 20, 40)")
        }
        guard lateMilliseconds > 0 else { throw ValidationError("--late-ms must be positive") }
        guard rate > 0, rate <= 1000 else { throw ValidationError("--rate must be 0…1000 calls per second") }
        guard settle >= 0 else { throw ValidationError("--settle must not be negative") }
        guard TrunkCodec(rawValue: codec) == .pcmu || TrunkCodec(rawValue: codec) == .opus else {
            throw ValidationError("--codec takes pcmu or opus")
        }
        guard idleSeconds >= 1 else { throw ValidationError("--idle-seconds must be at least 1") }
        if let allocationProbe, allocationProbe != "off", !FileManager.default.fileExists(atPath: allocationProbe) {
            throw ValidationError("--allocation-probe: no file at \(allocationProbe); build it with "
                                  + "swift build -c release --product GatewayAllocationProbe, or pass 'off'")
        }
    }

    func run() async throws {
        let machine = MachineInfo.current()
        let counts = callCounts
        progress("preparing speech: Opus at 48 kHz (narrowband, wideband and fullband clips), PCMU at 8 kHz")
        let media = try LoadMedia()
        let masks = try cpuMasks()
        let run = try LoadRun(
            settings: .init(gatewayd: gatewayd, mediaThreads: threads, slots: slots,
                            lateLimitNanoseconds: Int64(lateMilliseconds * 1e6), callsPerSecond: rate,
                            rtpPortCount: LoadGatewayConfig.rtpPortCount(calls: counts.last ?? 1),
                            gatewayCPUs: masks == nil ? nil : gatewayCPUList, generatorCPUMask: masks?.generator,
                            trunkCodec: TrunkCodec(rawValue: codec) ?? .pcmu, allocationProbeLibrary: allocationProbeLibrary),
            media: media)
        var steps: [LoadReport.Step] = []
        var setupSeconds = 0.0
        var idleShare = 0.0
        var idleResident: Int?
        do {
            try await run.start()
            progress("gatewayd \(run.gateway?.pid ?? 0) is up (config and log in \(run.directory)); "
                     + "measuring it idle for \(idleSeconds) s")
            (idleShare, idleResident) = try await LoadWindow.idle(run, seconds: idleSeconds)
            for count in counts {
                let began = LoadClock.now()
                progress("placing calls up to \(count) at \(rate) per second")
                try await run.grow(to: count, timeoutSeconds: 30 + Double(count) / rate)
                setupSeconds += Double(LoadClock.now() - began) / 1e9
                progress("\(count) calls connected; settling \(settle) s, then measuring \(seconds) s")
                try await Task.sleep(for: .seconds(settle))
                let step = try await LoadWindow.measure(run, seconds: seconds, idleShare: idleShare)
                steps.append(step)
                progress("\(count) calls: gatewayd \(String(format: "%.1f", step.gatewayCPUPercentOfCore)) % of a core, "
                         + step.verdict + (step.clean ? "" : ": " + step.problems.joined(separator: "; ")))
            }
        } catch {
            progress("failed: \(error)")
            let open = await run.tearDown()
            if open > 0 { progress("\(open) calls did not close") }
            progress("gatewayd's configuration and log are kept in \(run.directory)")
            if steps.isEmpty { throw ExitCode.failure }
        }
        progress("hanging up")
        let open = await run.tearDown()
        if open == 0, steps.count == counts.count { try? FileManager.default.removeItem(atPath: run.directory) }
        let byes = run.uas.snapshot.byes
        progress("\(run.calls.count - open) of \(run.calls.count) calls closed, \(byes) BYEs answered")
        let largest = steps.last { $0.clean }
        var report = LoadReport(
            codec: codec == "opus" ? "opus<->opus (relayed)" : "opus<->pcmu", gatewayd: gatewayd, mediaThreads: threads, gatewayCPUs: masks == nil ? nil : gatewayCPUList, slotsPer20ms: slots, lateLimitMilliseconds: lateMilliseconds,
            browserOpus: run.answeredClips.summary,
            browserOpusMeanPayloadBytes: media.meanOpusPayloadBytes(run.answeredClips.sorted.first ?? .fullband),
            setupSeconds: setupSeconds,
            idleGatewayCPUPercentOfCore: idleShare * 100, idleGatewayResidentKilobytes: idleResident, steps: steps,
            largestCleanCalls: largest?.calls, callsPerCoreAt70: largest?.callsPerCoreAt70,
            largestCleanCallsWithin70PercentOfACore: steps.last { $0.clean && $0.gatewayCPUPercentOfCore <= 70 }?.calls,
            machine: machine)
        report.residentKilobytesPerCall = LoadReport.residentSlope(steps: steps, idleKilobytes: idleResident)
        if relayFloor {
            let floorSteps = measureRelayFloor(counts: steps.map(\.calls), payload: report.browserOpusMeanPayloadBytes)
            report.relayFloorSteps = floorSteps
            report.gatewayToRelayFloorCPU = LoadReport.ratios(gateway: steps, relayFloor: floorSteps)
        }
        if sideBySide {
            let threads = ProcessInfo.processInfo.activeProcessorCount
            report.rtpengineThreads = threads
            let (rtpengineSteps, clips) = await runRtpengine(counts: counts, media: media, threads: threads)
            report.rtpengineSteps = rtpengineSteps
            report.rtpengineBrowserOpus = clips
            report.rtpengineToGatewayCPU = LoadReport.ratios(gateway: steps, rtpengine: rtpengineSteps)
        }
        print(report.table)
        if let json { try ReportFile.write(report, to: json) }
    }

    /// The floor under the same numbers of calls, once gatewayd is gone: the relay threads
    /// are as many as the machine's cores (gatewayd's media loops), the payloads as long as
    /// the browsers' mean, the window and settling time the steps'.
    private func measureRelayFloor(counts: [Int], payload: Double) -> [RelayFloorStep] {
        var floorSteps: [RelayFloorStep] = []
        let threads = ProcessInfo.processInfo.activeProcessorCount
        for count in counts {
            let step: RelayFloorStep
            do {
                step = try RelayFloorStep.measure(calls: count, threads: threads, warmup: settle, seconds: seconds,
                                                  payload: Int(max(1, payload.rounded())), crypto: .aesGCM)
            } catch {
                progress(error.description)
                break
            }
            progress("relay floor: " + step.line.trimmingCharacters(in: .whitespaces))
            floorSteps.append(step)
        }
        return floorSteps
    }

    /// The same steps through rtpengine; the steps measured before anything failed.
    private func runRtpengine(counts: [Int], media: LoadMedia, threads: Int) async -> ([LoadReport.Step], String?) {
        var steps: [LoadReport.Step] = []
        var clips: String?
        do {
            let run = try RtpengineRun(
                settings: .init(binary: rtpenginePath, mediaThreads: self.threads, slots: slots,
                                lateLimitNanoseconds: Int64(lateMilliseconds * 1e6), callsPerSecond: rate,
                                threads: threads, maximumCalls: counts.last ?? 1,
                                trunkCodec: TrunkCodec(rawValue: codec) ?? .pcmu),
                media: media)
            defer {
                clips = run.answeredClips.summary
                run.tearDown()
            }
            try run.start()
            progress("rtpengine \(run.rtpengine?.pid ?? 0) is up (\(threads) worker and media threads); "
                     + "measuring it idle for \(idleSeconds) s")
            let (idleShare, _) = try await LoadWindow.idle(run, seconds: idleSeconds)
            for count in counts {
                progress("rtpengine: placing calls up to \(count) at \(rate) per second")
                try await run.grow(to: count, timeoutSeconds: 30 + Double(count) / rate)
                try await Task.sleep(for: .seconds(settle))
                let step = try await LoadWindow.measure(run, seconds: seconds, idleShare: idleShare)
                steps.append(step)
                progress("rtpengine, \(count) calls: \(String(format: "%.1f", step.gatewayCPUPercentOfCore)) % of a core, "
                         + step.verdict + (step.clean ? "" : ": " + step.problems.joined(separator: "; ")))
            }
        } catch {
            progress("rtpengine failed: \(error)")
        }
        return (steps, clips)
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data(("load: " + line + "\n").utf8))
    }
}
