import Gateway
import Media

/// Busy and congestion tones for a browser whose call the far end refused without any audio
/// of its own (no early media): what a caller on a phone would hear, in the country's tones
/// (`calls.tone_country`). The `state` message says so (`tone`, `toneMs`) and the browser's
/// media stays open that long.
extension CallEngine {
    static let endToneMilliseconds = 3000

    func endTone(for call: ActiveCall, _ end: CallEnd) -> ProgressTone? {
        guard end.side == .remote, call.trunkAnswer == nil, call.media is MediaSession, call.peer == nil else { return nil }
        return Self.endTone(for: end.cause)
    }

    /// Q.850 causes 17 (busy) and 34, 38, 41, 42, 63 (no circuit, network out of order,
    /// temporary failure, congestion, service unavailable): what ITU-T E.180 plays for them.
    static func endTone(for cause: HangupCause) -> ProgressTone? {
        switch cause {
        case .userBusy: return .busy
        case .noCircuitAvailable, .networkOutOfOrder, .temporaryFailure, .congestion, .serviceUnavailable:
            return .congestion
        default: return nil
        }
    }
}
