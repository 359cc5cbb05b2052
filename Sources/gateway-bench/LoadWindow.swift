/// A steady measuring window over the calls a `LoadTarget` holds (gatewayd's, or
/// rtpengine's side by side): the measured process's CPU time
/// (/proc/<pid>/stat), the generator's own (getrusage), the media threads' counters and the
/// kernel's UDP counters, each read at both ends of the window.
enum LoadWindow {
    private struct Reading {
        var time: Int64
        var workers: WorkerTotals
        var gatewayCPU: Double
        var ownCPU: Double
        var udp: UDPCounters?
        var gatewayResidentKilobytes: Int?
        var gatewayAllocations: AllocationCounts?
    }

    /// gatewayd's CPU, as a share of one core, while it holds no call: what it costs
    /// whatever the load (timers, the store, idle event loops); and its resident memory then.
    static func idle(_ run: any LoadTarget, seconds: Double) async throws -> (share: Double, residentKilobytes: Int?) {
        guard let pid = run.measuredPID else { throw LoadRun.Failure(description: "\(run.name) is not running") }
        let before = try read(run, pid: pid)
        try await Task.sleep(for: .seconds(seconds))
        let after = try read(run, pid: pid)
        return ((after.gatewayCPU - before.gatewayCPU) / (Double(after.time - before.time) / 1e9),
                after.gatewayResidentKilobytes)
    }

    /// - Parameter idleShare: gatewayd's CPU without calls (`idleShare`), taken off before
    ///   the cost per call is worked out a second way.
    static func measure(_ run: any LoadTarget, seconds: Double, idleShare: Double) async throws -> LoadReport.Step {
        guard let pid = run.measuredPID else { throw LoadRun.Failure(description: "\(run.name) is not running") }
        // The media threads restart their maxima; wait until every one has.
        let marks = run.workers.map { $0.beginWindow() }
        while zip(run.workers, marks).contains(where: { $0.snapshot.windowMark < $1 }) {
            try await Task.sleep(for: .milliseconds(2))
        }
        run.resetQuality()
        let before = try read(run, pid: pid)
        try await Task.sleep(for: .seconds(seconds))
        let after = try read(run, pid: pid)
        return step(run, before: before, after: after, idleShare: idleShare)
    }

    private static func read(_ run: any LoadTarget, pid: Int32) throws -> Reading {
        guard let gatewayCPU = ProcessCPU.seconds(pid: pid) else {
            throw LoadRun.Failure(description: "\(run.name) is gone:\n\(run.logTail())")
        }
        return Reading(time: LoadClock.now(), workers: run.workers.map(\.snapshot).reduce(WorkerTotals(), +),
                       gatewayCPU: gatewayCPU, ownCPU: ProcessCPU.ownSeconds(), udp: UDPCounters.read(),
                       gatewayResidentKilobytes: ProcessCPU.residentKilobytes(pid: pid),
                       gatewayAllocations: run.allocations?.count())
    }

    /// gatewayd's allocations over the window per media packet it received from the
    /// generator (each one leaves as one packet): on every thread (media, signaling,
    /// timers), and on the media threads alone.
    private static func allocationsPerPacket(before: Reading, after: Reading, browsers: LegTotals,
                                             phones: LegTotals) -> (all: Double, mediaThreads: Double)? {
        guard let first = before.gatewayAllocations, let last = after.gatewayAllocations else { return nil }
        let packets = browsers.sent + phones.sent
        guard packets > 0 else { return nil }
        return (Double(last.all &- first.all) / Double(packets),
                Double(last.mediaThreads &- first.mediaThreads) / Double(packets))
    }

