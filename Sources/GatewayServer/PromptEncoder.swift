import Gateway
import Media

/// Turns 20 ms of PCM into one trunk payload: G.711 and G.722 through their frame
/// encoders, Opus through an Opus encoder at 16 kHz. Buffers are allocated once.
final class PromptEncoder {
    private enum Coder {
        case frame(TrunkFrameEncoder, TrunkAudioCodec)
        case opus(OpusEncoder)
    }

    private let coder: Coder
    let sampleRate: Int
    /// RTP clock ticks per frame: 160 for G.711/G.722 (RFC 3551 §4.5.2), 960 for Opus.
    let timestampIncrement: UInt32
    private let pcm: UnsafeMutableBufferPointer<Int16>
    private let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 1)
    private var payloadLength = 0

    init(_ codec: TrunkCodec) throws {
        if let audio = TrunkAudioCodec(codec) {
            coder = .frame(try TrunkFrameEncoder(audio), audio)
            sampleRate = audio.sampleRate
            timestampIncrement = audio.rtpTimestampIncrement
        } else {
            coder = .opus(try OpusEncoder(sampleRate: 16000, channels: 1))
            sampleRate = 16000
            timestampIncrement = 960
        }
        pcm = .allocate(capacity: sampleRate / 50)
        pcm.initialize(repeating: 0)
    }

    deinit {
        pcm.deallocate()
        payload.deallocate()
    }

    /// Lets `body` write the frame's PCM, then encodes it; returns what `body` returned.
    func fill(_ body: (UnsafeMutableBufferPointer<Int16>) -> Bool) -> Bool {
        let result = body(pcm)
        switch coder {
        case .frame(let encoder, _):
            payloadLength = encoder.encode(UnsafeBufferPointer(pcm), into: payload)
        case .opus(let encoder):
            payloadLength = (try? encoder.encode(UnsafeBufferPointer(pcm), into: payload)) ?? 0
        }
        return result
    }

    func withFrame(_ body: (UnsafeRawBufferPointer, UInt32) -> Void) {
        guard payloadLength > 0 else { return }
        body(UnsafeRawBufferPointer(rebasing: payload[0..<payloadLength]), timestampIncrement)
    }
}
