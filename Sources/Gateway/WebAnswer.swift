import SDP

/// The gateway's side of the WebRTC leg, for building the SDP answer.
public struct WebLocalMedia: Sendable, Equatable {
    public var address: String
    public var port: Int
    public var iceUfrag: String
    public var icePwd: String
    /// SHA-256 fingerprint of the gateway's DTLS certificate, `AB:CD:…`.
    public var fingerprint: String
    /// SSRC and CNAME of the stream the gateway sends (RFC 5576).
    public var ssrc: UInt32
    public var cname: String

    public init(address: String, port: Int, iceUfrag: String, icePwd: String,
                fingerprint: String, ssrc: UInt32, cname: String) {
        self.address = address
        self.port = port
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.fingerprint = fingerprint
        self.ssrc = ssrc
        self.cname = cname
    }
}

/// Builds the SDP answer to a browser (RFC 3264 §6, RFC 8829 §5.3).
///
/// The gateway is ICE-lite (RFC 8445 §2.5) with one host candidate, DTLS server
/// (`a=setup:passive`, RFC 5763 §5), BUNDLE (RFC 8843) and rtcp-mux (RFC 5761).
/// Only the first audio section is accepted; every other section is rejected
/// with port 0 and left out of the BUNDLE group.
///
/// `maxPlaybackRate` (RFC 7587 §6.1 `maxplaybackrate`, with `sprop-maxcapturerate`): the
/// most audio bandwidth the browser's Opus is worth sending, when the call can only reach
/// narrower codecs (`playbackRate(forTrunkCodecs:)`). Browsers encode no wider than that
/// (libwebrtc: narrowband at 12 kbit/s for 8000), which saves their uplink and the
/// gateway's decoder the bands G.711 drops anyway.
public enum WebAnswer {
    public static func build(offer: WebOffer, local: WebLocalMedia, sessionID: UInt64,
                             maxPlaybackRate: Int? = nil) -> String {
        let ipType = local.address.contains(":") ? "IP6" : "IP4"
        var lines = [
            "v=0",
            "o=- \(sessionID) 2 IN \(ipType) \(local.address)",
            "s=-",
            "t=0 0",
            "a=ice-lite",
        ]
        if let mid = offer.mid {
            lines.append("a=group:BUNDLE \(mid)")
        }
        lines.append("a=msid-semantic: WMS gateway")
        for (index, media) in offer.session.media.enumerated() {
            if index == offer.audioIndex {
                lines += audioSection(offer: offer, local: local, ipType: ipType, maxPlaybackRate: maxPlaybackRate)
            } else {
                lines += rejectedSection(media, ipType: ipType)
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The telephone-event payload type to answer: the one at Opus' clock rate,
    /// which is what `RTCDTMFSender` needs (RFC 4733 §2.5.1.1), else the 8 kHz one.
    static func telephoneEvent(_ offer: WebOffer) -> (pt: UInt8, rate: Int)? {
        if let pt = offer.telephoneEvent48kPayloadType { return (pt, 48000) }
        if let pt = offer.telephoneEvent8kPayloadType { return (pt, 8000) }
        return nil
    }

    /// The `maxplaybackrate` for a call whose browser audio ends up in one of `codecs`: the
    /// widest of their audio rates, or nil (no limit) when Opus may be relayed as it is or
    /// no codec is known.
    public static func playbackRate(forTrunkCodecs codecs: [TrunkCodec]) -> Int? {
        guard let widest = codecs.map(\.audioRate).max(), widest < TrunkCodec.opus.audioRate else { return nil }
        return widest
    }

    private static func audioSection(offer: WebOffer, local: WebLocalMedia, ipType: String,
                                     maxPlaybackRate: Int?) -> [String] {
        let te = telephoneEvent(offer)
        let formats = [offer.opusPayloadType] + (te.map { [$0.pt] } ?? [])
        var lines = [
            "m=audio \(local.port) UDP/TLS/RTP/SAVPF " + formats.map(String.init).joined(separator: " "),
            "c=IN \(ipType) \(local.address)",
            "a=rtcp:\(local.port) IN \(ipType) \(local.address)",
        ]
        if let mid = offer.mid { lines.append("a=mid:\(mid)") }
        lines += [
            "a=ice-ufrag:\(local.iceUfrag)",
            "a=ice-pwd:\(local.icePwd)",
            "a=fingerprint:sha-256 \(local.fingerprint)",
            "a=setup:passive",
            "a=sendrecv",
            "a=rtcp-mux",
            "a=rtpmap:\(offer.opusPayloadType) opus/48000/2",
            "a=fmtp:\(offer.opusPayloadType) minptime=10;useinbandfec=1" + (maxPlaybackRate.map {
                // The gateway's own Opus is encoded from the trunk's audio, so it captures
                // no wider than it plays back.
                ";maxplaybackrate=\($0);sprop-maxcapturerate=\($0)"
            } ?? ""),
        ]
        if let te {
            lines.append("a=rtpmap:\(te.pt) telephone-event/\(te.rate)")
            lines.append("a=fmtp:\(te.pt) 0-15")
        }
        lines += [
            "a=ssrc:\(local.ssrc) cname:\(local.cname)",
            "a=ssrc:\(local.ssrc) msid:gateway audio",
            // Priority per RFC 8445 §5.1.2.1 for a host candidate, component 1.
            "a=candidate:1 1 udp 2130706431 \(local.address) \(local.port) typ host",
            "a=end-of-candidates",
        ]
        return lines
    }

    private static func rejectedSection(_ media: MediaDescription, ipType: String) -> [String] {
        var lines = ["m=\(media.mediaType) 0 \(media.proto) \(media.formats.joined(separator: " "))",
                     "c=IN \(ipType) 0.0.0.0"]
        if let mid = media.mid { lines.append("a=mid:\(mid)") }
        lines.append("a=inactive")
        return lines
    }
}
