import Foundation
import Gateway
import Hashing
import Logging
import WebRTC

/// One load run: a gatewayd of its own, the trunk it calls (`TrunkUAS`), the media
/// threads, and the calls placed through its signaling WebSocket.
final class LoadRun: @unchecked Sendable {
    struct Settings {
        var gatewayd: String
        var mediaThreads: Int
        var slots: Int
        var lateLimitNanoseconds: Int64
        var callsPerSecond: Double
        var rtpPortCount: Int
        /// CPUs for gatewayd, and for the generator's media threads (bit n: CPU n); nil: any.
        var gatewayCPUs: [Int]?
        var generatorCPUMask: UInt64?
        /// The trunk's codec: PCMU (the gateway transcodes) or Opus (it relays).
        var trunkCodec: TrunkCodec = .pcmu
        /// `gateway-bench setup`: calls are hung up once connected, and no leg carries media.
        var setupOnly = false
        /// `AllocationProbe.libraryName` to preload into gatewayd, nil to count nothing.
        var allocationProbeLibrary: String?
        /// `calls.overload_queue_delay_ms` for gatewayd; nil: the gateway's default.
        var overloadQueueDelayMilliseconds: Int?
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let settings: Settings
    let media: LoadMedia
    let workers: [LoadWorker]
    let uas: TrunkUAS
    let directory: String
    let dtlsContext: DTLSContext
    /// Each call's send times, shared by its two legs for the gateway's delay.
    let sendLogs: SendLogRegistry
    /// The Opus gatewayd's answers asked the browsers for.
    let answeredClips = AnsweredClips()
    private let sink: UDPSocket
    private(set) var gateway: GatewayProcess?
    /// gatewayd's allocation count, when the probe library is preloaded.
    private(set) var allocations: AllocationProbe?
    private(set) var httpPort = 0
    private(set) var calls: [SignalingCall] = []
    private var callTasks: [Task<Void, Never>] = []
    private let logger: Logger
    /// Calls left open by the teardown, once it has run (it runs once).
    private var tornDown: Int?

    init(settings: Settings, media: LoadMedia) throws {
        self.settings = settings
        self.media = media
        let workers = (0..<settings.mediaThreads).map {
            LoadWorker(index: $0, media: media, slots: settings.slots, lateLimitNanoseconds: settings.lateLimitNanoseconds,
                       cpuMask: settings.generatorCPUMask, releaseAtSetup: settings.setupOnly)
        }
        self.workers = workers
        let slots = settings.slots
        let sendLogs = SendLogRegistry()
        self.sendLogs = sendLogs
        // Set-up calls need no phone media: the trunk's answers all name one port that is
        // never read (what the gateway sends there is dropped by the kernel).
        let sink = try UDPSocket()
        self.sink = sink
        let setupOnly = settings.setupOnly
        // Both legs of a call go to the same media thread, which alone uses their send logs.
        uas = try TrunkUAS(codec: settings.trunkCodec, openLeg: { call, host, port, payloadType in
            if setupOnly { return sink.port }
            let socket = try UDPSocket()
            let codec: PhoneLeg.Codec = settings.trunkCodec == .opus ? .opus(payloadType: payloadType) : .pcmu
            let leg = try PhoneLeg(call: call, socket: socket, gatewayHost: host, gatewayPort: port, codec: codec,
                                   sendLogs: sendLogs.logs(forCall: call))
            workers[call % workers.count].add(leg, slot: PacingSchedule.slot(forCall: call, slots: slots))
            return socket.port
        }, endLeg: { call in workers[call % workers.count].endPhone(call: call) })
        directory = NSTemporaryDirectory() + "gateway-bench-load-\(getpid())"
        // One certificate for every load browser, as one browser profile has.
        dtlsContext = try DTLSContext(certificate: DTLSCertificate())
        var logger = Logger(label: "gateway-bench.load")
        logger.logLevel = .error
        self.logger = logger
    }

    /// Writes the configuration, starts the media threads, the trunk and gatewayd, and
    /// waits for its /health.
    func start() async throws {
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: directory)
        try fileManager.createDirectory(atPath: directory + "/dialplans", withIntermediateDirectories: true)
        guard let http = FreePorts.any(type: Int32(SOCK_STREAM.rawValue)),
              let sip = FreePorts.any(type: Int32(SOCK_DGRAM.rawValue)),
              let rtp = FreePorts.udpRange(count: settings.rtpPortCount) else {
            throw Failure(description: "no free loopback ports")
        }
        httpPort = http
        let config = LoadGatewayConfig(httpPort: http, sipPort: sip, trunkPort: uas.port, rtpPorts: rtp,
                                       storePath: directory + "/gateway.sqlite", dialplanDirectory: directory + "/dialplans",
                                       trunkCodec: settings.trunkCodec.rawValue,
                                       overloadQueueDelayMilliseconds: settings.overloadQueueDelayMilliseconds)
        let configPath = directory + "/gateway.yaml"
        try config.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let start = LoadClock.now() + 20_000_000
        for worker in workers { worker.start(at: start) }
        uas.start()
        let probe = settings.allocationProbeLibrary.map { AllocationProbe(library: $0, directory: directory) }
        allocations = probe
        let gateway = try GatewayProcess(binary: settings.gatewayd, configPath: configPath, workingDirectory: directory,
                                         cpus: settings.gatewayCPUs, environment: probe?.environment ?? [:])
        self.gateway = gateway
        try await gateway.waitUntilHealthy(httpPort: http)
    }

