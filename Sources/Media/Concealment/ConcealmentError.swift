/// Why a packet loss concealer could not be set up.
public enum ConcealmentError: Error, Sendable, Equatable {
    /// The concealer works on 8000 Hz audio (G.711), and on 16000 Hz audio (G.722)
    /// through its even-numbered samples.
    case unsupportedSampleRate(Int)
    /// spandsp could not allocate its concealer state.
    case outOfMemory
}
