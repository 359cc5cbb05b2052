/// The audio codecs a SIP trunk leg can use, with the facts a pipeline and its RTP
/// packetizer need: one table instead of special cases per codec.
///
/// Every trunk frame lasts 20 ms (the RFC 3551 §4.5 default packetization). The RTP clock
/// is 8000 Hz for all three, even for G.722 whose audio is 16 kHz: RFC 3551 §4.5.2 keeps
/// the clock rate at 8000 "for historical reasons", so its timestamps also advance 160 per
/// 20 ms while a frame holds 320 samples.
public enum TrunkAudioCodec: Sendable, Hashable, CaseIterable {
    /// G.711 μ-law, static payload type 0 (RFC 3551 §4.5.14).
    case pcmu
    /// G.711 A-law, static payload type 8 (RFC 3551 §4.5.14).
    case pcma
    /// G.722 at 64 kbit/s, static payload type 9 (RFC 3551 §4.5.2).
    case g722

    /// Duration of one trunk frame (and one RTP packet sent to the trunk).
    public static let frameMilliseconds = 20

    /// Wraps a G.711 law.
    public init(_ law: G711Codec) {
        switch law {
        case .pcmu: self = .pcmu
        case .pcma: self = .pcma
        }
    }

    /// The G.711 law, or nil for G.722.
    public var g711: G711Codec? {
        switch self {
        case .pcmu: .pcmu
        case .pcma: .pcma
        case .g722: nil
        }
    }

    /// Static RTP payload type (RFC 3551 §6, Table 4).
    public var payloadType: UInt8 {
        switch self {
        case .pcmu: 0
        case .pcma: 8
        case .g722: 9
        }
    }

    /// Encoding name as written in SDP `a=rtpmap` (RFC 3551 §6).
    public var encodingName: String {
        switch self {
        case .pcmu: "PCMU"
        case .pcma: "PCMA"
        case .g722: "G722"
        }
    }

    /// RTP timestamp clock in Hz (the rate in `a=rtpmap`): 8000 for all three.
    public var rtpClockRate: Int { 8000 }

    /// Rate of the audio the codec carries, in Hz; the pipelines run Opus at this rate.
    public var sampleRate: Int {
        switch self {
        case .pcmu, .pcma: 8000
        case .g722: 16000
        }
    }

    /// Audio samples carried by one payload byte: G.711 codes one sample per byte,
    /// G.722 at 64 kbit/s one 16 kHz sample pair per byte.
    public var samplesPerByte: Int {
        switch self {
        case .pcmu, .pcma: 1
        case .g722: 2
        }
    }

    /// Samples in one 20 ms frame at `sampleRate`: 160, or 320 for G.722.
    public var samplesPerFrame: Int { sampleRate * Self.frameMilliseconds / 1000 }

    /// Payload bytes of one 20 ms frame: 160 for all three.
    public var frameBytes: Int { samplesPerFrame / samplesPerByte }

    /// RTP timestamp units per 20 ms frame on `rtpClockRate`: 160 for all three.
    public var rtpTimestampIncrement: UInt32 { UInt32(rtpClockRate * Self.frameMilliseconds / 1000) }
}