    private static func step(_ run: any LoadTarget, before: Reading, after: Reading, idleShare: Double) -> LoadReport.Step {
        let calls = run.callCount
        let seconds = Double(after.time - before.time) / 1e9
        let browsers = after.workers.browser.since(before.workers.browser)
        let phones = after.workers.phone.since(before.workers.phone)
        let ticks = after.workers.ticks.since(before.workers.ticks)
        let gatewayShare = (after.gatewayCPU - before.gatewayCPU) / seconds
        let perCallSecond = calls > 0 ? gatewayShare * 1e6 / Double(calls) : 0
        let udp = after.udp.flatMap { late in before.udp.map { late.since($0) } }
        let browserToTrunk = LoadReport.Direction(sender: browsers, receiver: phones, calls: calls, seconds: seconds)
        let trunkToBrowser = LoadReport.Direction(sender: phones, receiver: browsers, calls: calls, seconds: seconds)
        let (down, worstLoss) = run.callStatus()

        var problems: [String] = []
        if down > 0 { problems.append("\(down) calls not connected at the end") }
        if browsers.legsUp != calls || phones.legsUp != calls {
            problems.append("legs with media: \(browsers.legsUp) browsers, \(phones.legsUp) phones of \(calls)")
        }
        for (name, direction) in [("browser → trunk", browserToTrunk), ("trunk → browser", trunkToBrowser)]
        where !direction.isClean() {
            problems.append("\(name): sent \(Int(direction.sentPerSecond.rounded()))/s, received \(Int(direction.receivedPerSecond.rounded()))/s "
                            + "of \(Int(direction.expectedPerSecond))/s, \(direction.lost) lost, \(direction.late) late, "
                            + "\(direction.sendFailures) send failures, \(direction.rejected) rejected")
        }
        if let udp, udp.receiveBufferErrors > 0 {
            problems.append("\(udp.receiveBufferErrors) UDP datagrams dropped by full receive buffers on the machine")
        }
        if worstLoss > 0 { problems.append("the gateway reported up to \(worstLoss) % loss") }
        let clean = down == 0 && browserToTrunk.isClean() && trunkToBrowser.isClean()
            && (udp?.receiveBufferErrors ?? 0) == 0 && worstLoss == 0
        // A generator that woke later than half the lateness limit could by itself have made
        // packets late: a failed step is then no verdict on the gateway.
        let generatorOnTime = ticks.maxLatenessNanoseconds <= run.lateLimitNanoseconds / 2
        // Even so, packets later than the limit plus the generator's worst delay were held up
        // by the gateway, as were packets the kernel dropped or the gateway reported lost.
        let latest = max(browserToTrunk.maxLatenessMilliseconds, trunkToBrowser.maxLatenessMilliseconds) * 1e6
        let gatewayAccountable = generatorOnTime
            || latest > Double(run.lateLimitNanoseconds + ticks.maxLatenessNanoseconds)
            || (udp?.receiveBufferErrors ?? 0) > 0 || worstLoss > 0
        if ticks.lateTicks > 0 || !generatorOnTime {
            problems.append("generator woke up to \(Double(ticks.maxLatenessNanoseconds / 10_000) / 100) ms late "
                            + "(\(ticks.lateTicks) of \(ticks.ticks) ticks over 5 ms)")
        }
        let allocations = allocationsPerPacket(before: before, after: after, browsers: browsers, phones: phones)
        return LoadReport.Step(
            calls: calls, windowSeconds: seconds,
            gatewayCPUPercentOfCore: gatewayShare * 100,
            gatewayCPUMicrosecondsPerCallSecond: perCallSecond,
            gatewayCPUMicrosecondsPerCallSecondAboveIdle: calls > 0 ? max(0, gatewayShare - idleShare) * 1e6 / Double(calls) : 0,
            callsPerCoreAt70: perCallSecond > 0 ? 0.7e6 / perCallSecond : 0,
            generatorCPUPercentOfCore: (after.ownCPU - before.ownCPU) / seconds * 100,
            gatewayResidentKilobytes: after.gatewayResidentKilobytes,
            gatewayAllocationsPerPacket: allocations?.all, gatewayMediaThreadAllocationsPerPacket: allocations?.mediaThreads,
            browserToTrunk: browserToTrunk, trunkToBrowser: trunkToBrowser, generatorTicks: ticks, udp: udp,
            gatewayReportedWorstLossPercent: worstLoss, clean: clean, generatorOnTime: generatorOnTime,
            verdict: clean ? "clean" : gatewayAccountable ? "not clean" : "inconclusive", problems: problems)
    }
}
