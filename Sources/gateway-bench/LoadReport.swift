/// The load scenario's result, written as JSON (`--json`) and printed as a table.
struct LoadReport: Codable {
    /// One direction of media over a measuring window, as the generator saw it.
    struct Direction: Codable, Equatable {
        /// What the generator's sending side put on the wire, per second.
        var sentPerSecond: Double
        /// 50 packets a second per call.
        var expectedPerSecond: Double
        /// What the generator's receiving side got from the gateway, per second.
        var receivedPerSecond: Double
        /// Missing from the gateway's sequence numbers (RFC 3550 A.3).
        var lost: Int
        /// Later than `lateLimitMilliseconds` beyond the stream's quickest packet.
        var late: Int
        var maxLatenessMilliseconds: Double
        /// Sends the generator's kernel refused, and packets received that failed checks.
        var sendFailures: Int
        var rejected: Int
        /// The gateway's delay: from the generator's send of a packet on one side to the
        /// kernel's receive stamp of the packet it became on the other (`DelayMatcher`), in
        /// milliseconds, to the upper edge of a `DelayHistogram` bucket. Both loopback hops
        /// are in it; the codec's lookahead is not (it delays sound, not packets).
        var delayP50Milliseconds: Double?
        var delayP99Milliseconds: Double?
        var maxDelayMilliseconds: Double
        /// Packets whose delay was measured.
        var delayPackets: Int
        /// RTCP compound packets the sending side sent (browsers only), and the receiving
        /// side got from the gateway (browsers only: SRTCP on the same port).
        var rtcpSent: Int
        var rtcpReceived: Int

        init(sender: LegTotals, receiver: LegTotals, calls: Int, seconds: Double) {
            sentPerSecond = Double(sender.sent) / seconds
            expectedPerSecond = Double(calls * 50)
            receivedPerSecond = Double(receiver.received) / seconds
            lost = receiver.lost
            late = receiver.late
            rtcpSent = sender.rtcpSent
            rtcpReceived = receiver.rtcp
            maxLatenessMilliseconds = Double(receiver.maxLatenessNanoseconds) / 1e6
            sendFailures = sender.sendFailures
            rejected = receiver.rejected
            delayP50Milliseconds = receiver.delays.quantileMilliseconds(0.5)
            delayP99Milliseconds = receiver.delays.quantileMilliseconds(0.99)
            maxDelayMilliseconds = Double(receiver.maxDelayNanoseconds) / 1e6
            delayPackets = receiver.delays.total
        }

        /// Both rates within `tolerance` of 50 per call, nothing lost, late or refused.
        func isClean(tolerance: Double = 0.01) -> Bool {
            abs(sentPerSecond / expectedPerSecond - 1) <= tolerance
                && abs(receivedPerSecond / expectedPerSecond - 1) <= tolerance
                && lost == 0 && late == 0 && sendFailures == 0 && rejected == 0
        }
    }

    /// One number of calls held for one window.
    struct Step: Codable {
        var calls: Int
        var windowSeconds: Double
        /// gatewayd's utime + stime over the window, as a share of one core.
        var gatewayCPUPercentOfCore: Double
        var gatewayCPUMicrosecondsPerCallSecond: Double
        /// The same with gatewayd's CPU without calls taken off first: the cost one more call adds.
        var gatewayCPUMicrosecondsPerCallSecondAboveIdle: Double
        /// One core's worth of such calls at a 70 % budget, from this step's cost per call.
        var callsPerCoreAt70: Double
        var generatorCPUPercentOfCore: Double
        /// gatewayd's resident memory at the end of the window (VmRSS).
        var gatewayResidentKilobytes: Int?
        /// gatewayd's heap allocations in the window per media packet it received, when the
        /// allocation probe was preloaded (`AllocationProbe`): on every thread, and on the
        /// media threads alone (the packet path).
        var gatewayAllocationsPerPacket: Double?
        var gatewayMediaThreadAllocationsPerPacket: Double?
        var browserToTrunk: Direction
        var trunkToBrowser: Direction
        /// The generator's media threads: ticks and how late they woke.
        var generatorTicks: TickLateness
        /// The kernel's UDP counters over the window (every process on the machine).
        var udp: UDPCounters?
        /// The worst loss the gateway itself reported (`quality` messages) in the window.
        var gatewayReportedWorstLossPercent: Double
        /// No loss, no late packets, rates as expected both ways, no UDP buffer drops.
        var clean: Bool
        /// No tick of the generator woke later than half the lateness limit, so it cannot
        /// have made a packet late by itself.
        var generatorOnTime: Bool
        /// `clean`; `not clean` (the gateway fell behind: the generator was on time, or packets
        /// came later than the limit plus the generator's own worst delay, or were dropped); or
        /// `inconclusive` (checks failed while the generator was late enough to explain it).
        var verdict: String
        var problems: [String]
    }

