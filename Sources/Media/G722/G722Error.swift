/// Errors from the G.722 codec wrappers.
public enum G722Error: Error, Sendable, Equatable {
    /// spandsp could not allocate a codec state. With the fixed 64 kbit/s mode used here
    /// this is the only way its `g722_*_init` functions fail.
    case outOfMemory
}

/// Facts shared by the G.722 encoder and decoder.
enum G722Format {
    /// G.722 mode 1 (ITU-T G.722 §1.1): 64 kbit/s, six low-band and two high-band bits
    /// per 8 kHz sub-band sample pair.
    static let bitRate: Int32 = 64000
    /// Audio rate on both sides of the codec.
    static let sampleRate = 16000
    /// At 64 kbit/s and 16 kHz every byte carries two audio samples.
    static let samplesPerByte = 2
    /// Largest number of bytes handed to spandsp in one call, so its `int` sample counts
    /// cannot overflow whatever buffer sizes the caller passes.
    static let maxBytesPerCall = 1 << 16
}
