import CoreTypes
import Gateway
import NIOConcurrencyHelpers
import RTP

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

    /// Quality reports from the media loops wait here, without waking the engine, for its
    /// next responsiveness probe (`CallEngine.overloadProbeInterval`, 50 ms). Every leg
    /// reports every few seconds: posted into the stream, each would wake an idle engine
    /// task, and resuming a task from a media thread allocates in the executor each time.
    private let qualityReports = NIOLockedValueBox<[(callKey: String, report: QualityReport)]>([])

    func postQuality(callKey: String, _ report: QualityReport) {
        qualityReports.withLockedValue { $0.append((callKey, report)) }
    }

    /// Swaps the waiting reports into `taken`, which must be empty; both arrays keep their
    /// capacity, so taking them allocates nothing.
    func takeQualityReports(into taken: inout [(callKey: String, report: QualityReport)]) {
        qualityReports.withLockedValue { swap(&$0, &taken) }
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
}
