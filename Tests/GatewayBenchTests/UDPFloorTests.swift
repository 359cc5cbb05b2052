import CBenchFloor
import Foundation
import Testing
@testable import gateway_bench

/// `gateway-bench udp`: the measurement runs and refuses impossible settings; the report's
/// relay floor is what a relayed call's 200 datagrams a second cost.
@Suite struct UDPFloorTests {
    @Test func everyWayOfSendingAndReceivingIsMeasured() {
        var result = udp_floor_result()
        #expect(udp_floor_measure(8, 3, 4, 80, &result) == 0)
        for figure in [result.sendto, result.send_connected, result.sendmmsg, result.recvfrom, result.recvmmsg] {
            #expect(figure > 0)
        }
    }

    @Test func impossibleSettingsAreRefused() {
        var result = udp_floor_result()
        #expect(udp_floor_measure(0, 1, 1, 80, &result) == EINVAL)
        #expect(udp_floor_measure(4, 1, 5, 80, &result) == EINVAL)    // a batch larger than the destinations
        #expect(udp_floor_measure(4, 1, 2, 2000, &result) == EINVAL)  // more than a datagram can carry here
    }

    @Test func theRelayFloorIsAHundredDatagramsEachWayPerCallSecond() {
        let measured = udp_floor_result(sendto: 2.5, send_connected: 2.2, sendmmsg: 2.4, recvfrom: 0.5, recvmmsg: 0.4)
        let report = UDPReport(destinations: 8, rounds: 1, batch: 4, payloadBytes: 80, measured: measured,
                               machine: MachineInfo.current())
        #expect(report.relayFloorMicrosecondsPerCallSecond == 300)
        #expect(abs(report.relayFloorCallsPerCoreAt70 - 2333.3) < 0.1)
        #expect(report.table.contains("300 µs per call-second"))
    }
}
