/// How a DTMF digit travelled: reported with every digit a call receives, so the call
/// record can say where each key press came from.
public enum DTMFMethod: String, Sendable, Hashable, CaseIterable {
    /// RFC 4733 `telephone-event` RTP packets.
    case rfc4733
    /// A SIP INFO request (`application/dtmf-relay` or `application/dtmf`).
    case info
    /// Tones in the audio, found by a tone detector.
    case inband
    /// The page's signaling `dtmf` message.
    case signaling
}

/// How digits are sent to a trunk (the trunk's `dtmf` setting, docs/configuration.md).
public enum TrunkDTMFMode: String, Sendable, Hashable, CaseIterable {
    /// RFC 4733 `telephone-event` packets.
    case rfc4733
    /// One SIP INFO request per digit (`OutboundCall.sendDTMF(info:now:)`).
    case info
    /// Tones mixed into the audio toward the trunk.
    case inband
    /// RFC 4733 when the trunk's SDP has `telephone-event`, else in-band tones.
    case auto

    /// The method digits take once the trunk's SDP is known: `auto` follows whether the
    /// answer (or the trunk's offer) carries `telephone-event` (RFC 4733 §2.1); without
    /// one, RFC 4733 packets would reach nobody, so tones go in the audio.
    public func method(farEndHasTelephoneEvent: Bool) -> DTMFMethod {
        switch self {
        case .rfc4733: return .rfc4733
        case .info: return .info
        case .inband: return .inband
        case .auto: return farEndHasTelephoneEvent ? .rfc4733 : .inband
        }
    }

    /// `method(farEndHasTelephoneEvent:)` for the media a trunk's SDP selected.
    public func method(for media: TrunkSDP.Answer) -> DTMFMethod {
        method(farEndHasTelephoneEvent: media.telephoneEventPayloadType != nil)
    }
}
