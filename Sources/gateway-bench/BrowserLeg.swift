import RTP
import WebRTC

/// The scratch buffers a media thread lends its legs: one packet in, one packet out.
struct PacketBuffers {
    let receive = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
    let send = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)

    func deallocate() {
        receive.deallocate()
        send.deallocate()
    }
}

/// What a leg needs to know about the moment it is served.
struct LegTime {
    /// Monotonic nanoseconds.
    var now: Int64
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC, to put kernel receive stamps on the monotonic clock.
    var realtimeOffset: Int64
    /// Lateness above which a received packet counts as late.
    var lateLimit: Int64

    func arrival(ofStamp stamp: Int64) -> Int64 { stamp == 0 ? now : stamp - realtimeOffset }
}

/// One load call's browser side on its own UDP port, confined to a media thread once
/// handed over: ICE connectivity checks as the controlling agent, the DTLS handshake as
/// client (RFC 5763 §5: the gateway answered `a=setup:passive`), SRTP with the keys
/// exported from it (RFC 5764 §4.2), then one Opus packet per 20 ms and a count of what
/// comes back.
final class BrowserLeg: @unchecked Sendable {
    enum Phase: Equatable {
        case checking, handshaking, media
        case failed(String)
    }

    /// RFC 8445 §14.3 paces checks at Ta (50 ms); one pair, so every 50 ms until answered.
    static let checkInterval: Int64 = 50_000_000
    /// RFC 7675 §5.1: a consent check every 4–6 s; 5 s here.
    static let consentInterval: Int64 = 5_000_000_000
    /// Time a leg may take from the answer to SRTP.
    static let setupLimit: Int64 = 15_000_000_000

    let call: Int
    let socket: UDPSocket
    private let ice: ICEChecks
    private let dtls: DTLSEndpoint
    private let opusPayloadType: UInt8
    private(set) var phase: Phase = .checking
    private var pendingCheck: STUNTransactionID?
    private var nextCheck: Int64 = 0
    private let setupDeadline: Int64
    private var srtp: SRTPSession?
    private var reception = StreamReception(clockRate: 48000)
    /// This call's send times: the browser's own, and the phone's it is paired against.
    private let sendLogs: CallSendLogs
    private var delays = DelayMatcher()
    private var header: RTPHeader
    private var frame: Int
    /// The Opus the answer asked for (its `maxplaybackrate`).
    let clip: BrowserOpusClip
    /// The browser's own RTCP: what it sends and receives, and an SR with a report block
    /// on the gateway's stream and SDES every `reportInterval`, as libwebrtc sends them, so
    /// the gateway reads a browser's reports under load as it would in a real call.
    private var reports: RTCPReporter
    private var nextReport: Int64
    static let reportInterval: Int64 = 5_000_000_000

    /// - Parameters:
    ///   - socket: the port the offer named, now connected to the gateway's candidate.
    init(call: Int, socket: UDPSocket, ssrc: UInt32, localUfrag: String, answer: GatewayAnswer,
         context: DTLSContext, sendLogs: CallSendLogs, now: Int64) throws {
        try socket.connect(host: answer.address, port: answer.port)
        self.call = call
        self.sendLogs = sendLogs
        self.socket = socket
        ice = ICEChecks(localUfrag: localUfrag, remoteUfrag: answer.iceUfrag, remotePassword: answer.icePassword)
        dtls = try DTLSEndpoint(context: context, role: .client,
                                remoteFingerprint: (algorithm: answer.fingerprintAlgorithm, value: answer.fingerprint))
        opusPayloadType = answer.opusPayloadType
        clip = BrowserOpusClip(maxPlaybackRate: answer.maxPlaybackRate)
        setupDeadline = now + Self.setupLimit
        header = RTPHeader(payloadType: answer.opusPayloadType, sequenceNumber: UInt16.random(in: 0...UInt16.max),
                           timestamp: UInt32.random(in: 0...UInt32.max), ssrc: ssrc, marker: true)
        frame = call * 37
        reports = RTCPReporter(localSSRC: ssrc, cname: "bench-\(call)", clockRate: 48000, codec: .opus,
                               ntp: NTPClock(unixNanoseconds: LoadClock.realtime(), atMonotonic: now))
        // Spread over the interval, as calls that started at different times would be.
        nextReport = now + Self.reportInterval + Int64(call % 50) * Self.reportInterval / 50
    }

    var isUp: Bool { phase == .media }

    /// Timers: connectivity checks until answered, then consent checks; DTLS
    /// retransmissions (RFC 6347 §4.2.4); the setup limit.
    func poll(_ time: LegTime) {
        switch phase {
        case .failed:
            return
        case .checking, .media:
            if time.now >= nextCheck { sendCheck(time) }
        case .handshaking:
            if let due = dtls.nextTimeout, due.nanoseconds <= time.now {
                sendAll(dtls.handleTimeout(now: .init(nanoseconds: time.now)))
                checkDTLSState()
            }
        }
        if phase == .checking || phase == .handshaking, time.now > setupDeadline {
            phase = .failed("no SRTP within \(Self.setupLimit / 1_000_000_000) s (stuck in \(phase))")
        }
    }

