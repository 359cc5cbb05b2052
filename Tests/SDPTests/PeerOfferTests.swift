import Testing
@testable import SDP

@Suite("aiortc and PBX descriptions")
struct PeerOfferTests {
    @Test func aiortcOffer() throws {
        let offer = try SessionDescription.parse(try fixture("aiortc-offer"))
        #expect(offer.origin.sessionID == "3910046457")
        #expect(offer.origin.sessionVersion == 3910046457)
        #expect(offer.origin.address == "0.0.0.0")
        #expect(offer.bundleMids == ["0"])
        let audio = try #require(offer.media.first)
        #expect(audio.port == 52117)
        #expect(audio.formats == ["96", "9", "0", "8"])
        #expect(audio.rtpMaps.map(\.encodingName) == ["opus", "G722", "PCMU", "PCMA"])
        #expect(audio.rtpMap(for: 96) == RTPMap(payloadType: 96, encodingName: "opus", clockRate: 48000, channels: 2))
        #expect(audio.rtpMap(for: 9)?.clockRate == 8000)
        #expect(audio.fmtp(for: 96) == nil)
        #expect(audio.direction == .sendrecv)
        #expect(audio.mid == "0")
        #expect(audio.rtcpMux)
        #expect(!audio.rtcpReducedSize)
        #expect(audio.setup == .actpass)
        #expect(offer.effectiveICEUfrag(for: audio) == "Xr6D")
        #expect(offer.effectiveICEPwd(for: audio) == "Lq0s8GZgf0WYd7kNvA0dJk")
        #expect(audio.iceOptions == [])
        #expect(audio.endOfCandidates)
        #expect(audio.ssrcs == [2906329297])
        #expect(audio.fingerprints == [Fingerprint(
            algorithm: "sha-256",
            value: "0B:7E:41:D3:96:2A:F5:18:CC:64:09:B1:5D:E2:37:8A:40:FD:13:6C:A9:52:E0:8F:2D:71:BB:04:C6:39:95:E8")])

        let candidates = audio.candidates
        #expect(candidates.map(\.address) == ["192.168.1.23", "172.17.0.1", "203.0.113.7"])
        #expect(candidates.map(\.type) == [.host, .host, .serverReflexive])
        #expect(candidates[0].foundation == "8f0c4b7e2a1d93c56e5f0a1b2c3d4e5f")
        #expect(candidates[0].priority == 2130706431)
        #expect(candidates[2].relatedAddress == "192.168.1.23")
        #expect(candidates[2].relatedPort == 52117)
        #expect(candidates[2].extensions.isEmpty)

        #expect(try SessionDescription.parse(offer.serialize()) == offer)
        #expect(offer.serialize() == (try fixture("aiortc-offer")))
    }

    @Test func pbxOfferWithSessionLevelConnection() throws {
        let offer = try SessionDescription.parse(try fixture("pbx-offer"))
        #expect(offer.origin.username == "root")
        #expect(offer.sessionName == "Asterisk PBX 20.5.0")
        #expect(offer.connection == SDPConnection(netType: "IN", addressType: "IP4", address: "198.51.100.20"))
        let audio = try #require(offer.media.first)
        #expect(audio.connection == nil)
        #expect(offer.effectiveConnection(for: audio)?.address == "198.51.100.20")
        #expect(audio.port == 16384)
        #expect(audio.proto == "RTP/AVP")
        #expect(!audio.isSecureRTP)
        #expect(!audio.isDTLSSRTP)
        #expect(audio.payloadTypes == [0, 8, 101])
        #expect(audio.rtpMap(for: 101) == RTPMap(payloadType: 101, encodingName: "telephone-event", clockRate: 8000))
        #expect(audio.fmtp(for: 101) == "0-16")
        #expect(audio.fmtpParameters(for: 101) == ["0-16": ""])
        #expect(audio.ptime == 20)
        #expect(audio.maxptime == 150)
        #expect(audio.direction == .sendrecv)
        #expect(audio.mid == nil)
        #expect(audio.iceUfrag == nil)
        #expect(offer.effectiveICEUfrag(for: audio) == nil)
        #expect(audio.fingerprints.isEmpty)
        #expect(audio.setup == nil)
        #expect(!audio.rtcpMux)
        #expect(audio.candidates.isEmpty)
        #expect(offer.bundleMids == nil)
        #expect(try SessionDescription.parse(offer.serialize()) == offer)
    }

    @Test func baresipAnswerWithBareLineFeeds() throws {
        let text = try fixture("baresip-answer")
        #expect(!text.contains("\r"))
        let answer = try SessionDescription.parse(text)
        #expect(answer.origin.sessionVersion == 2113486622)
        #expect(answer.attributeValues(named: "tool") == ["baresip 3.10.1"])
        let audio = try #require(answer.media.first)
        #expect(audio.bandwidths == [SDPBandwidth(type: "AS", value: 64)])
        #expect(audio.rtpMaps.map(\.payloadType) == [0, 101])
        #expect(audio.fmtp(for: 101) == "0-15")
        #expect(audio.rtcpReducedSize)
        #expect(audio.attributeValue(named: "label") == "1")
        #expect(answer.effectiveDirection(for: audio) == .sendrecv)
        #expect(answer.effectiveConnection(for: audio)?.address == "192.0.2.10")

        let serialized = answer.serialize()
        #expect(serialized == text.replacingLineFeedsWithCRLF())
        #expect(try SessionDescription.parse(serialized) == answer)
    }

    @Test(arguments: [
        ("broken-no-version", SDPParseError(line: 1, kind: .missingVersion)),
        ("broken-bad-port", SDPParseError(line: 5, kind: .malformedMedia)),
        ("broken-garbage-line", SDPParseError(line: 7, kind: .malformedLine)),
        ("broken-short-origin", SDPParseError(line: 2, kind: .malformedOrigin)),
        ("broken-media-field-in-wrong-place", SDPParseError(line: 6, kind: .misplacedField("t"))),
    ])
    func brokenFixtures(name: String, expected: SDPParseError) throws {
        let text = try fixture(name)
        #expect(throws: expected) { try SessionDescription.parse(text) }
    }
}

extension String {
    func replacingLineFeedsWithCRLF() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "\n" { out += "\r\n" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
