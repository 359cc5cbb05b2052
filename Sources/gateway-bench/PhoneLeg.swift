import RTP

/// One load call's phone side: the RTP port the trunk's SDP answer named, connected to the
/// gateway's trunk RTP port (symmetric RTP, RFC 4961: the gateway sends from where it
/// receives). Sends speech every 20 ms, PCMU or, on an Opus trunk, the browsers' Opus
/// packets, and counts what comes back. Confined to a media thread once handed over.
final class PhoneLeg: @unchecked Sendable {
    /// What the trunk speaks.
    enum Codec: Sendable {
        /// RFC 3551 §6: static payload type 0; 160 samples (and bytes) per 20 ms at 8 kHz.
        case pcmu
        /// RFC 7587: the answer's dynamic payload type; 960 samples per 20 ms on the 48 kHz clock.
        case opus(payloadType: UInt8)

        var payloadType: UInt8 {
            switch self {
            case .pcmu: 0
            case .opus(let payloadType): payloadType
            }
        }

        var samplesPerPacket: UInt32 {
            switch self {
            case .pcmu: 160
            case .opus: 960
            }
        }
    }

    let call: Int
    let socket: UDPSocket
    let codec: Codec
    private var reception: StreamReception
    /// This call's send times: the phone's own, and the browser's it is paired against.
    private let sendLogs: CallSendLogs
    private var delays = DelayMatcher()
    private var header: RTPHeader
    private var frame: Int
    /// Set when the gateway's BYE arrived: nothing more is sent.
    var ended = false

    init(call: Int, socket: UDPSocket, gatewayHost: String, gatewayPort: Int, codec: Codec = .pcmu,
         sendLogs: CallSendLogs) throws {
        try socket.connect(host: gatewayHost, port: gatewayPort)
        self.call = call
        self.codec = codec
        reception = StreamReception(clockRate: Int(codec.samplesPerPacket) * 50)
        self.sendLogs = sendLogs
        self.socket = socket
        header = RTPHeader(payloadType: codec.payloadType, sequenceNumber: UInt16.random(in: 0...UInt16.max),
                           timestamp: UInt32.random(in: 0...UInt32.max), ssrc: UInt32.random(in: 1...UInt32.max),
                           marker: true)
        frame = call * 53
    }

    /// Reads everything queued on the socket.
    func drain(_ time: LegTime, buffers: PacketBuffers, totals: inout LegTotals) {
        while let (length, stamp) = socket.receive(into: buffers.receive) {
            guard let base = buffers.receive.baseAddress,
                  let header = RTPHeader.parse(UnsafeRawBufferPointer(start: base, count: length)),
                  header.payloadType == codec.payloadType, header.payloadLength == 160 || codec.samplesPerPacket == 960
            else { totals.rejected += 1; continue }
            let arrival = time.arrival(ofStamp: stamp)
            let delay = delays.delay(outputSequence: header.sequenceNumber, arrival: arrival, inputs: sendLogs.browser)
            totals.count(reception.record(header, arrival: arrival), lateLimit: time.lateLimit, delay: delay)
        }
    }

    /// The next 20 ms of speech.
    func sendMedia(_ media: LoadMedia, buffers: PacketBuffers, totals: inout LegTotals) {
        guard !ended, let base = buffers.send.baseAddress else { return }
        let headerLength = header.write(to: buffers.send)
        let payloadLength: Int
        switch codec {
        case .pcmu:
            let start = (frame % media.pcmuFrameCount) * 160
            media.pcmuFrames.withUnsafeBytes { frames in
                UnsafeMutableRawBufferPointer(rebasing: buffers.send[headerLength..<headerLength + 160])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: frames[start..<start + 160]))
            }
            payloadLength = 160
        case .opus:
            // Relayed calls: a phone that speaks Opus sends what a browser sends unasked.
            let payloads = media.opusPayloads(.fullband)
            let payload = payloads[frame % payloads.count]
            UnsafeMutableRawBufferPointer(rebasing: buffers.send[headerLength...]).copyBytes(from: payload)
            payloadLength = payload.count
        }
        frame += 1
        let sequence = header.sequenceNumber
        header.sequenceNumber &+= 1
        header.timestamp &+= codec.samplesPerPacket
        header.marker = false
        let sentAt = LoadClock.now()
        if socket.send(UnsafeRawBufferPointer(start: base, count: headerLength + payloadLength)) {
            sendLogs.phone.record(sequence: sequence, at: sentAt)
            totals.sent += 1
        } else {
            totals.sendFailures += 1
        }
    }
}
