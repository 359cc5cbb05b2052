import CoreTypes
import SIP

/// What a call's state machine asks the runtime to do.
public enum CallAction: Sendable {
    /// Send a request through the transaction layer (ACK is sent without one).
    case sendRequest(SIPRequest, to: Endpoint)
    /// Send a response on the server transaction of a received request.
    case sendResponse(SIPResponse)
    /// Tell the browser about a state change (and how the call ended).
    case webState(WebCallState, CallEnd?)
    /// Start (or redirect) trunk-side media toward what the trunk's SDP selected.
    case startTrunkMedia(TrunkSDP.Answer)
    /// Start or stop the gateway's own ringback tone toward the browser (the trunk
    /// rings without sending media of its own).
    case playRingback(Bool)
    /// A DTMF key pressed at the trunk's end, reported once, with the way it came (a SIP
    /// INFO here; RFC 4733 and in-band digits come from the media path).
    case dtmfReceived(Character, method: DTMFMethod)
    /// The far end answered: note it in the call record.
    case recordAnswered
    /// The call is over: note it in the call record and release its resources.
    case recordEnded(CallEnd)
}

/// What happens to a call, as the runtime reports it.
public enum CallEvent: Sendable {
    /// A response to one of the call's requests (from the transaction layer,
    /// including 2xx retransmissions that arrive after the INVITE transaction ended).
    case sipResponse(SIPResponse)
    /// A request inside the call's dialog (BYE, re-INVITE, INFO, …) or a CANCEL.
    case sipRequest(SIPRequest)
    /// A client transaction timed out (RFC 3261 Timer B or F).
    case sipTimeout(SIPRequest)
    /// Our 2xx to an INVITE was never acknowledged (RFC 3261 §13.3.1.4, Timer H).
    case ackTimeout
    /// The caller cancelled its INVITE before our final response (RFC 3261 §9.2).
    case cancelled
    /// Neither RTP nor RTCP came from the trunk for its configured timeout.
    case trunkMediaTimeout
    /// The web user hung up.
    /// The gateway itself ends the call with `cause` (a shutdown whose drain time ran out).
    case gatewayHangup(HangupCause)
    case webHangup(HangupCause)
    /// The browser dropped off without hanging up (signaling closed, DTLS closed): the
    /// call waits `disconnectInterval` for it (docs/configuration.md).
    case webDropped
    /// The browser came back with its resume token and a new offer.
    case webResumed
    /// The browser's media is up (ICE checked, DTLS connected, SRTP keyed).
    case webMediaConnected
    /// The browser's media failed (DTLS failure or fingerprint mismatch).
    case webMediaFailed
    /// A deadline from `nextDeadline` has passed.
    case timer
}
