import CoreTypes
import Gateway
import Media
import NIOCore
import RTP

/// Media of a trunk call answered by the echo test: what the caller sends comes
/// back through the full transcoding path (G.711 or G.722 → PCM → Opus → PCM → the same codec),
/// the same stages a bridged call uses.
///
/// Confined to `loop`; the public methods hop onto it.
final class TrunkEchoMedia: CallMedia, @unchecked Sendable {
    let loop: EventLoop
    let channel: Channel
    let trunkPort: Int?
    private let release: @Sendable () -> Void

    private var remote: SocketAddress?
    private var codec: TrunkCodec?
    private var toOpus: TrunkToBrowserTranscoder?
    private var fromOpus: BrowserToTrunkTranscoder?
    private var out = OutgoingStream(RTPSequencer())
    private var closed = false

    init(loop: EventLoop, channel: Channel, release: @escaping @Sendable () -> Void) {
        self.loop = loop
        self.channel = channel
        self.trunkPort = channel.localAddress?.port
        self.release = release
    }

    func connectTrunk(_ answer: TrunkSDP.Answer) {
        loop.execute {
            guard !self.closed else { return }
            // On hold (sendonly/inactive) the caller wants no audio: send nowhere.
            self.remote = answer.farEndReceives ? try? SocketAddress(ipAddress: answer.address, port: answer.port) : nil
            guard self.codec != answer.codec else { return }
            let audio = TrunkAudioCodec(answer.codec)
            self.toOpus = try? TrunkToBrowserTranscoder(trunkCodec: audio)
            self.fromOpus = try? BrowserToTrunkTranscoder(trunkCodec: audio)
            self.codec = answer.codec
        }
    }

    func sendDTMF(_ digits: String) {}

    func close() {
        loop.execute {
            guard !self.closed else { return }
            self.closed = true
            self.channel.close(promise: nil)
            self.release()
        }
    }

    func packet(_ envelope: AddressedEnvelope<ByteBuffer>) {
        guard !closed, let remote, let codec, let toOpus, let fromOpus,
              envelope.remoteAddress.ipAddress == remote.ipAddress else { return }
        envelope.data.withUnsafeReadableBytes { raw in
            guard let header = RTPHeader.parse(raw), header.payloadType == codec.payloadType else { return }
            let payload = UnsafeRawBufferPointer(rebasing: raw[header.headerLength..<(header.headerLength + header.payloadLength)])
            try? toOpus.process(trunkPayload: payload) { opus in
                try? fromOpus.process(opusPayload: opus) { frame in
                    self.send(frame, codec: codec, increment: fromOpus.trunkTimestampIncrement, to: remote)
                }
            }
        }
    }

    private func send(_ g711: UnsafeRawBufferPointer, codec: TrunkCodec, increment: UInt32, to remote: SocketAddress) {
        let (seq, ts, marker) = out.next(samples: increment)
        let header = RTPHeader(payloadType: codec.payloadType, sequenceNumber: seq, timestamp: ts,
                               ssrc: out.ssrc, marker: marker)
        var buffer = channel.allocator.buffer(capacity: 12 + g711.count)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 12 + g711.count) { out in
            let n = header.write(to: out)
            UnsafeMutableRawBufferPointer(rebasing: out[n...]).copyMemory(from: g711)
            return n + g711.count
        }
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
    }
}
