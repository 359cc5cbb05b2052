import SDP

/// The SDP offer a load call sends in its `call` message, written as a browser writes one
/// (RFC 8829 §5.2): one audio section over DTLS-SRTP (UDP/TLS/RTP/SAVPF, RFC 5764) with
/// BUNDLE and rtcp-mux, ICE credentials (RFC 8839), the certificate's SHA-256 fingerprint
/// (RFC 8122), `a=setup:actpass` (RFC 5763 §5: the answerer picks; the gateway answers
/// `passive`, so the load generator is the DTLS client), Opus only, and one host candidate.
struct BrowserOffer: Sendable, Equatable {
    static let opusPayloadType: UInt8 = 111

    var address: String
    var port: Int
    var iceUfrag: String
    var icePassword: String
    /// `AB:CD:…`, SHA-256 of the DTLS certificate.
    var fingerprint: String
    var ssrc: UInt32
    var cname: String
    var sessionID: UInt64

    var sdp: String {
        let lines = [
            "v=0",
            "o=- \(sessionID) 2 IN IP4 \(address)",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=msid-semantic: WMS load",
            "m=audio \(port) UDP/TLS/RTP/SAVPF \(Self.opusPayloadType)",
            "c=IN IP4 \(address)",
            // RFC 8445 §5.1.2.1: type preference 126 (host), local preference 65535, component 1.
            "a=candidate:1 1 udp 2130706431 \(address) \(port) typ host",
            "a=end-of-candidates",
            "a=ice-ufrag:\(iceUfrag)",
            "a=ice-pwd:\(icePassword)",
            "a=fingerprint:sha-256 \(fingerprint)",
            "a=setup:actpass",
            "a=mid:0",
            "a=sendrecv",
            "a=rtcp-mux",
            "a=rtpmap:\(Self.opusPayloadType) opus/48000/2",
            "a=fmtp:\(Self.opusPayloadType) minptime=10;useinbandfec=1",
            "a=ssrc:\(ssrc) cname:\(cname)",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// What a load call needs from the gateway's SDP answer: where its ICE-lite candidate is,
/// the credentials its connectivity checks are signed with, and the fingerprint its DTLS
/// certificate must match.
struct GatewayAnswer: Sendable, Equatable {
    struct Unusable: Error, CustomStringConvertible {
        let description: String
    }

    var address: String
    var port: Int
    var iceUfrag: String
    var icePassword: String
    var fingerprintAlgorithm: String
    var fingerprint: String
    var opusPayloadType: UInt8
    /// The gateway's `a=setup`; the load generator is the DTLS client only against `passive`.
    var setup: String?
    /// The Opus `maxplaybackrate` (RFC 7587 §6.1), which the browser's encoder follows.
    var maxPlaybackRate: Int? = nil

    /// Reads the first accepted audio section; its host candidate wins over `c=`/`m=`.
    static func parse(_ text: String) throws -> GatewayAnswer {
        let session: SessionDescription
        do {
            session = try SessionDescription.parse(text)
        } catch {
            throw Unusable(description: "the answer does not parse: \(error)")
        }
        guard let audio = session.media.first(where: { $0.mediaType == "audio" && $0.port != 0 }) else {
            throw Unusable(description: "the answer accepts no audio")
        }
        guard let ufrag = audio.iceUfrag ?? session.iceUfrag, let password = audio.icePwd ?? session.icePwd else {
            throw Unusable(description: "the answer has no ICE credentials")
        }
        let fingerprints = audio.fingerprints.isEmpty ? session.fingerprints : audio.fingerprints
        guard let fingerprint = fingerprints.first else {
            throw Unusable(description: "the answer has no DTLS fingerprint")
        }
        let candidate = audio.candidates.first { $0.transport.lowercased() == "udp" && $0.component == 1 }
        guard let address = candidate?.address ?? (audio.connection ?? session.connection)?.address else {
            throw Unusable(description: "the answer names no address")
        }
        let port = candidate.map { Int($0.port) } ?? Int(audio.port)
        guard let opus = audio.rtpMaps.first(where: { $0.isEncoding("opus") }) else {
            throw Unusable(description: "the answer has no Opus")
        }
        return GatewayAnswer(
            address: address, port: port, iceUfrag: ufrag, icePassword: password,
            fingerprintAlgorithm: fingerprint.algorithm, fingerprint: fingerprint.value,
            opusPayloadType: opus.payloadType, setup: audio.setup?.rawValue,
            maxPlaybackRate: audio.fmtpParameters(for: opus.payloadType)["maxplaybackrate"].flatMap { Int($0) })
    }
}
