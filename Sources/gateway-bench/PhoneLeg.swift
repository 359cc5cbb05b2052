import RTP

/// One load call's phone side: the RTP port the trunk's SDP answer named, connected to the
/// gateway's trunk RTP port (symmetric RTP, RFC 4961: the gateway sends from where it
/// receives). Sends PCMU speech every 20 ms and counts what comes back. Confined to a
/// media thread once handed over.
final class PhoneLeg: @unchecked Sendable {
    /// RFC 3551 §6: PCMU's static payload type; 160 samples per 20 ms at 8 kHz.
    static let payloadType: UInt8 = 0
    static let samplesPerPacket: UInt32 = 160

    let call: Int
    let socket: UDPSocket
    private var reception = StreamReception(clockRate: 8000)
    /// This call's send times: the phone's own, and the browser's it is paired against.
    private let sendLogs: CallSendLogs
    private var delays = DelayMatcher()
    private var header: RTPHeader
    private var frame: Int
    /// Set when the gateway's BYE arrived: nothing more is sent.
    var ended = false

    init(call: Int, socket: UDPSocket, gatewayHost: String, gatewayPort: Int, sendLogs: CallSendLogs) throws {
        try socket.connect(host: gatewayHost, port: gatewayPort)
        self.call = call
        self.sendLogs = sendLogs
        self.socket = socket
        header = RTPHeader(payloadType: Self.payloadType, sequenceNumber: UInt16.random(in: 0...UInt16.max),
                           timestamp: UInt32.random(in: 0...UInt32.max), ssrc: UInt32.random(in: 1...UInt32.max),
                           marker: true)
        frame = call * 53
    }

    /// Reads everything queued on the socket.
    func drain(_ time: LegTime, buffers: PacketBuffers, totals: inout LegTotals) {
        while let (length, stamp) = socket.receive(into: buffers.receive) {
            guard let base = buffers.receive.baseAddress,
                  let header = RTPHeader.parse(UnsafeRawBufferPointer(start: base, count: length)),
                  header.payloadType == Self.payloadType, header.payloadLength == 160
            else { totals.rejected += 1; continue }
            let arrival = time.arrival(ofStamp: stamp)
            let delay = delays.delay(outputSequence: header.sequenceNumber, arrival: arrival, inputs: sendLogs.browser)
            totals.count(reception.record(header, arrival: arrival), lateLimit: time.lateLimit, delay: delay)
        }
    }

    /// The next 20 ms of speech.
    func sendMedia(_ media: LoadMedia, buffers: PacketBuffers, totals: inout LegTotals) {
        guard !ended, let base = buffers.send.baseAddress else { return }
        let start = (frame % media.pcmuFrameCount) * 160
        frame += 1
        let headerLength = header.write(to: buffers.send)
        media.pcmuFrames.withUnsafeBytes { frames in
            UnsafeMutableRawBufferPointer(rebasing: buffers.send[headerLength..<headerLength + 160])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: frames[start..<start + 160]))
        }
        let sequence = header.sequenceNumber
        header.sequenceNumber &+= 1
        header.timestamp &+= Self.samplesPerPacket
        header.marker = false
        let sentAt = LoadClock.now()
        if socket.send(UnsafeRawBufferPointer(start: base, count: headerLength + 160)) {
            sendLogs.phone.record(sequence: sequence, at: sentAt)
            totals.sent += 1
        } else {
            totals.sendFailures += 1
        }
    }
}
