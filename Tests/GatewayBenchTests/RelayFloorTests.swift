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

    @Test func loadReportsGatewaydOverTheFloorStepByStep() {
        func gatewayStep(_ calls: Int, microseconds: Double) -> LoadReport.Step {
            let empty = LegTotals()
            let direction = LoadReport.Direction(sender: empty, receiver: empty, calls: calls, seconds: 1)
            return LoadReport.Step(
                calls: calls, windowSeconds: 10, gatewayCPUPercentOfCore: 0,
                gatewayCPUMicrosecondsPerCallSecond: microseconds, gatewayCPUMicrosecondsPerCallSecondAboveIdle: microseconds,
                callsPerCoreAt70: 0.7e6 / microseconds, generatorCPUPercentOfCore: 0, gatewayResidentKilobytes: nil,
                gatewayAllocationsPerPacket: nil, gatewayMediaThreadAllocationsPerPacket: nil, browserToTrunk: direction,
                trunkToBrowser: direction, generatorTicks: TickLateness(), udp: nil, gatewayReportedWorstLossPercent: 0,
                clean: true, generatorOnTime: true, verdict: "clean", problems: [])
        }
        func floorStep(_ calls: Int, cpuSeconds: Double) -> RelayFloorStep {
            RelayFloorStep(calls: calls, crypto: .aesGCM, measured: relay_floor_result(
                relay_cpu_seconds: cpuSeconds, window_seconds: 10, relayed: Int(calls) * 1000, sent: Int(calls) * 1000,
                received: Int(calls) * 1000, lost: 0, generator_max_late_ms: 1))
        }
        // 200 calls: 1,000 against 500 µs per call-second; 400 calls: 1,100 against 550.
        let ratios = LoadReport.ratios(gateway: [gatewayStep(200, microseconds: 1000), gatewayStep(400, microseconds: 1100)],
                                       relayFloor: [floorStep(200, cpuSeconds: 1.0), floorStep(400, cpuSeconds: 2.2)])
        #expect(ratios.count == 2)
        #expect(abs(ratios[0] - 2.0) < 1e-9)
        #expect(abs(ratios[1] - 2.0) < 1e-9)
        // A floor step that measured nothing gives no ratio rather than infinity.
        #expect(LoadReport.ratios(gateway: [gatewayStep(10, microseconds: 900)], relayFloor: [floorStep(10, cpuSeconds: 0)]) == [0])
    }
}
