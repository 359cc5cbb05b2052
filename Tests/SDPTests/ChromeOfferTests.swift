import Testing
@testable import SDP

@Suite("Chromium offer")
struct ChromeOfferTests {
    let offer: SessionDescription

    init() throws {
        offer = try SessionDescription.parse(try fixture("chrome-offer"))
    }

    @Test func sessionLevel() throws {
        #expect(offer.version == 0)
        #expect(offer.origin == SDPOrigin(username: "-", sessionID: "4611731400430051336",
                                          sessionVersion: 2, netType: "IN", addressType: "IP4",
                                          address: "127.0.0.1"))
        #expect(offer.sessionName == "-")
        #expect(offer.timings == [SDPTiming(start: 0, stop: 0)])
        #expect(offer.bundleMids == ["0"])
        #expect(offer.hasAttribute(named: "extmap-allow-mixed"))
        #expect(offer.attributeValues(named: "msid-semantic") == [" WMS 7d4b3e1c-52a0-4c3e-9a0e-1f6b2d8c9e41"])
        #expect(!offer.isICELite)
        #expect(offer.connection == nil)
        #expect(offer.media.count == 1)
        #expect(offer.media(withMid: "0")?.port == 50702)
        #expect(offer.media(withMid: "1") == nil)
    }

    @Test func mediaLine() throws {
        let audio = try #require(offer.media.first)
        #expect(audio.mediaType == "audio")
        #expect(audio.port == 50702)
        #expect(audio.portCount == nil)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["111", "63", "9", "0", "8", "13", "110", "126"])
        #expect(audio.payloadTypes == [111, 63, 9, 0, 8, 13, 110, 126])
        #expect(audio.connection == SDPConnection(address: "192.168.1.34"))
        #expect(audio.isSecureRTP)
        #expect(audio.isDTLSSRTP)
        #expect(!audio.hasCrypto)
        #expect(!audio.isRejected)
    }

    @Test func codecs() throws {
        let audio = try #require(offer.media.first)
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
        #expect(audio.fmtp(for: 111) == "minptime=10;useinbandfec=1")
        #expect(audio.fmtpParameters(for: 111) == ["minptime": "10", "useinbandfec": "1"])
        #expect(audio.fmtp(for: 63) == "111/111")
        #expect(audio.fmtp(for: 0) == nil)
        let events = audio.rtpMaps.filter { $0.isEncoding("TELEPHONE-EVENT") }.map(\.clockRate)
        #expect(events == [48000, 8000])
        #expect(audio.attributeValues(named: "rtcp-fb") == ["111 transport-cc"])
    }

    @Test func transportAttributes() throws {
        let audio = try #require(offer.media.first)
        #expect(audio.mid == "0")
        #expect(audio.iceUfrag == "Hs7q")
        #expect(audio.icePwd == "Kl2xZdqQr0rW8yUQ9Hn1nLv3")
        #expect(audio.iceOptions == ["trickle"])
        #expect(audio.setup == .actpass)
        #expect(audio.rtcpMux)
        #expect(audio.rtcpReducedSize)
        #expect(audio.direction == .sendrecv)
        #expect(offer.effectiveDirection(for: audio) == .sendrecv)
        let fingerprint = try #require(audio.fingerprints.first)
        #expect(audio.fingerprints.count == 1)
        #expect(fingerprint.algorithm == "sha-256")
        #expect(fingerprint.value == "3A:9F:0C:71:5E:B2:44:D8:1F:6A:C3:97:20:8B:E5:4D:AA:16:0E:F9:72:3C:B8:61:D4:05:9E:27:C0:5B:83:FE")
        let digest = try #require(fingerprint.digest)
        #expect(digest.count == 32)
        #expect(digest.first == 0x3A)
        #expect(digest.last == 0xFE)
        #expect(offer.effectiveFingerprints(for: audio) == audio.fingerprints)
        #expect(audio.ssrcs == [1473906452])
        #expect(audio.ssrcAttributes.first == SSRCAttribute(ssrc: 1473906452, name: "cname", value: "vN3pQe0aXr8m2JtL"))
        #expect(audio.extensionMaps.map(\.id) == [1, 2, 3, 4])
        #expect(audio.extensionMaps.first?.uri == "urn:ietf:params:rtp-hdrext:ssrc-audio-level")
        #expect(audio.attributeValue(named: "rtcp") == "9 IN IP4 0.0.0.0")
    }

    @Test func candidates() throws {
        let audio = try #require(offer.media.first)
        let candidates = audio.candidates
        #expect(candidates.count == 3)
        #expect(candidates[0] == ICECandidate(
            foundation: "2999745851", component: 1, transport: "udp", priority: 2122260223,
            address: "192.168.1.34", port: 50702, type: .host,
            extensions: [.init(name: "generation", value: "0"),
                         .init(name: "network-id", value: "1"),
                         .init(name: "network-cost", value: "10")]))
        #expect(candidates[1].address == "10.8.0.6")
        #expect(candidates[1].port == 58213)
        #expect(candidates[2].transport == "tcp")
        #expect(candidates[2].port == 9)
        #expect(candidates[2].extensionValue(named: "tcptype") == "active")
        #expect(!audio.endOfCandidates)
    }

    @Test func roundTrip() throws {
        let text = offer.serialize()
        #expect(text.hasPrefix("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"))
        #expect(text.hasSuffix("\r\n"))
        #expect(try SessionDescription.parse(text) == offer)
        // The fixture already follows the canonical order, so the text itself survives.
        #expect(text == (try fixture("chrome-offer")))
    }
}
