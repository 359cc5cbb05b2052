import ArgumentParser
import CBenchFloor
import Foundation

/// `gateway-bench udp`: what the kernel's UDP path costs per datagram here, and what that
/// leaves a relay: the floor under relayed calls, as `media` is the floor under transcoded ones.
struct UDPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udp",
        abstract: "CPU per datagram of the kernel's UDP path over loopback (sendto, connected send, sendmmsg, recvfrom, recvmmsg), and the relay floor it sets.")

    @Option(help: "Receiving sockets (and as many connected senders); two per relayed call under load.")
    var destinations: Int = 256

    @Option(help: "Rounds: each sends one datagram to every destination per way of sending.")
    var rounds: Int = 200

    @Option(help: "Datagrams per sendmmsg and recvmmsg call.")
    var batch: Int = 32

    @Option(help: "Bytes per datagram (an Opus RTP packet with SRTP is about 60-110).")
    var payload: Int = 80

    @Option(help: "Write the JSON report to this file (directories are created).")
    var json: String?

    func validate() throws {
        guard (1...480).contains(destinations) else { throw ValidationError("--destinations must be 1…480 (two sockets each)") }
        guard (1...100_000).contains(rounds) else { throw ValidationError("--rounds must be 1…100000") }
        guard (1...min(1024, destinations)).contains(batch) else { throw ValidationError("--batch must be 1…destinations") }
        guard (1...1400).contains(payload) else { throw ValidationError("--payload must be 1…1400") }
    }

    func run() throws {
        var measured = udp_floor_result()
        let code = udp_floor_measure(Int32(destinations), Int32(rounds), Int32(batch), Int32(payload), &measured)
        guard code == 0 else {
            throw ValidationError("the UDP measurement failed: \(String(cString: strerror(code)))")
        }
        let report = UDPReport(destinations: destinations, rounds: rounds, batch: batch, payloadBytes: payload,
                               measured: measured, machine: MachineInfo.current())
        print(report.table)
        if let json { try ReportFile.write(report, to: json) }
    }
}

/// The `udp` scenario's figures, in microseconds of CPU per datagram.
struct UDPReport: Codable {
    var scenario = "udp"
    var destinations: Int
    var rounds: Int
    var batch: Int
    var payloadBytes: Int
    var sendtoMicroseconds: Double
    var connectedSendMicroseconds: Double
    var sendmmsgMicroseconds: Double
    var recvfromMicroseconds: Double
    var recvmmsgMicroseconds: Double
    /// A relayed call moves 50 datagrams in and 50 out each way per second: 100 received and
    /// 100 sent per call-second, with nothing else done.
    var relayFloorMicrosecondsPerCallSecond: Double
    var relayFloorCallsPerCoreAt70: Double
    var machine: MachineInfo

    init(destinations: Int, rounds: Int, batch: Int, payloadBytes: Int, measured: udp_floor_result, machine: MachineInfo) {
        self.destinations = destinations
        self.rounds = rounds
        self.batch = batch
        self.payloadBytes = payloadBytes
        sendtoMicroseconds = measured.sendto
        connectedSendMicroseconds = measured.send_connected
        sendmmsgMicroseconds = measured.sendmmsg
        recvfromMicroseconds = measured.recvfrom
        recvmmsgMicroseconds = measured.recvmmsg
        relayFloorMicrosecondsPerCallSecond = 100 * (measured.recvfrom + measured.sendto)
        relayFloorCallsPerCoreAt70 = relayFloorMicrosecondsPerCallSecond > 0 ? 0.7e6 / relayFloorMicrosecondsPerCallSecond : 0
        self.machine = machine
    }

    var table: String {
        func cell(_ value: Double) -> String { String(format: "%.2f", value) }
        return [
            "udp: the kernel's UDP path over loopback, \(payloadBytes)-byte datagrams, \(destinations) destinations, "
                + "\(rounds) rounds; thread CPU per datagram (a send includes delivery into the receiving socket)",
            "sendto \(cell(sendtoMicroseconds)) µs; connected send \(cell(connectedSendMicroseconds)) µs; "
                + "sendmmsg of \(batch) \(cell(sendmmsgMicroseconds)) µs",
            "recvfrom \(cell(recvfromMicroseconds)) µs; recvmmsg of \(batch) \(cell(recvmmsgMicroseconds)) µs",
            "relay floor (100 datagrams received and 100 sent per call-second, nothing else): "
                + "\(String(format: "%.0f", relayFloorMicrosecondsPerCallSecond)) µs per call-second → "
                + "\(String(format: "%.0f", relayFloorCallsPerCoreAt70)) calls per core at 70 %",
        ].joined(separator: "\n")
    }
}
