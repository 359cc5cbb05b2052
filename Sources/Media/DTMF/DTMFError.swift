/// Errors from setting up in-band DTMF detection.
public enum DTMFError: Error, Sendable, Equatable {
    /// The detector works on 8000 Hz audio, and on 16000 Hz audio by halving its rate.
    case unsupportedSampleRate(Int)
    /// spandsp could not allocate its receiver state.
    case outOfMemory
}
