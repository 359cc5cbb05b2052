import CoreTypes

/// Lets each key press through once when it reaches a call by more than one method.
///
/// One press can arrive twice: a trunk sends RFC 4733 events and leaves the tones in the
/// audio, where the in-band detector finds them too; a browser's dial pad sends an
/// RTCDTMFSender event and a signaling `dtmf` message. Passing both would double the digit
/// at the far IVR.
///
/// Each source reports a press once, so:
/// - the same digit by a *different* method, less than `window` after the press's first
///   arrival, is that press again: dropped;
/// - the same digit by the *same* method is a new press: passed. So is the same digit by a
///   method that has already delivered its copy of the current press (a key pressed twice
///   in quick succession, whose second press arrives first by the other method).
/// - anything else (another digit, or the window over) starts a new press: passed.
///
/// State is one entry per key (at most sixteen); characters that are not DTMF keys are
/// passed without being remembered. Time comes in as `Instant`.
public struct DigitDeduplicator: Sendable {
    /// 500 ms: well beyond the delay between the two copies of one press (an in-band
    /// detection trails the RFC 4733 event's start by about 40 ms, plus jitter), yet short
    /// enough that a later press one method missed still gets through by the other.
    public static let defaultWindow: Duration = .milliseconds(500)

    public let window: Duration

    private struct Press {
        var firstArrival: Instant
        var methods: Set<DTMFMethod>
    }

    private var presses: [Character: Press] = [:]

    public init(window: Duration = DigitDeduplicator.defaultWindow) {
        self.window = window
    }

    /// Whether `digit`, received by `method` at `now`, is a new key press to pass on
    /// (true) or a second copy of one already passed (false).
    public mutating func accept(_ digit: Character, method: DTMFMethod, at now: Instant) -> Bool {
        let upper = digit.uppercased()
        guard upper.count == 1, let key = upper.first, "0123456789*#ABCD".contains(key) else { return true }
        if var press = presses[key], now - press.firstArrival < window, !press.methods.contains(method) {
            press.methods.insert(method)
            presses[key] = press
            return false
        }
        presses[key] = Press(firstArrival: now, methods: [method])
        return true
    }
}