    /// Places calls until there are `total`, at `callsPerSecond`, and waits until every one
    /// is connected with media both ways.
    func grow(to total: Int, timeoutSeconds: Double) async throws {
        let interval = 1 / settings.callsPerSecond
        let first = calls.count
        for index in first..<total {
            place(index)
            try await Task.sleep(for: .seconds(interval))
        }
        let deadline = LoadClock.now() + Int64(timeoutSeconds * 1e9)
        while true {
            let status = self.status()
            if status.connected == total, status.browsersUp == total, status.phonesUp == total { return }
            if let problem = status.problem {
                throw Failure(description: "setting up \(total) calls failed: \(problem)")
            }
            if LoadClock.now() > deadline {
                throw Failure(description: "after \(Int(timeoutSeconds)) s only \(status.connected) of \(total) calls "
                              + "connected (\(status.browsersUp) browser legs and \(status.phonesUp) phone legs with media)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Connected calls, legs with media, and the first problem any call or leg has.
    func status() -> (connected: Int, browsersUp: Int, phonesUp: Int, problem: String?) {
        let progress = calls.map(\.snapshot)
        let totals = workers.map(\.snapshot).reduce(WorkerTotals(), +)
        let problem = progress.enumerated().first { $0.element.problem != nil || $0.element.ended }
            .map { "call \($0.offset): \($0.element.problem ?? "ended (last state \($0.element.lastState ?? "none"))")" }
            ?? totals.firstFailure
        return (progress.filter(\.connected).count, totals.browser.legsUp, totals.phone.legsUp, problem)
    }

    func place(_ index: Int) {
        let call = SignalingCall(index: index, hangUpWhenConnected: settings.setupOnly)
        calls.append(call)
        let worker = workers[index % workers.count]
        let slot = PacingSchedule.slot(forCall: index, slots: settings.slots)
        let context = dtlsContext, logger = self.logger, sendLogs = self.sendLogs.logs(forCall: index)
        // An http: URL: the client then sends `Origin: http://127.0.0.1`, which the config allows.
        let url = "http://127.0.0.1:\(httpPort)/ws?identity=load-\(index)"
        let task = Task {
            do {
                let socket = try UDPSocket(receiveBuffer: 1 << 20)
                let ufrag = randomToken(length: 8)
                let ssrc = UInt32.random(in: 1...UInt32.max)
                let offer = BrowserOffer(address: "127.0.0.1", port: socket.port, iceUfrag: ufrag,
                                         icePassword: randomToken(length: 24), fingerprint: context.certificate.fingerprint,
                                         ssrc: ssrc, cname: randomToken(length: 16),
                                         sessionID: UInt64.random(in: 1...UInt64.max >> 1))
                await call.run(url: url, offer: offer.sdp, logger: logger) { sdp in
                    let answer = try GatewayAnswer.parse(sdp)
                    guard answer.setup == "passive" else {
                        throw Failure(description: "the gateway answered a=setup:\(answer.setup ?? "none"), not passive")
                    }
                    let leg = try BrowserLeg(call: index, socket: socket, ssrc: ssrc, localUfrag: ufrag, answer: answer,
                                             context: context, sendLogs: sendLogs, now: LoadClock.now())
                    self.answeredClips.note(leg.clip)
                    worker.add(leg, slot: slot)
                }
            } catch {
                logger.error("call \(index): \(error)")
            }
        }
        callTasks.append(task)
    }

    /// Hangs every call up, waits for them to close (at most `timeoutSeconds`), then stops
    /// the media threads, the trunk and gatewayd. Returns the calls that did not close.
    func tearDown(timeoutSeconds: Double = 15) async -> Int {
        if let tornDown { return tornDown }
        for call in calls { call.hangup() }
        let deadline = LoadClock.now() + Int64(timeoutSeconds * 1e9)
        while calls.contains(where: { !$0.snapshot.ended }), LoadClock.now() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let open = calls.filter { !$0.snapshot.ended }.count
        for task in callTasks { task.cancel() }
        for worker in workers { worker.stop() }
        uas.stop()
        gateway?.stop()
        tornDown = open
        return open
    }
}

extension LoadRun: LoadTarget {
    var name: String { "gatewayd" }
    var measuredPID: Int32? { gateway?.pid }
    var callCount: Int { calls.count }
    var lateLimitNanoseconds: Int64 { settings.lateLimitNanoseconds }
    func resetQuality() { for call in calls { call.resetQuality() } }

    func callStatus() -> (notConnected: Int, worstReportedLossPercent: Double) {
        let progress = calls.map(\.snapshot)
        return (progress.filter { !$0.connected }.count,
                progress.map { max($0.worstBrowserLossPercent, $0.worstTrunkLossPercent) }.max() ?? 0)
    }

    func logTail() -> String { gateway?.logTail() ?? "" }
}
