import Foundation
import Gateway
import Hashing
import SDP
import WebRTC

/// The same calls as a `LoadRun`, through rtpengine instead of gatewayd: for each call the
/// browser's offer goes to rtpengine over ng (`offer`: Opus toward the browser with ICE-lite
/// and DTLS-SRTP, plain RTP/AVP with PCMU only toward the phone, transcoded), the phone's
/// PCMU answer comes back through `answer` (rtpengine DTLS-passive, so the load browser is
/// the DTLS client as with gatewayd), and the same `BrowserLeg` and `PhoneLeg` carry media
/// on the same media threads. rtpengine picks its Opus encoder settings itself (version
/// 10.5 sets only the bitrate: complexity 10, 48 kHz stereo, no in-band FEC). With an Opus
/// trunk (`--codec opus`) the offer asks for no transcoding and the phone answers Opus: the
/// payloads are relayed, SRTP toward the browser and plain RTP toward the phone, as gatewayd
/// relays them.
final class RtpengineRun: LoadTarget, @unchecked Sendable {
    struct Settings {
        var binary: String
        var mediaThreads: Int
        var slots: Int
        var lateLimitNanoseconds: Int64
        var callsPerSecond: Double
        /// rtpengine's worker and media threads each (gatewayd has one event loop per core).
        var threads: Int
        var maximumCalls: Int
        /// PCMU: transcoded calls; Opus: relayed ones.
        var trunkCodec: TrunkCodec = .pcmu
    }

    let settings: Settings
    let workers: [LoadWorker]
    let sendLogs = SendLogRegistry()
    /// The Opus rtpengine's answers asked the browsers for.
    let answeredClips = AnsweredClips()
    let dtlsContext: DTLSContext
    let directory: String
    private(set) var rtpengine: RtpengineProcess?
    private(set) var callCount = 0

    var name: String { "rtpengine" }
    var measuredPID: Int32? { rtpengine?.pid }
    var lateLimitNanoseconds: Int64 { settings.lateLimitNanoseconds }
    var allocations: AllocationProbe? { nil }

    init(settings: Settings, media: LoadMedia) throws {
        self.settings = settings
        workers = (0..<settings.mediaThreads).map {
            LoadWorker(index: $0, media: media, slots: settings.slots, lateLimitNanoseconds: settings.lateLimitNanoseconds)
        }
        dtlsContext = try DTLSContext(certificate: DTLSCertificate())
        directory = NSTemporaryDirectory() + "gateway-bench-rtpengine-\(getpid())"
    }

    func start() throws {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Four ports a call (the browser's pair and the phone's RTP and RTCP), twice over.
        guard let control = FreePorts.any(type: Int32(SOCK_DGRAM.rawValue)),
              let ports = FreePorts.udpRange(count: max(64, settings.maximumCalls * 8)) else {
            throw LoadRun.Failure(description: "no free loopback ports for rtpengine")
        }
        let start = LoadClock.now() + 20_000_000
        for worker in workers { worker.start(at: start) }
        let process = try RtpengineProcess(binary: settings.binary, directory: directory, controlPort: control,
                                           ports: ports, threads: settings.threads)
        rtpengine = process
        try process.waitUntilReady()
    }