    var scenario = "load"
    var codec = "opus<->pcmu"
    var gatewayd: String
    var mediaThreads: Int
    /// The CPUs gatewayd was kept on (`--gateway-cpus`; the generator's media threads then
    /// ran on the others), nil when neither was pinned.
    var gatewayCPUs: [Int]?
    var slotsPer20ms: Int
    var lateLimitMilliseconds: Double
    /// The Opus the browsers sent gatewayd, as its answers asked (`BrowserOpusClip`), and its
    /// mean payload.
    var browserOpus: String?
    var browserOpusMeanPayloadBytes: Double
    /// The same for rtpengine's answers.
    var rtpengineBrowserOpus: String?
    var setupSeconds: Double
    /// gatewayd's CPU with no call, as a share of one core, before the first step.
    var idleGatewayCPUPercentOfCore: Double
    /// gatewayd's resident memory with no call, after the idle measurement.
    var idleGatewayResidentKilobytes: Int?
    var steps: [Step]
    /// The largest number of calls held clean, and the calls per core at 70 % from that step.
    var largestCleanCalls: Int?
    var callsPerCoreAt70: Double?
    /// Measured rather than worked out: the largest clean step in which gatewayd used at most
    /// 70 % of one core.
    var largestCleanCallsWithin70PercentOfACore: Int?
    var machine: MachineInfo

    /// What one more call adds to gatewayd's resident memory, in kilobytes (`residentSlope`).
    var residentKilobytesPerCall: Double?
    /// With `--rtpengine`: the same steps through rtpengine (its CPU in the step's gatewayd
    /// fields), its thread count, and its CPU per call-second over gatewayd's, step by step.
    var rtpengineSteps: [Step]?
    var rtpengineThreads: Int?
    var rtpengineToGatewayCPU: [Double]?
    /// With `--relay-floor`: a C relay that does nothing but AES-GCM SRTP under the same calls
    /// and pacing (`relay-floor`), and gatewayd's CPU per call-second over it, step by step.
    var relayFloorSteps: [RelayFloorStep]?
    var gatewayToRelayFloorCPU: [Double]?

    /// rtpengine's CPU per call-second over gatewayd's, for each number of calls both held.
    static func ratios(gateway: [Step], rtpengine: [Step]) -> [Double] {
        ratios(rtpengine.map(\.gatewayCPUMicrosecondsPerCallSecond), over: gateway.map(\.gatewayCPUMicrosecondsPerCallSecond))
    }

    /// gatewayd's CPU per call-second over the relay floor's, for each number of calls both held.
    static func ratios(gateway: [Step], relayFloor: [RelayFloorStep]) -> [Double] {
        ratios(gateway.map(\.gatewayCPUMicrosecondsPerCallSecond), over: relayFloor.map(\.microsecondsPerCallSecond))
    }

    /// Each figure over its partner, as far as both lists go; 0 where the partner measured
    /// nothing.
    private static func ratios(_ figures: [Double], over partners: [Double]) -> [Double] {
        zip(figures, partners).map { figure, partner in partner > 0 ? figure / partner : 0 }
    }

    /// The least-squares slope of the steps' resident memory over their calls, or with one
    /// step its growth from idle.
    static func residentSlope(steps: [Step], idleKilobytes: Int?) -> Double? {
        let points = steps.compactMap { step in step.gatewayResidentKilobytes.map { (Double(step.calls), Double($0)) } }
        if points.count >= 2 {
            let meanX = points.map(\.0).reduce(0, +) / Double(points.count)
            let meanY = points.map(\.1).reduce(0, +) / Double(points.count)
            let spread = points.map { ($0.0 - meanX) * ($0.0 - meanX) }.reduce(0, +)
            guard spread > 0 else { return nil }
            return points.map { ($0.0 - meanX) * ($0.1 - meanY) }.reduce(0, +) / spread
        }
        guard let only = points.first, let idle = idleKilobytes, only.0 > 0 else { return nil }
        return (only.1 - Double(idle)) / only.0
    }

