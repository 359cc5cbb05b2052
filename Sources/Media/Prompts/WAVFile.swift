/// A decoded prompt: mono 16-bit samples at the file's own rate (resample them to the
/// playback rate with `Resampler`).
public struct WAVAudio: Sendable, Equatable {
    public let sampleRate: Int
    /// Mono samples; a stereo file's two channels are averaged.
    public let samples: [Int16]

    public init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }
}

/// Reads the WAV files IVR prompts come in, from bytes already loaded by the caller.
///
/// The file is a RIFF container (Microsoft/IBM "Multimedia Programming Interface and
/// Data Specifications 1.0", 1991): "RIFF", a little-endian size, "WAVE", then chunks
/// of a four-character id, a 32-bit size and a body padded to an even length. Only
/// "fmt " and "data" matter; they may come in either order, and every other chunk
/// (LIST, fact, cue, bext, …) is skipped. Supported: 16-bit PCM, 8-bit unsigned PCM,
/// G.711 μ-law and A-law, in WAVE_FORMAT_EXTENSIBLE too, mono or stereo, 8–48 kHz.
///
/// Every malformed or unsupported input throws a `WAVError` whose description says
/// how to fix the file; no input traps.
public enum WAVFile {
    /// Decodes `bytes` into mono samples.
    /// - Parameter maxSamples: the most mono samples accepted (default: ten minutes at
    ///   48 kHz), checked before any sample is decoded.
    public static func parse(_ bytes: [UInt8], maxSamples: Int = 48_000 * 600) throws(WAVError) -> WAVAudio {
        guard bytes.count >= 12 else { throw .tooShort(byteCount: bytes.count) }
        let magic = fourCC(bytes, at: 0)
        guard magic == "RIFF" else { throw .notRIFF(magic: magic) }
        let form = fourCC(bytes, at: 8)
        guard form == "WAVE" else { throw .notWAVE(formType: form) }

        let (format, data) = try findChunks(bytes)
        let frames = data.count / format.blockAlign   // a trailing partial frame is dropped
        guard frames > 0 else { throw .noAudio }
        guard frames <= maxSamples else {
            throw .tooLong(samples: frames, maxSamples: maxSamples, sampleRate: format.sampleRate)
        }
        return WAVAudio(sampleRate: format.sampleRate, samples: decode(bytes, data: data, frames: frames, format: format))
    }

    /// Walks the chunk list after the 12-byte header until both "fmt " and "data" are
    /// found. The RIFF size field is not trusted (streaming writers leave it 0 or
    /// 0xFFFFFFFF); the walk is bounded by the bytes actually present, and bytes after
    /// the chunks needed (an appended ID3 tag, say) are never looked at.
    private static func findChunks(_ bytes: [UInt8]) throws(WAVError) -> (WAVFormat, Range<Int>) {
        var format: WAVFormat?
        var data: Range<Int>?
        var offset = 12
        while format == nil || data == nil {
            // Fewer than 8 bytes left cannot hold a chunk header: the list has ended.
            guard bytes.count - offset >= 8 else { break }
            let id = fourCC(bytes, at: offset)
            let size = Int(RIFFBytes.uint32(bytes[...], at: offset + 4))
            let body = offset + 8
            let available = bytes.count - body
            // Compared before any addition, so a size near 4 GiB cannot overflow an index.
            guard size <= available else {
                throw .truncatedChunk(id: id, declaredBytes: size, availableBytes: available)
            }
            switch id {
            case "fmt " where format == nil:
                format = try WAVFormat.parse(bytes[body..<(body + size)])
            case "data" where data == nil:
                data = body..<(body + size)
            default:
                break   // LIST, fact, cue, a repeated fmt/data: not needed
            }
            // RIFF: a chunk with an odd size is followed by one pad byte.
            offset = body + size + (size & 1)
        }
        guard let format else { throw .missingFormatChunk }
        guard let data else { throw .missingDataChunk }
        return (format, data)
    }

    private static func decode(_ bytes: [UInt8], data: Range<Int>, frames: Int, format: WAVFormat) -> [Int16] {
        let bytesPerSample = format.blockAlign / format.channels
        var samples = [Int16](repeating: 0, count: frames)
        for frame in 0..<frames {
            let offset = data.lowerBound + frame * format.blockAlign
            if format.channels == 2 {
                // Averaged toward zero; the sum of two Int16 always fits an Int.
                let left = Int(format.sample(bytes, at: offset))
                let right = Int(format.sample(bytes, at: offset + bytesPerSample))
                samples[frame] = Int16((left + right) / 2)
            } else {
                samples[frame] = format.sample(bytes, at: offset)
            }
        }
        return samples
    }

    /// A chunk id as text; bytes outside printable ASCII show as "?" so an error
    /// message stays readable whatever the file holds.
    static func fourCC(_ bytes: [UInt8], at offset: Int) -> String {
        guard offset >= 0, offset <= bytes.count - 4 else { return "" }
        let scalars = bytes[offset..<(offset + 4)].map { (0x20...0x7E).contains($0) ? Character(UnicodeScalar($0)) : "?" }
        return String(scalars)
    }
}
