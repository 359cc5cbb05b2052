import CoreTypes
import Gateway

/// Everything that reaches the call engine from the network, in one ordered queue:
/// SIP messages, transport failures and media events. One consumer task drains it into the engine.
final class EngineInbox: Sendable {
    enum Item: Sendable {
        /// One SIP message: a datagram, or one framed from a TCP/TLS stream.
        case sip([UInt8], from: Endpoint, transport: SIPTransport)
        /// A connection the gateway opened could not be used (refused, timed out, TLS
        /// handshake failed): messages sent to that destination were not delivered.
        case sipUndeliverable(to: Endpoint, transport: SIPTransport, reason: String)
        case media(callKey: String, MediaEvent)
    }

    /// An item and when it was posted, so the engine can tell how long it waited
    /// (`OverloadGuard`).
    struct Posted: Sendable {
        let item: Item
        let postedAt: ContinuousClock.Instant
    }

    let stream: AsyncStream<Posted>
    private let continuation: AsyncStream<Posted>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Posted.self, bufferingPolicy: .bufferingNewest(100_000))
    }

    func post(_ item: Item) {
        continuation.yield(Posted(item: item, postedAt: .now))
    }

    func finish() {
        continuation.finish()
    }
}

/// What a call's media reports to the engine.
enum MediaEvent: Sendable {
    /// ICE checked, DTLS connected, SRTP keyed: audio can flow to the browser.
    case webConnected
    /// DTLS failed (handshake error or certificate fingerprint mismatch).
    case webFailed(reason: String)
    /// The browser sent a DTLS close_notify or fatal alert.
    case webClosed
    /// A DTMF digit from the trunk's media: an RFC 4733 event, or tones in its audio.
    case dtmfFromTrunk(Character, DTMFMethod)
    /// A DTMF digit from the browser's media: its RTCDTMFSender's RFC 4733 event, or tones
    /// in its audio while the gateway itself answers the call.
    case dtmfFromBrowser(Character, DTMFMethod)
    /// Neither RTP nor RTCP came from the trunk for its timeout.
    case trunkSilent
    /// A connected browser stopped sending ICE consent checks (RFC 7675 §5.1).
    case webConsentLost
    /// Consent checks arrive again on the same browser leg (the path came back).
    case webConsentRestored
    /// The prompt the dialplan asked for has played to its end.
    case playbackFinished
    /// A leg's RTCP report interval ended: its figures and warnings.
    case quality(QualityReport)
}
