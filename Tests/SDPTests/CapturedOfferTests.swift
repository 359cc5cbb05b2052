import Testing
@testable import SDP

/// Offers captured from the real peers by `tests/interop/capture_offers.py`.
///
/// Codecs, payload types and attribute sets are fixed by each peer's implementation and
/// are checked exactly. Ports, session ids, ICE credentials and fingerprints are random in
/// every capture, so only their form is checked (RFC 8839 §5.4, RFC 8122 §5): a fresh
/// capture must pass these tests unchanged unless a peer really changed what it offers.
@Suite("Captured real offers")
struct CapturedOfferTests {
    static let aiortcName = "captured-aiortc-offer"
    static let chromiumName = "captured-chromium-offer"

    // MARK: - Chromium (headless, getUserMedia audio)

    @Test func chromiumCodecs() throws {
        let audio = try onlyAudio(try parsed(Self.chromiumName))
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["111", "63", "9", "0", "8", "13", "110", "126"])
        #expect(audio.rtpMaps == [
            RTPMap(payloadType: 111, encodingName: "opus", clockRate: 48000, channels: 2),
            RTPMap(payloadType: 63, encodingName: "red", clockRate: 48000, channels: 2),
            RTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000),
            RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000),
            RTPMap(payloadType: 8, encodingName: "PCMA", clockRate: 8000),
            RTPMap(payloadType: 13, encodingName: "CN", clockRate: 8000),
            RTPMap(payloadType: 110, encodingName: "telephone-event", clockRate: 48000),
            RTPMap(payloadType: 126, encodingName: "telephone-event", clockRate: 8000),
        ])
        #expect(audio.rtpMap(for: 111)?.attributeValue == "111 opus/48000/2")
        #expect(audio.fmtpParameters(for: 111) == ["minptime": "10", "useinbandfec": "1"])
        #expect(audio.fmtp(for: 63) == "111/111")
        // RFC 4733: one telephone-event per clock rate, at Opus' 48 kHz and at 8 kHz.
        #expect(telephoneEvents(audio) == [110: 48000, 126: 8000])
        #expect(audio.attributeValues(named: "rtcp-fb") == ["111 transport-cc"])
    }

    @Test func chromiumTransport() throws {
        let offer = try parsed(Self.chromiumName)
        let audio = try onlyAudio(offer)
        #expect(offer.origin.username == "-")
        #expect(offer.origin.address == "127.0.0.1")
        #expect(offer.hasAttribute(named: "extmap-allow-mixed"))
        #expect(!offer.isICELite)
        #expect(audio.mid == "0")
        // RFC 8843 §7.1: the BUNDLE group names the one audio section.
        #expect(offer.bundleMids == [try #require(audio.mid)])
        try expectICECredentials(audio)
        #expect(audio.iceOptions == ["trickle"])
        try expectSHA256Fingerprint(audio)
        #expect(audio.fingerprints.count == 1)
        #expect(audio.setup == .actpass)
        #expect(audio.rtcpMux)
        #expect(audio.rtcpReducedSize)
        #expect(audio.direction == .sendrecv)
        #expect(audio.extensionMaps.map(\.uri).contains("urn:ietf:params:rtp-hdrext:ssrc-audio-level"))
        #expect(audio.extensionMaps.map(\.uri).contains("urn:ietf:params:rtp-hdrext:sdes:mid"))
        let ssrc = try #require(audio.ssrcs.first)
        #expect(audio.ssrcs == [ssrc])
        #expect(audio.ssrcAttributes.contains { $0.ssrc == ssrc && $0.name == "cname" && $0.value?.isEmpty == false })
        // Gathered to completion, but Chromium never writes end-of-candidates in an offer.
        #expect(!audio.endOfCandidates)
    }

    @Test func chromiumCandidates() throws {
        let offer = try parsed(Self.chromiumName)
        let audio = try onlyAudio(offer)
        try expectLoopbackDefaultCandidate(offer, audio)
        let candidates = audio.candidates
        #expect(candidates.allSatisfy { $0.type == .host && $0.component == 1 })
        // Chromium offers each interface over UDP and as active TCP (RFC 6544), port 9.
        let tcp = candidates.filter { $0.transport.lowercased() == "tcp" }
        let udp = candidates.filter { $0.transport.lowercased() == "udp" }
        #expect(tcp.count == udp.count)
        #expect(tcp.allSatisfy { $0.port == 9 && $0.extensionValue(named: "tcptype") == "active" })
        #expect(udp.allSatisfy { $0.port != 0 })
        #expect(candidates.contains { $0.address == "::1" })
    }

    // MARK: - aiortc (one AudioStreamTrack)

    @Test func aiortcCodecs() throws {
        let audio = try onlyAudio(try parsed(Self.aiortcName))
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["96", "9", "0", "8"])
        #expect(audio.rtpMaps == [
            RTPMap(payloadType: 96, encodingName: "opus", clockRate: 48000, channels: 2),
            RTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000),
            RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000),
            RTPMap(payloadType: 8, encodingName: "PCMA", clockRate: 8000),
        ])
        #expect(audio.rtpMap(for: 96)?.attributeValue == "96 opus/48000/2")
        #expect(audio.fmtp(for: 96) == nil)
        // aiortc has no DTMF sender and offers no telephone-event at all.
        #expect(telephoneEvents(audio).isEmpty)
    }

    @Test func aiortcTransport() throws {
        let offer = try parsed(Self.aiortcName)
        let audio = try onlyAudio(offer)
        #expect(offer.origin.address == "0.0.0.0")
        #expect(offer.origin.sessionVersion == UInt64(offer.origin.sessionID))
        #expect(offer.attributeValues(named: "msid-semantic") == ["WMS *"])
        #expect(audio.mid == "0")
        #expect(offer.bundleMids == [try #require(audio.mid)])
        try expectICECredentials(audio)
        #expect(audio.iceOptions == [])
        try expectSHA256Fingerprint(audio)
        // aiortc lists its certificate under three hash functions (RFC 8122 §5).
        #expect(audio.fingerprints.map(\.algorithm) == ["sha-256", "sha-384", "sha-512"])
        #expect(audio.fingerprints.map { $0.digest?.count } == [32, 48, 64])
        #expect(audio.setup == .actpass)
        #expect(audio.rtcpMux)
        #expect(!audio.rtcpReducedSize)
        #expect(audio.direction == .sendrecv)
        #expect(audio.ssrcs.count == 1)
        #expect(audio.endOfCandidates)
    }

    @Test func aiortcCandidates() throws {
        let offer = try parsed(Self.aiortcName)
        let audio = try onlyAudio(offer)
        try expectLoopbackDefaultCandidate(offer, audio)
        // Gathering is limited to 127.0.0.1, so that one UDP host candidate is all there is.
        let candidate = try #require(audio.candidates.first)
        #expect(audio.candidates.count == 1)
        #expect(candidate.component == 1)
        #expect(candidate.priority == 2130706431)
        #expect(candidate.relatedAddress == nil)
    }

    // MARK: - Both

    @Test(arguments: [aiortcName, chromiumName])
    func keepsThePeersCRLFLineEndings(name: String) throws {
        let text = try fixture(name)
        #expect(text.hasPrefix("v=0\r\no="))
        #expect(text.hasSuffix("\r\n"))
        let lineFeeds = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count
        #expect(lineFeeds == text.components(separatedBy: "\r\n").count - 1)
    }

    @Test(arguments: [aiortcName, chromiumName])
    func roundTripIsLossless(name: String) throws {
        let text = try fixture(name)
        let offer = try SessionDescription.parse(text)
        let serialized = offer.serialize()
        #expect(try SessionDescription.parse(serialized) == offer)
        // Both peers already write c= before the a= lines, so the exact bytes survive.
        #expect(serialized == text)
    }

    // MARK: - Checks shared by both peers

    private func parsed(_ name: String) throws -> SessionDescription {
        try SessionDescription.parse(try fixture(name))
    }

    private func onlyAudio(_ offer: SessionDescription) throws -> MediaDescription {
        #expect(offer.media.count == 1)
        let audio = try #require(offer.media.first)
        #expect(audio.mediaType == "audio")
        #expect(audio.isDTLSSRTP)
        #expect(!audio.hasCrypto)
        return audio
    }

    private func telephoneEvents(_ audio: MediaDescription) -> [UInt8: UInt32] {
        var events: [UInt8: UInt32] = [:]
        for map in audio.rtpMaps where map.isEncoding("telephone-event") {
            events[map.payloadType] = map.clockRate
        }
        return events
    }

    /// RFC 8839 §5.4: ufrag of at least 4 and pwd of at least 22 ice-chars.
    private func expectICECredentials(_ audio: MediaDescription) throws {
        let ufrag = try #require(audio.iceUfrag)
        let pwd = try #require(audio.icePwd)
        #expect(ufrag.count >= 4 && ufrag.count <= 256)
        #expect(pwd.count >= 22 && pwd.count <= 256)
        #expect(isICEChars(ufrag))
        #expect(isICEChars(pwd))
    }

    /// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
    private func isICEChars(_ text: String) -> Bool {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return text.allSatisfy { allowed.contains($0) }
    }

    /// RFC 8122 §5: a SHA-256 fingerprint is 32 bytes as uppercase colon-separated hex.
    private func expectSHA256Fingerprint(_ audio: MediaDescription) throws {
        let sha256 = try #require(audio.fingerprints.first { $0.algorithm == "sha-256" })
        let digest = try #require(sha256.digest)
        #expect(digest.count == 32)
        #expect(sha256.value == sha256.value.uppercased())
        #expect(Fingerprint(digest: digest) == sha256)
    }

    /// RFC 8839 §4.2.1.2: c= and the m= port name the default candidate; here that is a
    /// UDP host candidate on 127.0.0.1.
    private func expectLoopbackDefaultCandidate(_ offer: SessionDescription,
                                                _ audio: MediaDescription) throws {
        #expect(offer.effectiveConnection(for: audio)?.address == "127.0.0.1")
        #expect(audio.port != 0 && audio.port != 9)
        let loopback = audio.candidates.filter {
            $0.address == "127.0.0.1" && $0.type == .host && $0.transport.lowercased() == "udp"
        }
        let candidate = try #require(loopback.first)
        #expect(loopback.count == 1)
        #expect(candidate.port == audio.port)
    }
}
