import SDP

/// A browser's SDP offer, checked for what the WebRTC leg requires:
/// DTLS-SRTP (RFC 5764), ICE credentials (RFC 8839), a SHA-256 fingerprint
/// (RFC 8122) and Opus (RFC 7587).
public struct WebOffer: Sendable, Equatable {
    /// The accepted audio section's index in the offer, and its mid.
    public var audioIndex: Int
    public var mid: String?
    public var opusPayloadType: UInt8
    /// RFC 4733 telephone-event at 48 kHz (Opus' clock rate), when offered.
    public var telephoneEvent48kPayloadType: UInt8?
    /// RFC 4733 telephone-event at 8 kHz, when offered.
    public var telephoneEvent8kPayloadType: UInt8?
    public var iceUfrag: String
    public var icePwd: String
    public var fingerprint: Fingerprint
    public var session: SessionDescription

    /// Checks an offer; the error message says what is missing, for the browser.
    public static func validate(_ sdp: String) -> Result<WebOffer, SignalingError> {
        func refuse(_ why: String) -> Result<WebOffer, SignalingError> {
            .failure(SignalingError(.badOffer, why))
        }
        let session: SessionDescription
        do {
            session = try SessionDescription.parse(sdp)
        } catch {
            return refuse("The SDP offer does not parse: \(error).")
        }
        guard let index = session.media.firstIndex(where: { $0.mediaType == "audio" && $0.port != 0 }) else {
            return refuse("The offer has no audio stream.")
        }
        let audio = session.media[index]
        guard audio.isSecureRTP else {
            return refuse("The offer uses plain RTP (\(audio.proto)); browsers must use DTLS-SRTP (UDP/TLS/RTP/SAVPF).")
        }
        guard audio.isDTLSSRTP else {
            return refuse("The offer uses SDES keys (\(audio.proto)); only DTLS-SRTP (UDP/TLS/RTP/SAVPF) is accepted.")
        }
        let fingerprints = audio.fingerprints.isEmpty ? session.fingerprints : audio.fingerprints
        guard let fingerprint = fingerprints.first(where: { $0.algorithm.lowercased() == "sha-256" }) else {
            return refuse(fingerprints.isEmpty
                ? "The offer has no DTLS fingerprint (a=fingerprint)."
                : "The offer's DTLS fingerprint must use sha-256.")
        }
        guard let ufrag = audio.iceUfrag ?? session.iceUfrag, let pwd = audio.icePwd ?? session.icePwd else {
            return refuse("The offer has no ICE credentials (a=ice-ufrag, a=ice-pwd).")
        }
        let offered = Set(audio.payloadTypes)
        let maps = audio.rtpMaps.filter { offered.contains($0.payloadType) }
        guard let opus = maps.first(where: { $0.isEncoding("opus") && $0.clockRate == 48000 }) else {
            return refuse("The offer has no Opus (opus/48000/2) audio codec.")
        }
        let events = maps.filter { $0.isEncoding("telephone-event") }
        return .success(WebOffer(
            audioIndex: index,
            mid: audio.mid,
            opusPayloadType: opus.payloadType,
            telephoneEvent48kPayloadType: events.first { $0.clockRate == 48000 }?.payloadType,
            telephoneEvent8kPayloadType: events.first { $0.clockRate == 8000 }?.payloadType,
            iceUfrag: ufrag,
            icePwd: pwd,
            fingerprint: fingerprint,
            session: session
        ))
    }
}
