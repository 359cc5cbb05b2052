/// The media scenario's result, written as JSON (`--json`) and printed as a table.
struct MediaReport: Codable {
    struct Side: Codable {
        /// CPU of one call-second, both directions (median over rounds).
        var cpuMicrosecondsPerCallSecond: Double
        var browserToTrunkMicrosecondsPerCallSecond: Double
        var trunkToBrowserMicrosecondsPerCallSecond: Double
        /// Mean CPU per packet, over both directions' packets.
        var cpuMicrosecondsPerPacket: Double
        /// Calls one core could carry with nothing else to do, and at a 70 % budget.
        var callsPerCoreAt100: Double
        var callsPerCoreAt70: Double
        /// Heap allocations per packet (both directions, and each), over all timed rounds.
        var allocationsPerPacket: Double
        var browserToTrunkAllocationsPerPacket: Double
        var trunkToBrowserAllocationsPerPacket: Double
        /// Each round's `cpuMicrosecondsPerCallSecond`, in run order.
        var rounds: [Double]

        init(_ passes: [PassCost], callSeconds: Int, packetsPerDirection: Int) {
            let seconds = Double(callSeconds)
            let perRound = passes.map { ($0.browserToTrunk.microseconds + $0.trunkToBrowser.microseconds) / seconds }
            cpuMicrosecondsPerCallSecond = median(perRound)
            browserToTrunkMicrosecondsPerCallSecond = median(passes.map { $0.browserToTrunk.microseconds / seconds })
            trunkToBrowserMicrosecondsPerCallSecond = median(passes.map { $0.trunkToBrowser.microseconds / seconds })
            cpuMicrosecondsPerPacket = cpuMicrosecondsPerCallSecond * seconds / Double(2 * packetsPerDirection)
            callsPerCoreAt100 = cpuMicrosecondsPerCallSecond > 0 ? 1_000_000 / cpuMicrosecondsPerCallSecond : 0
            callsPerCoreAt70 = 0.7 * callsPerCoreAt100
            let packets = Double(max(1, passes.count * packetsPerDirection))
            let browser = Double(passes.reduce(UInt64(0)) { $0 + $1.browserToTrunk.allocations })
            let trunk = Double(passes.reduce(UInt64(0)) { $0 + $1.trunkToBrowser.allocations })
            browserToTrunkAllocationsPerPacket = browser / packets
            trunkToBrowserAllocationsPerPacket = trunk / packets
            allocationsPerPacket = (browser + trunk) / (2 * packets)
            rounds = perRound
        }
    }

    struct Signal: Codable {
        var source: String
        /// The browser's Opus (`BrowserOpusClip`): its width and bitrate.
        var browserOpus: String
        var browserOpusMeanPayloadBytes: Double
    }

    var scenario = "media"
    var codec = "opus<->pcmu"
    var opusComplexity: Int32
    var opusBitrate: Int32
    var opusInbandFEC: Bool
    var srtpProfile: String
    /// Call-seconds per round and side.
    var seconds: Int
    var rounds: Int
    var signal: Signal
    var gateway: Side
    var floor: Side
    /// Gateway CPU over floor CPU per call-second.
    var overheadRatio: Double
    var machine: MachineInfo

    /// The human-readable form.
    var table: String {
        func cell(_ value: Double, _ decimals: Int = 0) -> String {
            let scale = [1.0, 10, 100, 1000][min(decimals, 3)]
            let rounded = (value * scale).rounded() / scale
            return decimals == 0 ? String(Int(rounded)) : String(rounded)
        }
        func row(_ name: String, _ side: Side) -> String {
            [name, cell(side.cpuMicrosecondsPerCallSecond), cell(side.browserToTrunkMicrosecondsPerCallSecond),
             cell(side.trunkToBrowserMicrosecondsPerCallSecond), cell(side.cpuMicrosecondsPerPacket, 1),
             cell(side.callsPerCoreAt100), cell(side.callsPerCoreAt70), cell(side.allocationsPerPacket, 2)]
                .map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
        }
        let header = ["path", "µs/call-s", "b→t µs", "t→b µs", "µs/packet", "calls@100%", "calls@70%", "allocs/pkt"]
            .map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
        return """
            media: \(codec), Opus complexity \(opusComplexity), \(opusBitrate / 1000) kbit/s, FEC \(opusInbandFEC ? "on" : "off"), \
            SRTP \(srtpProfile); \(seconds) call-seconds × \(rounds) rounds per path (medians)
            \(header)
            \(row("gateway", gateway))
            \(row("floor", floor))
            overhead gateway/floor: \(cell(overheadRatio, 3))
            machine: \(machine.cpuModel), \(machine.cores) cores, load average \(cell(machine.loadAverageAtStart, 2)) at start
            """
    }
}
