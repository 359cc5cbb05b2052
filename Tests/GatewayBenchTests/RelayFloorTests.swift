import CBenchFloor
import Foundation
import Testing
@testable import gateway_bench

/// `gateway-bench relay-floor`: every datagram the generator sends comes back through the
/// relay, plain and with AES-GCM (the relay opens what the generator sealed: a wrong IV,
/// tag or key drops the packet and shows as lost); impossible settings are refused; the
/// report turns CPU time into the goal's units. The libsrtp2 mode is left to the benchmark:
/// libsrtp2 is initialised once per process, and this process's WebRTC tests initialise it
/// for their reference sessions (a second `srtp_init` fails, two at once race).
@Suite struct RelayFloorTests {
    @Test(arguments: [relay_floor_plain, relay_floor_aes_gcm])
    func everyDatagramComesBackThroughTheRelay(crypto: relay_floor_crypto) {
        var result = relay_floor_result()
        #expect(relay_floor_measure(6, 2, 0.1, 0.2, 69, crypto, &result) == 0)
        #expect(result.lost == 0)
        #expect(result.sent > 0)
        // Six calls send 600 datagrams a second between them, 120 in the 0.2 s window; one
        // direction alone would be 60.
        #expect(result.relayed >= 100)
        #expect(result.window_seconds > 0.15)
        #expect(result.relay_cpu_seconds > 0)
    }

    @Test func impossibleSettingsAreRefused() {
        var result = relay_floor_result()
        #expect(relay_floor_measure(0, 1, 0, 1, 69, relay_floor_plain, &result) == EINVAL)
        #expect(relay_floor_measure(4, 0, 0, 1, 69, relay_floor_plain, &result) == EINVAL)
        #expect(relay_floor_measure(4, 1, 0, 0, 69, relay_floor_plain, &result) == EINVAL)
        #expect(relay_floor_measure(4, 1, 0, 1, 1300, relay_floor_plain, &result) == EINVAL)
    }

    @Test func theReportSpeaksPerCallSecondAndPerCoreAt70Percent() {
        // 400 calls for 10 s on 2.2 s of relay CPU: 550 µs per call-second, 1,273 per core.
        let measured = relay_floor_result(relay_cpu_seconds: 2.2, window_seconds: 10, relayed: 400_000, sent: 400_000,
                                          received: 400_000, lost: 0, generator_max_late_ms: 1)
        let step = RelayFloorStep(calls: 400, crypto: .aesGCM, measured: measured)
        #expect(abs(step.microsecondsPerCallSecond - 550) < 1e-9)
        #expect(abs(step.callsPerCoreAt70 - 1272.7) < 0.1)
        #expect(abs(step.relayCPUPercentOfCore - 22) < 1e-9)
        #expect(step.clean)
        let lossy = RelayFloorStep(calls: 400, crypto: .plain, measured: relay_floor_result(
            relay_cpu_seconds: 2, window_seconds: 10, relayed: 400_000, sent: 400_000, received: 399_990, lost: 10,
            generator_max_late_ms: 1))
        #expect(!lossy.clean)
        #expect(lossy.line.contains("NOT CLEAN"))
        let report = RelayFloorReport(payloadBytes: 69, threads: 2, warmupSeconds: 1, steps: [step, lossy],
                                      machine: MachineInfo.current())
        #expect(report.verdict.contains("budget is 583 µs"))
        #expect(report.verdict.contains("AES-GCM 550–550"))
    }
}