    /// Reads everything queued on the socket.
    func drain(_ time: LegTime, buffers: PacketBuffers, totals: inout LegTotals) {
        while let (length, stamp) = socket.receive(into: buffers.receive) {
            guard length > 0, let base = buffers.receive.baseAddress else { continue }
            let packet = UnsafeMutableRawBufferPointer(start: base, count: length)
            switch PacketDemux.classify(UnsafeRawBufferPointer(packet)) {
            case .stun:
                stun(Array(packet), time)
            case .dtls:
                sendAll(dtls.receive(Array(packet), now: .init(nanoseconds: time.now)).datagrams)
                checkDTLSState()
            case .rtp:
                media(packet, arrival: time.arrival(ofStamp: stamp), time, totals: &totals)
            case .rtcp:
                if let srtp, let plain = try? srtp.unprotectRTCP(base, length: length) {
                    totals.rtcp += 1
                    try? reports.received(rtcp: UnsafeRawBufferPointer(start: base, count: plain), nowNanoseconds: time.now)
                } else {
                    totals.rejected += 1
                }
            case .unknown:
                totals.rejected += 1
            }
        }
    }

    /// The next 20 ms of speech, once SRTP is up.
    func sendMedia(_ media: LoadMedia, buffers: PacketBuffers, totals: inout LegTotals) {
        guard let srtp, let base = buffers.send.baseAddress else { return }
        let payloads = media.opusPayloads(clip)
        let payload = payloads[frame % payloads.count]
        frame += 1
        let headerLength = header.write(to: buffers.send)
        UnsafeMutableRawBufferPointer(rebasing: buffers.send[headerLength...]).copyBytes(from: payload)
        let (sequence, timestamp) = (header.sequenceNumber, header.timestamp)
        header.sequenceNumber &+= 1
        header.timestamp &+= 960
        header.marker = false
        guard let length = try? srtp.protectRTP(base, length: headerLength + payload.count, capacity: buffers.send.count)
        else { totals.sendFailures += 1; return }
        let sentAt = LoadClock.now()
        if socket.send(UnsafeRawBufferPointer(start: base, count: length)) {
            sendLogs.browser.record(sequence: sequence, at: sentAt)
            totals.sent += 1
            reports.sent(payloadBytes: payload.count, timestamp: timestamp, nowNanoseconds: sentAt)
        } else {
            totals.sendFailures += 1
        }
        if sentAt >= nextReport { sendReport(srtp, now: sentAt, buffer: buffers.send, totals: &totals) }
    }

    /// One compound report (SR, report block, SDES) as SRTCP, made in `buffer` (the media
    /// packet that used it has left).
    private func sendReport(_ srtp: SRTPSession, now: Int64, buffer: UnsafeMutableRawBufferPointer,
                            totals: inout LegTotals) {
        nextReport = now + Self.reportInterval
        guard let base = buffer.baseAddress else { return }
        let written = reports.writeReport(into: buffer, nowNanoseconds: now)
        guard written > 0, let length = try? srtp.protectRTCP(base, length: written, capacity: buffer.count),
              socket.send(UnsafeRawBufferPointer(start: base, count: length))
        else { return }
        totals.rtcpSent += 1
    }

    private func sendCheck(_ time: LegTime) {
        let (id, bytes) = ice.request(nominate: phase == .checking)
        if phase == .checking { pendingCheck = id }
        socket.send(bytes)
        nextCheck = time.now + (phase == .checking ? Self.checkInterval : Self.consentInterval)
    }

    private func stun(_ bytes: [UInt8], _ time: LegTime) {
        guard phase == .checking, let pendingCheck, ice.isSuccess(bytes, answering: pendingCheck) else { return }
        // The pair works and is nominated: DTLS next (RFC 8842 §5), consent checks from now on.
        self.pendingCheck = nil
        phase = .handshaking
        nextCheck = time.now + Self.consentInterval
        sendAll(dtls.start(now: .init(nanoseconds: time.now)))
    }

    private func checkDTLSState() {
        switch dtls.state {
        case .connected(let keys) where srtp == nil:
            do {
                srtp = try SRTPSession(keyingMaterial: keys)
                phase = .media
            } catch {
                phase = .failed("SRTP: \(error)")
            }
        case .failed(let error):
            phase = .failed("\(error)")
        case .closed:
            if phase != .media { phase = .failed("DTLS closed by the gateway") }
        default:
            break
        }
    }

    private func media(_ packet: UnsafeMutableRawBufferPointer, arrival: Int64, _ time: LegTime,
                       totals: inout LegTotals) {
        guard let srtp, let base = packet.baseAddress,
              let length = try? srtp.unprotectRTP(base, length: packet.count),
              let header = RTPHeader.parse(UnsafeRawBufferPointer(start: base, count: length)),
              header.payloadType == opusPayloadType
        else { totals.rejected += 1; return }
        reports.received(ssrc: header.ssrc, sequenceNumber: header.sequenceNumber, timestamp: header.timestamp,
                         nowNanoseconds: time.now)
        let delay = delays.delay(outputSequence: header.sequenceNumber, arrival: arrival, inputs: sendLogs.phone)
        totals.count(reception.record(header, arrival: arrival), lateLimit: time.lateLimit, delay: delay)
    }

    private func sendAll(_ datagrams: [[UInt8]]) {
        for datagram in datagrams { socket.send(datagram) }
    }
}