    /// Places calls until there are `total` and waits until every leg carries media.
    func grow(to total: Int, timeoutSeconds: Double) async throws {
        while callCount < total {
            try place(callCount)
            callCount += 1
            try await Task.sleep(for: .seconds(1 / settings.callsPerSecond))
        }
        let deadline = LoadClock.now() + Int64(timeoutSeconds * 1e9)
        while true {
            let totals = workers.map(\.snapshot).reduce(WorkerTotals(), +)
            if totals.browser.legsUp == total, totals.phone.legsUp == total { return }
            if let failure = totals.firstFailure { throw LoadRun.Failure(description: "rtpengine call: \(failure)") }
            if LoadClock.now() > deadline {
                throw LoadRun.Failure(description: "after \(Int(timeoutSeconds)) s only \(totals.browser.legsUp) browser "
                                      + "and \(totals.phone.legsUp) phone legs of \(total) carry media through rtpengine")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func place(_ index: Int) throws {
        guard let client = rtpengine?.client else { throw LoadRun.Failure(description: "rtpengine is not running") }
        let browserSocket = try UDPSocket(receiveBuffer: 1 << 20)
        let ufrag = randomToken(length: 8)
        let ssrc = UInt32.random(in: 1...UInt32.max)
        let offer = BrowserOffer(address: "127.0.0.1", port: browserSocket.port, iceUfrag: ufrag,
                                 icePassword: randomToken(length: 24), fingerprint: dtlsContext.certificate.fingerprint,
                                 ssrc: ssrc, cname: randomToken(length: 16), sessionID: UInt64.random(in: 1...UInt64.max >> 1))
        let callID = "load-\(getpid())-\(index)"
        var offerCommand: [String: Bencode] = [
            "command": "offer", "call-id": .text(callID), "from-tag": "browser", "sdp": .text(offer.sdp),
            "ICE": "remove", "ICE-lite": "backward", "DTLS": "off", "SDES": ["off"],
            "transport-protocol": "RTP/AVP", "rtcp-mux": ["demux"],
            "replace": ["origin", "session-connection"], "flags": ["trust-address"],
        ]
        if settings.trunkCodec == .pcmu { offerCommand["codec"] = ["mask": ["opus"], "transcode": ["PCMU"]] }
        let toPhone = try Self.sdp(of: client.command(.dictionary(offerCommand)), step: "offer")
        let (phoneHost, phonePort) = try Self.audioAddress(toPhone)
        let phoneSocket = try UDPSocket()
        let logs = sendLogs.logs(forCall: index)
        let relayed = settings.trunkCodec == .opus
        let phone = try PhoneLeg(call: index, socket: phoneSocket, gatewayHost: phoneHost, gatewayPort: phonePort,
                                 codec: relayed ? .opus(payloadType: BrowserOffer.opusPayloadType) : .pcmu,
                                 sendLogs: logs)
        let toBrowser = try Self.sdp(of: client.command([
            "command": "answer", "call-id": .text(callID), "from-tag": "browser", "to-tag": "phone",
            "sdp": .text(Self.phoneAnswer(port: phoneSocket.port, opus: relayed)), "DTLS": "passive",
            "replace": ["origin", "session-connection"], "flags": ["trust-address"],
        ]), step: "answer")
        let answer = try GatewayAnswer.parse(toBrowser)
        let browser = try BrowserLeg(call: index, socket: browserSocket, ssrc: ssrc, localUfrag: ufrag, answer: answer,
                                     context: dtlsContext, sendLogs: logs, now: LoadClock.now())
        answeredClips.note(browser.clip)
        let worker = workers[index % workers.count]
        let slot = PacingSchedule.slot(forCall: index, slots: settings.slots)
        worker.add(phone, slot: slot)
        worker.add(browser, slot: slot)
    }

    func resetQuality() {}
    func callStatus() -> (notConnected: Int, worstReportedLossPercent: Double) { (0, 0) }
    func logTail() -> String { rtpengine?.logTail() ?? "" }

    /// Deletes the calls, stops the media threads and rtpengine.
    func tearDown() {
        if let client = rtpengine?.client {
            for index in 0..<callCount {
                _ = try? client.command(["command": "delete", "call-id": .text("load-\(getpid())-\(index)"),
                                         "from-tag": "browser"], timeoutMilliseconds: 500)
            }
        }
        for worker in workers { worker.stop() }
        rtpengine?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A phone's answer: PCMU only, or Opus only (RFC 7587 §7) for relayed calls; 20 ms
    /// packets (RFC 3551 §4.5.14, RFC 4566 ptime).
    static func phoneAnswer(port: Int, opus: Bool = false) -> String {
        let pt = BrowserOffer.opusPayloadType
        let format = opus ? ["m=audio \(port) RTP/AVP \(pt)", "a=rtpmap:\(pt) opus/48000/2"]
                          : ["m=audio \(port) RTP/AVP 0", "a=rtpmap:0 PCMU/8000"]
        return (["v=0", "o=phone 1 1 IN IP4 127.0.0.1", "s=phone", "c=IN IP4 127.0.0.1", "t=0 0"] + format
                + ["a=ptime:20", "a=sendrecv"]).joined(separator: "\r\n") + "\r\n"
    }

    static func sdp(of reply: Bencode, step: String) throws -> String {
        guard reply["result"]?.string == "ok", let sdp = reply["sdp"]?.string else {
            throw LoadRun.Failure(description: "rtpengine refused the \(step): "
                                  + (reply["error-reason"]?.string ?? reply["result"]?.string ?? "no result"))
        }
        return sdp
    }

    /// Where rtpengine wants the phone's RTP: the audio line's port at its connection address.
    static func audioAddress(_ text: String) throws -> (String, Int) {
        let session = try SessionDescription.parse(text)
        guard let audio = session.media.first(where: { $0.mediaType == "audio" && $0.port != 0 }),
              let address = (audio.connection ?? session.connection)?.address else {
            throw LoadRun.Failure(description: "rtpengine's offer to the phone has no audio address")
        }
        return (address, Int(audio.port))
    }
}
