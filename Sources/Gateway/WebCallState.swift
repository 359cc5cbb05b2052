/// A browser-side call state, named as WebRTC calling SDKs name them
/// (docs/signaling.md, "Call states").
public enum WebCallState: String, Codable, Sendable {
    case new
    case calling
    case ringing
    case connecting
    case connected
    /// The browser dropped off; the phone side is kept for the disconnect interval.
    case reconnecting
    /// The browser came back with its resume token; its new media is being set up.
    case reconnected
    case hungUp = "hung_up"
    case rejected
    case notAnswered = "not_answered"
    case closed

    /// True for the states that end a call (the ones sent with a cause).
    public var isEnd: Bool {
        switch self {
        case .hungUp, .rejected, .notAnswered, .closed: return true
        default: return false
        }
    }
}
