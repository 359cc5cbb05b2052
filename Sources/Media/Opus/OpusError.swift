internal import COpus

/// Errors from the Opus codec wrappers.
///
/// The first seven cases mirror libopus's negative return codes (`opus_defines.h`); the
/// rest are argument checks done in Swift before libopus is called.
public enum OpusError: Error, Sendable, Equatable {
    /// `OPUS_BAD_ARG`: an argument libopus rejected (e.g. an out-of-range setting).
    case badArgument
    /// `OPUS_BUFFER_TOO_SMALL`: the output buffer cannot hold the decoded audio or packet.
    case bufferTooSmall
    /// `OPUS_INTERNAL_ERROR`.
    case internalError
    /// `OPUS_INVALID_PACKET`: the payload is not a well-formed Opus packet (RFC 6716 §3.4).
    case invalidPacket
    /// `OPUS_UNIMPLEMENTED`.
    case unimplemented
    /// `OPUS_INVALID_STATE`.
    case invalidState
    /// `OPUS_ALLOC_FAIL`.
    case allocationFailed
    /// A libopus return code this wrapper does not know.
    case unknown(Int32)
    /// libopus runs at 8, 12, 16, 24 or 48 kHz only.
    case unsupportedSampleRate(Int32)
    /// Only mono and stereo exist in plain Opus.
    case unsupportedChannelCount(Int32)
    /// Not a legal Opus frame duration (2.5, 5, 10, 20, 40, 60, 80, 100 or 120 ms),
    /// or not a whole number of samples per channel. Carries the sample count given.
    case invalidFrameSize(Int)

    /// Maps a negative libopus return code to its case.
    init(code: Int32) {
        switch code {
        case OPUS_BAD_ARG: self = .badArgument
        case OPUS_BUFFER_TOO_SMALL: self = .bufferTooSmall
        case OPUS_INTERNAL_ERROR: self = .internalError
        case OPUS_INVALID_PACKET: self = .invalidPacket
        case OPUS_UNIMPLEMENTED: self = .unimplemented
        case OPUS_INVALID_STATE: self = .invalidState
        case OPUS_ALLOC_FAIL: self = .allocationFailed
        default: self = .unknown(code)
        }
    }
}

/// Sample-rate and frame-duration rules shared by the encoder and decoder.
enum OpusFormat {
    /// The rates libopus can run at (RFC 6716 §2: internal bandwidths NB…FB).
    static func isSupported(sampleRate: Int32) -> Bool {
        switch sampleRate {
        case 8000, 12000, 16000, 24000, 48000: return true
        default: return false
        }
    }

    static func isSupported(channels: Int32) -> Bool { channels == 1 || channels == 2 }

    /// RFC 6716 §2.1.4: frames are 2.5, 5, 10 or 20 ms (CELT/SILK) or 40/60 ms (SILK);
    /// libopus ≥ 1.2 also encodes 80/100/120 ms as multi-frame packets.
    /// Durations are counted in 2.5 ms units here.
    static func isLegalFrame(samplesPerChannel: Int, sampleRate: Int32) -> Bool {
        let unit = Int(sampleRate) / 400
        guard unit > 0, samplesPerChannel > 0, samplesPerChannel % unit == 0 else { return false }
        switch samplesPerChannel / unit {
        case 1, 2, 4, 8, 16, 24, 32, 40, 48: return true
        default: return false
        }
    }
}
