/// Why a prompt file could not be read, with a message that names the fix. Every
/// malformed or unsupported input lands here; `WAVFile.parse` never traps.
public enum WAVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer bytes than the 12-byte RIFF header.
    case tooShort(byteCount: Int)
    /// The first four bytes are not "RIFF" (shown as read; "RIFX" is big-endian, "RF64" 64-bit).
    case notRIFF(magic: String)
    /// A RIFF file whose form type is not "WAVE" (an AVI, for instance).
    case notWAVE(formType: String)
    /// No "fmt " chunk, so the encoding is unknown.
    case missingFormatChunk
    /// No "data" chunk: the file holds no audio.
    case missingDataChunk
    /// A chunk declares more bytes than the file still holds.
    case truncatedChunk(id: String, declaredBytes: Int, availableBytes: Int)
    /// The "fmt " chunk is shorter than its format needs (16 bytes, 40 for WAVE_FORMAT_EXTENSIBLE).
    case formatChunkTooShort(byteCount: Int, needed: Int)
    /// An encoding other than PCM, μ-law or A-law (float, ADPCM, MP3, …).
    case unsupportedEncoding(formatTag: UInt16)
    /// WAVE_FORMAT_EXTENSIBLE whose subformat is not PCM, μ-law or A-law.
    case unsupportedExtensibleSubformat
    /// A sample width the encoding does not support here (24-bit PCM, 16-bit μ-law, …).
    case unsupportedBitsPerSample(Int, formatTag: UInt16)
    /// Neither mono nor stereo.
    case unsupportedChannelCount(Int)
    /// Outside 8000…48000 Hz.
    case unsupportedSampleRate(Int)
    /// The block align does not match channels × bytes per sample.
    case invalidBlockAlign(declared: Int, expected: Int)
    /// The "data" chunk holds no complete sample frame.
    case noAudio
    /// More mono samples than the caller allows.
    case tooLong(samples: Int, maxSamples: Int, sampleRate: Int)

    /// The sox command that rewrites any readable audio file into the format prompts
    /// are best kept in (16-bit PCM, mono, the trunk's 8 kHz).
    static let conversion = "sox in.wav -e signed-integer -b 16 -r 8000 -c 1 out.wav"

    public var description: String {
        switch self {
        case .tooShort(let count):
            return "the file is \(count) bytes long, too short for a WAV file (a 12-byte RIFF header, a 'fmt ' "
                + "and a 'data' chunk); it is empty or truncated: export it again, e.g. with: \(Self.conversion)"
        case .notRIFF(let magic):
            switch magic {
            case "RIFX":
                return "big-endian (RIFX) WAV files are not supported; convert with: \(Self.conversion)"
            case "RF64":
                return "RF64 (64-bit) WAV files are not supported; convert with: \(Self.conversion)"
            default:
                return "not a WAV file: it starts with '\(magic)' instead of 'RIFF'; if it is audio in another "
                    + "format (MP3, Ogg, FLAC…), convert with: sox in.mp3 -e signed-integer -b 16 -r 8000 -c 1 out.wav"
            }
        case .notWAVE(let form):
            return "a RIFF file of type '\(form)', not 'WAVE'; convert with: \(Self.conversion)"
        case .missingFormatChunk:
            return "the file has no 'fmt ' chunk, so its encoding is unknown; the file is damaged: "
                + "export it again as 16-bit PCM WAV, e.g. with: \(Self.conversion)"
        case .missingDataChunk:
            return "the file has no 'data' chunk, so it holds no audio; record or export the prompt again"
        case let .truncatedChunk(id, declared, available):
            return "the '\(id)' chunk declares \(declared) bytes but only \(available) follow: the file is "
                + "truncated (an interrupted copy or recording); copy or export it again, e.g. with: \(Self.conversion)"
        case let .formatChunkTooShort(count, needed):
            return "the 'fmt ' chunk is \(count) bytes long but its format needs \(needed); the header is "
                + "damaged: rewrite it with: \(Self.conversion)"
        case .unsupportedEncoding(let tag):
            return "\(Self.encodingName(tag)) audio is not supported (only 16-bit or 8-bit PCM, μ-law and A-law are); "
                + "convert with: \(Self.conversion)"
        case .unsupportedExtensibleSubformat:
            return "WAVE_FORMAT_EXTENSIBLE audio whose subformat is not PCM, μ-law or A-law (float, for "
                + "instance) is not supported; convert with: \(Self.conversion)"
        case let .unsupportedBitsPerSample(bits, tag):
            let name = tag == WAVFormat.pcm ? "PCM" : Self.encodingName(tag)
            return "\(bits)-bit \(name) is not supported; convert with: \(Self.conversion)"
        case .unsupportedChannelCount(let count):
            if count == 0 {
                return "the 'fmt ' chunk declares 0 channels; the header is damaged: rewrite it with: \(Self.conversion)"
            }
            return "\(count)-channel audio is not supported (mono or stereo only); mix it down with: \(Self.conversion)"
        case .unsupportedSampleRate(let rate):
            return "a sample rate of \(rate) Hz is outside 8000…48000 Hz; resample with: \(Self.conversion)"
        case let .invalidBlockAlign(declared, expected):
            return "the 'fmt ' chunk gives a block align of \(declared) bytes where its channels and sample size "
                + "need \(expected); the header is damaged: rewrite it with: \(Self.conversion)"
        case .noAudio:
            return "the 'data' chunk holds no complete sample, so the prompt would be silent; record or export it again"
        case let .tooLong(samples, maxSamples, rate):
            let seconds = rate > 0 ? " (\(samples / rate) s)" : ""
            let limit = rate > 0 ? " (\(maxSamples / rate) s at this rate)" : ""
            return "the prompt has \(samples) samples\(seconds), more than the limit of \(maxSamples)\(limit); "
                + "shorten it, e.g. to its first minute with: sox in.wav out.wav trim 0 60"
        }
    }

    /// A readable name for a WAVE format tag (the registered values of RFC 2361 Appendix A).
    static func encodingName(_ tag: UInt16) -> String {
        let digits = String(tag, radix: 16, uppercase: true)
        let hex = "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let name: String? = switch tag {
        case 0x0002: "Microsoft ADPCM"
        case 0x0003: "IEEE float"
        case WAVFormat.aLaw: "A-law"
        case WAVFormat.muLaw: "μ-law"
        case 0x0011: "IMA ADPCM"
        case 0x0031: "GSM 6.10"
        case 0x0040: "G.721 ADPCM"
        case 0x0050: "MPEG"
        case 0x0055: "MP3"
        case 0x0064: "G.726 ADPCM"
        case 0x0065: "G.722 ADPCM"
        default: nil
        }
        return name.map { "\($0) (format tag \(hex))" } ?? "format tag \(hex)"
    }
}
