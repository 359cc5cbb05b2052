/// Why a comfort noise payload was refused, or a generator could not be set up.
public enum ComfortNoiseError: Error, Sendable, Equatable {
    /// RFC 3389 §3: the payload holds at least the noise level byte.
    case emptyPayload
    /// RFC 3389 §3.1: the level byte's most significant bit is unused and always 0, so
    /// levels run 0…127. Carries the byte found.
    case invalidLevel(UInt8)
    /// The generator fills 8000 Hz (G.711) or 16000 Hz (G.722) audio.
    case unsupportedSampleRate(Int)
}
