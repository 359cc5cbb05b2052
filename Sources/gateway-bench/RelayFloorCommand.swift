import ArgumentParser
import CBenchFloor
import Foundation

/// `gateway-bench relay-floor`: what relaying calls costs on this machine before any work of
/// the relay's own, with the traffic `load` makes (every call's packets at 20 ms both ways,
/// spread over 1 ms slots) and the relay built as gatewayd's media loops are (a thread per
/// core, level-triggered epoll, one recvfrom per ready socket, sendto the other leg). Three
/// times per number of calls: plain datagrams (the kernel alone); SRTP on the browser's side
/// with AES-GCM through the gateway's own OpenSSL calls and nothing else (the least a WebRTC
/// relay must add); SRTP with libsrtp2, as a C relay would usually do it. `udp` measures
/// single system calls on a quiet machine; this measures them as they cost under a relay's
/// load, next to a running generator.
struct RelayFloorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-floor",
        abstract: "CPU per relayed call-second of a relay thread that only moves datagrams (and SRTP), under paced load.")

    @Option(help: "Numbers of calls, comma-separated; each is measured plain, with AES-GCM and with libsrtp2.")
    var calls: String = "200,400"

    @Option(help: "Relay threads (gatewayd runs a media loop per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds of each measured window.")
    var seconds: Double = 10

    @Option(help: "Seconds of traffic before each window.")
    var warmup: Double = 2

    @Option(help: "RTP payload bytes (gateway-bench load's browsers average about 69).")
    var payload: Int = 69

    @Option(help: "Write the JSON report to this file (directories are created).")
    var json: String?

    /// `--calls` as numbers (`validate` refuses an item that is not one).
    var counts: [Int] { commaSeparated(calls) ?? [] }

    func validate() throws {
        guard let counts = commaSeparated(calls, as: Int.self), !counts.isEmpty, counts.allSatisfy({ (1...2000).contains($0) })
        else { throw ValidationError("--calls takes numbers of calls (1…2000, four sockets each), comma-separated") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1…64") }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be above 0 and at most 600") }
        guard warmup >= 0, warmup <= 60 else { throw ValidationError("--warmup must be 0…60") }
        guard (1...1200).contains(payload) else { throw ValidationError("--payload must be 1…1200") }
    }

    func run() throws {
        var steps: [RelayFloorStep] = []
        for count in counts {
            for crypto in RelayFloorCrypto.allCases {
                let step: RelayFloorStep
                do {
                    step = try RelayFloorStep.measure(calls: count, threads: threads, warmup: warmup, seconds: seconds,
                                                      payload: payload, crypto: crypto)
                } catch {
                    throw ValidationError(error.description)
                }
                print(step.line)
                steps.append(step)
            }
        }
        let report = RelayFloorReport(payloadBytes: payload, threads: threads, warmupSeconds: warmup, steps: steps, machine: MachineInfo.current())
        print(report.verdict)
        if let json { try ReportFile.write(report, to: json) }
    }
}

/// What the relay does to the browser's side (relay_floor.h).
enum RelayFloorCrypto: String, Codable, CaseIterable {
    case plain
    case aesGCM = "aes-gcm"
    case libsrtp2

    var c: relay_floor_crypto {
        switch self {
        case .plain: relay_floor_plain
        case .aesGCM: relay_floor_aes_gcm
        case .libsrtp2: relay_floor_libsrtp
        }
    }
}

/// One number of calls, one kind of relaying.
struct RelayFloorStep: Codable {
    var calls: Int
    var crypto: RelayFloorCrypto
    var windowSeconds: Double
    var relayCPUPercentOfCore: Double
    var microsecondsPerCallSecond: Double
    var callsPerCoreAt70: Double
    var relayedPerSecond: Double
    var expectedPerSecond: Double
    var sentPerSecond: Double
    var receivedPerSecond: Double
    var lost: Int
    var generatorMaxLateMilliseconds: Double

    /// Runs the floor once (`relay_floor_measure`).
    static func measure(calls: Int, threads: Int, warmup: Double, seconds: Double, payload: Int,
                        crypto: RelayFloorCrypto) throws(RelayFloorFailure) -> RelayFloorStep {
        var measured = relay_floor_result()
        let code = relay_floor_measure(Int32(calls), Int32(threads), warmup, seconds, Int32(payload), crypto.c, &measured)
        guard code == 0 else { throw RelayFloorFailure(calls: calls, code: code) }
        return RelayFloorStep(calls: calls, crypto: crypto, measured: measured)
    }

    init(calls: Int, crypto: RelayFloorCrypto, measured: relay_floor_result) {
        self.calls = calls
        self.crypto = crypto
        windowSeconds = measured.window_seconds
        let window = max(measured.window_seconds, 1e-9)
        relayCPUPercentOfCore = measured.relay_cpu_seconds / window * 100
        microsecondsPerCallSecond = measured.relay_cpu_seconds / (Double(calls) * window) * 1e6
        callsPerCoreAt70 = microsecondsPerCallSecond > 0 ? 0.7e6 / microsecondsPerCallSecond : 0
        relayedPerSecond = Double(measured.relayed) / window
        // 50 packets a second each way.
        expectedPerSecond = Double(calls) * 100
        sentPerSecond = Double(measured.sent) / window
        receivedPerSecond = Double(measured.received) / window
        lost = measured.lost
        generatorMaxLateMilliseconds = measured.generator_max_late_ms
    }

    /// Every datagram sent came back, at the rate the calls make.
    var clean: Bool { lost == 0 && relayedPerSecond >= expectedPerSecond * 0.98 }

    var line: String {
        let kind = crypto.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        return String(format: "%5d calls %@: relay threads %.1f %% of a core = %.0f µs per call-second → %.0f calls per core at 70 %%; "
                        + "relayed %.0f/s of %.0f expected, lost %d, generator up to %.2f ms late%@",
                      calls, kind, relayCPUPercentOfCore, microsecondsPerCallSecond, callsPerCoreAt70,
                      relayedPerSecond, expectedPerSecond, lost, generatorMaxLateMilliseconds, clean ? "" : " (NOT CLEAN)")
    }
}

/// The floor could not run (sockets, threads, SRTP set-up): the system's reason.
struct RelayFloorFailure: Error, CustomStringConvertible {
    let calls: Int
    let code: Int32
    var description: String { "the relay floor failed at \(calls) calls: \(String(cString: strerror(code)))" }
}

struct RelayFloorReport: Codable {
    var scenario = "relay-floor"
    var payloadBytes: Int
    var threads: Int
    var warmupSeconds: Double
    var steps: [RelayFloorStep]
    var machine: MachineInfo

    /// 1,200 relayed calls per core at 70 % is 583 µs per call-second.
    var verdict: String {
        let budget = 0.7e6 / 1200
        func range(_ crypto: RelayFloorCrypto) -> String {
            let figures = steps.filter { $0.crypto == crypto }.map(\.microsecondsPerCallSecond)
            guard let low = figures.min(), let high = figures.max() else { return "-" }
            return String(format: "%.0f–%.0f", low, high)
        }
        return String(format: "relay-floor: %d relay threads, %d-byte payloads, 20 ms packets both ways, 1 ms slots; the goal's "
                        + "budget is %.0f µs per call-second (1,200 calls per core at 70 %%); floors: plain %@, AES-GCM %@, "
                        + "libsrtp2 %@ µs per call-second", threads, payloadBytes, budget,
                      range(.plain), range(.aesGCM), range(.libsrtp2))
    }
}