    /// The human-readable form.
    var table: String {
        func cell(_ value: Double, _ decimals: Int = 0) -> String {
            let scale = [1.0, 10, 100, 1000][min(decimals, 3)]
            let rounded = (value * scale).rounded() / scale
            return decimals == 0 ? String(Int(rounded)) : String(rounded)
        }
        func pad(_ columns: [String]) -> String {
            columns.enumerated().map { $0.element.padding(toLength: $0.offset == 0 ? 18 : 13, withPad: " ", startingAt: 0) }
                .joined()
        }
        var lines = [
            "load: \(codec) calls through gatewayd over loopback, 20 ms packets both ways, "
                + "\(mediaThreads) media threads × \(slotsPer20ms) slots; late = over \(cell(lateLimitMilliseconds, 1)) ms"
                + (gatewayCPUs.map { "; gatewayd on CPU " + $0.map(String.init).joined(separator: ",") } ?? ""),
            "browsers' Opus as gatewayd's answers asked: \(browserOpus ?? "n/a"), mean payload "
                + "\(cell(browserOpusMeanPayloadBytes, 1)) bytes",
        ]
        func describe(_ step: Step, process: String) {
            lines.append("")
            lines.append("\(step.calls) calls, \(cell(step.windowSeconds, 1)) s window: \(process) \(cell(step.gatewayCPUPercentOfCore, 1)) % "
                         + "of a core = \(cell(step.gatewayCPUMicrosecondsPerCallSecond)) µs per call-second "
                         + "(\(cell(step.gatewayCPUMicrosecondsPerCallSecondAboveIdle)) above idle) → "
                         + "\(cell(step.callsPerCoreAt70)) calls per core at 70 %; generator \(cell(step.generatorCPUPercentOfCore, 1)) %")
            lines.append(pad(["direction", "sent/s", "expected/s", "recv/s", "lost", "late", "max late ms", "send fail",
                              "delay p50 ms", "p99 ms", "max ms"]))
            for (name, direction) in [("browser → trunk", step.browserToTrunk), ("trunk → browser", step.trunkToBrowser)] {
                lines.append(pad([name, cell(direction.sentPerSecond, 1), cell(direction.expectedPerSecond),
                                  cell(direction.receivedPerSecond, 1), String(direction.lost), String(direction.late),
                                  cell(direction.maxLatenessMilliseconds, 2), String(direction.sendFailures),
                                  direction.delayP50Milliseconds.map { cell($0, 2) } ?? "n/a",
                                  direction.delayP99Milliseconds.map { cell($0, 2) } ?? "n/a",
                                  cell(direction.maxDelayMilliseconds, 2)]))
            }
            let ticks = step.generatorTicks
            lines.append("generator ticks: \(ticks.ticks), late (>5 ms) \(ticks.lateTicks), "
                         + "max \(cell(Double(ticks.maxLatenessNanoseconds) / 1e6, 2)) ms; "
                         + "UDP receive-buffer drops (machine): \(step.udp.map { String($0.receiveBufferErrors) } ?? "n/a"); "
                         + "gateway-reported worst loss \(cell(step.gatewayReportedWorstLossPercent, 2)) %")
            lines.append("RTCP in the window: the browsers sent \(step.browserToTrunk.rtcpSent) compound reports "
                         + "and received \(step.trunkToBrowser.rtcpReceived) from \(process)")
            lines.append("\(process) memory: \(step.gatewayResidentKilobytes.map { "\($0 / 1024) MB resident" } ?? "n/a"); "
                         + "allocations per packet received: "
                         + (step.gatewayAllocationsPerPacket.map { all in
                             "\(cell(all, 3)) (media threads \(cell(step.gatewayMediaThreadAllocationsPerPacket ?? 0, 3)))"
                         } ?? "not counted (no allocation probe)"))
            lines.append("verdict: \(step.verdict)" + (step.problems.isEmpty ? "" : ": " + step.problems.joined(separator: "; ")))
        }
        for step in steps { describe(step, process: "gatewayd") }
        if let rtpengineSteps {
            lines.append("")
            lines.append("rtpengine side by side (userspace, \(rtpengineThreads ?? 0) worker and media threads, its own Opus "
                         + "encoder settings; browsers' Opus as its answers asked: \(rtpengineBrowserOpus ?? "n/a")), "
                         + "the same calls; its allocations are not counted:")
            for step in rtpengineSteps { describe(step, process: "rtpengine") }
            for (step, ratio) in zip(rtpengineSteps, rtpengineToGatewayCPU ?? []) {
                lines.append("\(step.calls) calls: rtpengine's CPU per call-second / gatewayd's = \(cell(ratio, 2))")
            }
        }
        if let relayFloorSteps {
            lines.append("")
            lines.append("relay floor, the same run (a C relay doing nothing but AES-GCM SRTP, the same calls and pacing):")
            for (step, ratio) in zip(relayFloorSteps, gatewayToRelayFloorCPU ?? []) {
                lines.append("\(step.calls) calls: \(cell(step.microsecondsPerCallSecond)) µs per call-second → "
                             + "\(cell(step.callsPerCoreAt70)) calls per core at 70 %\(step.clean ? "" : " (not clean)"); "
                             + "gatewayd's CPU per call-second / the floor's = \(cell(ratio, 2))")
            }
        }
        lines.append("")
        if let largestCleanCalls, let callsPerCoreAt70 {
            lines.append("largest clean step: \(largestCleanCalls) calls → \(cell(callsPerCoreAt70)) calls per core at 70 % CPU")
        }
        if let within = largestCleanCallsWithin70PercentOfACore {
            lines.append("largest clean step with gatewayd at or under 70 % of one core: \(within) calls")
        }
        if let perCall = residentKilobytesPerCall {
            lines.append("gatewayd resident memory: \(idleGatewayResidentKilobytes.map { "\($0 / 1024) MB idle, " } ?? "")"
                         + "\(cell(perCall)) KB more per call")
        }
        lines.append("gatewayd idle: \(cell(idleGatewayCPUPercentOfCore, 2)) % of a core; setup: \(cell(setupSeconds, 1)) s; machine: \(machine.cpuModel), \(machine.cores) cores, "
                     + "load average \(cell(machine.loadAverageAtStart, 2)) at start")
        return lines.joined(separator: "\n")
    }
}
