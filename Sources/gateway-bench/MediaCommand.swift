import ArgumentParser
import Foundation
import WebRTC

/// `gateway-bench media`: CPU per call-second of one Opus ↔ PCMU call through the gateway's
/// media path, against the same work done directly on libsrtp2, libopus and spandsp.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "CPU cost of the media path of one transcoded call (Opus <-> PCMU), gateway vs C floor.")

    @Option(help: "Call-seconds per round and path (50 packets each way per second).")
    var seconds: Int = 60

    @Option(help: "Timed rounds per path; the report gives medians.")
    var rounds: Int = 5

    @Option(help: "Write the JSON report to this file (directories are created).")
    var json: String?

    @Option(help: "Opus in-band FEC toward the browser: on (planned for 10 % loss, as the gateway does once a browser reports loss) or off (as on a clean path).")
    var fec: Switch = .on

    enum Switch: String, ExpressibleByArgument { case on, off }

    @Option(help: "Opus bitrate toward the browser, bits per second (the gateway's default is \(MediaCommand.defaultBitrate)).")
    var bitrate: Int32 = MediaCommand.defaultBitrate

    @Option(help: "The browser's Opus: narrowband (12 kbit/s, what a browser sends when the gateway's answer carries maxplaybackrate=8000, as on a G.711 call), wideband (20 kbit/s, a G.722 call) or fullband (32 kbit/s, unasked).")
    var browserOpus: BrowserOpusClip = .narrowband

    @Option(help: "SRTP profile: gcm (AEAD_AES_128_GCM, the gateway's first choice) or cm (AES128_CM_SHA1_80).")
    var srtp: SRTPChoice = .gcm

    enum SRTPChoice: String, ExpressibleByArgument, CaseIterable {
        case gcm, cm
        var profile: SRTPProfile { self == .gcm ? .aeadAes128Gcm : .aes128CmHmacSha1_80 }
        var name: String { self == .gcm ? "AEAD_AES_128_GCM" : "AES128_CM_HMAC_SHA1_80" }
    }

    /// The gateway's TrunkToBrowserTranscoder defaults, which the floor copies.
    static let defaultBitrate: Int32 = 32000
    static let complexity: Int32 = 5

    func validate() throws {
        guard seconds >= 1, seconds <= 3600 else { throw ValidationError("--seconds must be 1…3600") }
        guard rounds >= 1, rounds <= 100 else { throw ValidationError("--rounds must be 1…100") }
        guard (6000...128_000).contains(bitrate) else { throw ValidationError("--bitrate must be 6000…128000") }
    }

    func run() throws {
        let machine = MachineInfo.current()
        let packets = seconds * 50
        let inputs = try MediaInputs(packets: packets, profile: srtp.profile, browserClip: browserOpus, seed: 0x6A7E_3A11)
        let scenario = MediaScenario(inputs: inputs, bitrate: bitrate, complexity: Self.complexity, fec: fec == .on)
        let (gatewayPasses, floorPasses) = try scenario.run(rounds: rounds)
        let gateway = MediaReport.Side(gatewayPasses, callSeconds: seconds, packetsPerDirection: packets)
        let floor = MediaReport.Side(floorPasses, callSeconds: seconds, packetsPerDirection: packets)
        let report = MediaReport(
            opusComplexity: Self.complexity, opusBitrate: bitrate, opusInbandFEC: fec == .on, srtpProfile: srtp.name,
            seconds: seconds, rounds: rounds,
            signal: .init(source: "synthetic speech (SpeechSignal: glottal pulses 90-250 Hz, moving formants, "
                              + "consonants, syllable envelope, pauses)",
                          browserOpus: browserOpus.name,
                          browserOpusMeanPayloadBytes: inputs.meanOpusPayload),
            gateway: gateway, floor: floor,
            overheadRatio: floor.cpuMicrosecondsPerCallSecond > 0
                ? gateway.cpuMicrosecondsPerCallSecond / floor.cpuMicrosecondsPerCallSecond : 0,
            machine: machine)
        print(report.table)
        if let json { try ReportFile.write(report, to: json) }
    }
}
