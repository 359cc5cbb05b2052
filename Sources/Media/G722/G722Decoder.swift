internal import CSpanDSP

/// An ITU-T G.722 decoder (RFC 3551 §4.5.2) at 64 kbit/s: each byte becomes two 16 kHz
/// 16-bit samples, so a 20 ms payload of 160 bytes becomes 320 samples.
///
/// Every byte value is a valid G.722 code word, so there is no malformed input: garbage
/// decodes to noise, never to an error.
///
/// Owns one spandsp decoder state, freed in `deinit`. Not thread-safe: use one instance
/// per stream from one thread at a time; it is `Sendable` only to be handed to that thread.
public final class G722Decoder: @unchecked Sendable {
    /// Rate of the PCM `decode` produces.
    public static let sampleRate = G722Format.sampleRate

    private let state: OpaquePointer

    /// - Throws: `.outOfMemory` when spandsp cannot allocate its state.
    public init() throws(G722Error) {
        guard let state = g722_decode_init(nil, G722Format.bitRate, 0) else { throw .outOfMemory }
        self.state = state
    }

    deinit { g722_decode_free(state) }

    /// Decodes `min(codes.count, pcm.count / 2)` bytes, two samples each.
    /// - Returns: the number of samples written at the start of `pcm`.
    @discardableResult
    public func decode(_ codes: UnsafeRawBufferPointer, into pcm: UnsafeMutableBufferPointer<Int16>) -> Int {
        let total = min(codes.count, pcm.count / G722Format.samplesPerByte)
        guard total > 0, let source = codes.baseAddress, let destination = pcm.baseAddress else { return 0 }
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        var done = 0
        var samples = 0
        while done < total {
            let chunk = min(total - done, G722Format.maxBytesPerCall)
            let decoded = g722_decode(state, destination + samples, bytes + done, Int32(chunk))
            guard decoded > 0 else { break }
            done += chunk
            samples += Int(decoded)
        }
        return samples
    }
}
