import Config
import Gateway
import Media
import NIOCore

/// What the phone hears while the browser is away: a soft hold tone, comfort noise or
/// silence, one 20 ms frame at a time in the trunk's codec. The frames go out on the call's
/// own RTP stream, so the SSRC stays and sequence numbers and timestamps advance with time
/// (RFC 3550 §5.1): to the trunk it is a caller who went quiet, not a new stream.
final class HoldAudio {
    private var task: MediaTimer?
    private var encoder: PromptEncoder?
    private var encoderCodec: TrunkCodec?
    private var tone: CadencedTone?
    private let kind: DisconnectAudio
    private var noise = SystemRandomNumberGenerator()

    /// `codec` is read every tick: the trunk may answer (and pick its codec) during the drop.
    init(loop: MediaEventLoop, kind: DisconnectAudio, codec: @escaping () -> TrunkCodec?,
         send: @escaping (UnsafeRawBufferPointer, UInt32) -> Void) {
        self.kind = kind
        task = loop.every(.milliseconds(20), after: .zero) { [weak self] in
            guard let self, let current = codec() else { return }
            if current != self.encoderCodec {
                self.encoderCodec = current
                self.encoder = try? PromptEncoder(current)
                // 425 Hz (the ITU-T E.180 recommendation) for 0.2 s every 4 s, quiet.
                self.tone = .hold(sampleRate: Double(self.encoder?.sampleRate ?? 8000))
            }
            guard let encoder = self.encoder else { return }
            _ = encoder.fill { pcm in
                self.fill(pcm)
                return true
            }
            encoder.withFrame(send)
        }
    }

    deinit {
        task?.cancel()
    }

    func stop() {
        task?.cancel()
        task = nil
    }

    private func fill(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        switch kind {
        case .tone:
            tone?.fill(pcm)
        case .comfortNoise:
            // About -60 dBFS of white noise: the line sounds open, not dead.
            for index in pcm.indices { pcm[index] = Int16.random(in: -33...33, using: &noise) }
        case .silence:
            pcm.update(repeating: 0)
        }
    }
}
