import CoreTypes

/// A closed set of words a configuration key accepts.
///
/// `notSupportedYet` lists words the gateway plans to accept later, so a config that
/// uses one gets "not supported yet" instead of "unknown value".
protocol ConfigChoice: RawRepresentable<String>, CaseIterable, Sendable {
    static var notSupportedYet: [String] { get }
}

/// SIP transport protocol (RFC 3261 §18): the type lives in CoreTypes so the B2BUA
/// core and the runtime use the same words.
extension SIPTransport: ConfigChoice {
    static var notSupportedYet: [String] { [] }
}

/// Audio codecs the SIP leg can offer, in offer order (RFC 3551 static payload types).
public enum AudioCodec: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    /// G.711 µ-law, payload type 0.
    case pcmu
    /// G.711 A-law, payload type 8.
    case pcma
    /// G.722 wideband (16 kHz audio, RTP clock 8000), payload type 9.
    case g722
    /// Opus (RFC 7587), relayed between browser and trunk without transcoding.
    case opus
    static var notSupportedYet: [String] { [] }
}

/// How DTMF digits are sent to a trunk (docs/configuration.md, `dtmf`).
public enum DTMFMode: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    /// RFC 4733 `telephone-event` RTP packets at the trunk codec's clock rate.
    case rfc4733
    /// One SIP INFO request per digit (`application/dtmf-relay`, RFC 6086 legacy usage).
    case info
    /// DTMF tones mixed into the audio (ITU-T Q.23 frequencies).
    case inband
    /// RFC 4733 when the trunk's SDP has `telephone-event`, else in-band tones.
    case auto
    static var notSupportedYet: [String] { [] }
}

/// How the gateway asks a trunk for reliable provisional responses (RFC 3262).
public enum PRACKMode: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    /// `Supported: 100rel`: the trunk may send them; each is acknowledged with PRACK.
    case supported
    /// `Require: 100rel`: the trunk must.
    case required
    /// Neither header.
    case disabled
    static var notSupportedYet: [String] { [] }
}

/// A digest authentication algorithm (RFC 7616 §3.3, RFC 8760).
public enum DigestAlgorithm: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    case sha256 = "sha-256"
    case md5
    static var notSupportedYet: [String] { [] }
}

/// What answers a call that arrives from a trunk (dialplans will route these later).
public enum InboundDestination: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    /// The echo test: the caller hears their own voice through the transcoding path.
    case echo
    /// Refused with 480 Temporarily Unavailable.
    case reject
    static var notSupportedYet: [String] { [] }
}

/// What the phone side hears while the browser is away (`calls.disconnect_audio`).
public enum DisconnectAudio: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    /// A soft hold tone: 425 Hz, 0.2 s every 4 s.
    case tone
    /// Low-level noise, so the line does not sound dead.
    case comfortNoise = "comfort_noise"
    case silence
    static var notSupportedYet: [String] { [] }
}

/// Log severity, the same words as swift-log's `Logger.Level`.
public enum LogLevel: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    case trace, debug, info, notice, warning, error, critical
    static var notSupportedYet: [String] { [] }
}

/// Log line format.
public enum LogFormat: String, Sendable, Hashable, CaseIterable, ConfigChoice {
    /// One human-readable line per event.
    case text
    /// One JSON object per line, for log collectors.
    case json
    static var notSupportedYet: [String] { [] }
}
