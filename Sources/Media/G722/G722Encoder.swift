internal import CSpanDSP

/// An ITU-T G.722 encoder (7 kHz wideband sub-band ADPCM; RTP: RFC 3551 §4.5.2) at
/// 64 kbit/s: 16 kHz 16-bit PCM in, one byte per two samples out, so a 20 ms frame of
/// 320 samples becomes 160 bytes.
///
/// Owns one spandsp encoder state, freed in `deinit`. Not thread-safe: an instance keeps
/// the ADPCM predictor history of one audio stream and must be used by one thread at a
/// time; it is `Sendable` only so it can be handed to that thread.
public final class G722Encoder: @unchecked Sendable {
    /// Rate of the PCM given to `encode`.
    public static let sampleRate = G722Format.sampleRate

    private let state: OpaquePointer

    /// - Throws: `.outOfMemory` when spandsp cannot allocate its state.
    public init() throws(G722Error) {
        guard let state = g722_encode_init(nil, G722Format.bitRate, 0) else { throw .outOfMemory }
        self.state = state
    }

    deinit { g722_encode_free(state) }

    /// Encodes `min(pcm.count / 2, out.count)` sample pairs, one byte per pair. An odd
    /// last sample is left unread: the codec's QMF splits the signal in pairs (G.722 §3.1),
    /// so callers pass even frame lengths.
    /// - Returns: the number of bytes written at the start of `out`.
    @discardableResult
    public func encode(_ pcm: UnsafeBufferPointer<Int16>, into out: UnsafeMutableRawBufferPointer) -> Int {
        let total = min(pcm.count / G722Format.samplesPerByte, out.count)
        guard total > 0, let source = pcm.baseAddress, let destination = out.baseAddress else { return 0 }
        let codes = destination.assumingMemoryBound(to: UInt8.self)
        var done = 0
        while done < total {
            let bytes = min(total - done, G722Format.maxBytesPerCall)
            let written = g722_encode(state, codes + done, source + done * G722Format.samplesPerByte,
                                      Int32(bytes * G722Format.samplesPerByte))
            guard written > 0 else { break }
            done += Int(written)
        }
        return done
    }
}
