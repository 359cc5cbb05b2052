import Gateway
import Media
import NIOCore

/// Media of a trunk call answered by the echo test: what the caller sends comes
/// back through the full transcoding path (G.711 or G.722 → PCM → Opus → PCM →
/// the same codec), the same stages a bridged call uses.
///
/// Confined to its loop; the public methods hop onto it.
final class TrunkEchoMedia: CallMedia, @unchecked Sendable {
    private let leg: TrunkLeg
    let trunkPort: Int?
    private let release: @Sendable () -> Void
    private var toOpus: TrunkToBrowserTranscoder?
    private var fromOpus: BrowserToTrunkTranscoder?
    private var closed = false
    /// An Opus caller's packets are echoed as they are: there is nothing to transcode.
    private var opus = false

    init(leg: TrunkLeg, onSilence: @escaping () -> Void, release: @escaping @Sendable () -> Void) {
        self.leg = leg
        self.trunkPort = leg.port
        self.release = release
        leg.onSilence = onSilence
        leg.onAudio = { [unowned self] payload in self.echo(payload) }
    }

    func connectTrunk(_ answer: TrunkSDP.Answer) {
        leg.loop.execute {
            guard !self.closed, self.leg.connect(answer) else { return }
            self.opus = answer.codec == .opus
            guard let audio = TrunkAudioCodec(answer.codec) else { return }
            self.toOpus = try? TrunkToBrowserTranscoder(trunkCodec: audio)
            self.fromOpus = try? BrowserToTrunkTranscoder(trunkCodec: audio)
        }
    }

    func sendDTMF(_ digits: String) {}

    func close() {
        leg.loop.execute {
            guard !self.closed else { return }
            self.closed = true
            self.leg.close()
            self.release()
        }
    }

    private func echo(_ payload: UnsafeRawBufferPointer) {
        if opus {
            guard let samples = try? OpusPacket.sampleCount(of: payload, sampleRate: 48000) else { return }
            leg.send(payload, samples: UInt32(samples))
            return
        }
        guard let toOpus, let fromOpus else { return }
        try? toOpus.process(trunkPayload: payload) { opus in
            try? fromOpus.process(opusPayload: opus) { frame in
                self.leg.send(frame, samples: fromOpus.trunkTimestampIncrement)
            }
        }
    }
}
