import Gateway
import Media

/// Finds DTMF tones in a leg's G.711 or G.722 audio (spandsp's detector behind
/// `DTMFDetector`), for IVRs that key in-band and phones that send tones besides (or
/// instead of) RFC 4733 events. It decodes the payloads itself, so it can listen to a leg
/// whatever else is done with its audio. Confined to its media's loop.
final class InbandDigitListener {
    private let decoder: TrunkFrameDecoder
    private let detector: DTMFDetector
    private let pcm: UnsafeMutableBufferPointer<Int16>
    private let onDigit: (Character) -> Void

    /// Nil for Opus (relayed, never decoded on a trunk leg) or when the detector cannot start.
    init?(codec: TrunkCodec, onDigit: @escaping (Character) -> Void) {
        guard let audio = TrunkAudioCodec(codec), let decoder = try? TrunkFrameDecoder(audio),
              let detector = try? DTMFDetector(sampleRate: audio.sampleRate) else { return nil }
        self.decoder = decoder
        self.detector = detector
        self.onDigit = onDigit
        // One chunk of `listen`: 256 code words are at most 512 samples (G.722).
        pcm = .allocate(capacity: Self.chunkCodeWords * 2)
        pcm.initialize(repeating: 0)
    }

    deinit { pcm.deallocate() }

    /// Payload bytes decoded at once: a 20 ms packet is 160, and a small buffer keeps a
    /// call's listener at 1 KB.
    private static let chunkCodeWords = 256

    /// One RTP payload of the codec.
    func listen(to payload: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < payload.count {
            let chunk = min(payload.count - offset, Self.chunkCodeWords)
            let samples = decoder.decode(UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + chunk)]), into: pcm)
            detector.process(UnsafeBufferPointer(rebasing: pcm[0..<samples]), onDigit: onDigit)
            offset += chunk
        }
    }
}
