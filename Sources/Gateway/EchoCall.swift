import CoreTypes

/// The echo test (`*43` by default): the gateway answers at once and sends the
/// caller's audio back through the full transcoding path. No SIP leg.
public struct EchoCall: Sendable {
    private var webState: WebCallState = .new
    private var mediaDeadline: Instant?
    private let mediaTimeout: Duration
    /// False for an agent's browser taking a web user's call: it goes from `connecting` on,
    /// as the answer to its `accept`.
    private let announcesCalling: Bool
    public private(set) var end: CallEnd?

    public init(mediaTimeout: Duration = .seconds(15), announcesCalling: Bool = true) {
        self.mediaTimeout = mediaTimeout
        self.announcesCalling = announcesCalling
    }

    public var isFinished: Bool { end != nil }
    public var nextDeadline: Instant? { mediaDeadline }

    public mutating func start(now: Instant) -> [CallAction] {
        mediaDeadline = now + mediaTimeout
        return (announcesCalling ? setState(.calling) : []) + [.recordAnswered] + setState(.connecting)
    }

    public mutating func handle(_ event: CallEvent, now: Instant) -> [CallAction] {
        switch event {
        case .webMediaConnected:
            mediaDeadline = nil
            return setState(.connected)
        case .webMediaFailed:
            return finish(CallEnd(cause: .mediaFailure, side: .gateway))
        case .webHangup(let cause):
            return finish(CallEnd(cause: cause, side: .local))
        case .gatewayHangup(let cause):
            return finish(CallEnd(cause: cause, side: .gateway))
        case .webDropped:
            // Nobody else is in the call: there is nothing to keep for the browser.
            return finish(CallEnd(cause: .normalClearing, side: .local))
        case .webResumed:
            return []
        case .timer:
            guard let deadline = mediaDeadline, now >= deadline else { return [] }
            return finish(CallEnd(cause: .mediaFailure, side: .gateway))
        case .sipResponse, .sipRequest, .sipTimeout, .ackTimeout, .cancelled, .trunkMediaTimeout:
            return []
        }
    }

    /// The gateway ends the call (a dialplan's `hangup` step after a menu).
    public mutating func endByGateway(_ cause: HangupCause) -> [CallAction] {
        finish(CallEnd(cause: cause, side: .gateway))
    }

    /// The other browser of a relayed call (a web user and the agent who answered) ended it.
    public mutating func endByRemote(_ cause: HangupCause) -> [CallAction] {
        finish(CallEnd(cause: cause, side: .remote))
    }

    private mutating func setState(_ state: WebCallState) -> [CallAction] {
        guard end == nil, state != webState else { return [] }
        webState = state
        return [.webState(state, nil)]
    }

    private mutating func finish(_ callEnd: CallEnd) -> [CallAction] {
        guard end == nil else { return [] }
        end = callEnd
        mediaDeadline = nil
        return [.webState(callEnd.cause.webEndState, callEnd), .webState(.closed, nil), .recordEnded(callEnd)]
    }
}
