import SDP
import Testing
@testable import Gateway

@Suite struct WebAnswerTests {
    let local = WebLocalMedia(address: "192.0.2.10", port: 20_002, iceUfrag: "gwUf", icePwd: "gatewaypassword0123456789",
                              fingerprint: "AA:BB", ssrc: 1234, cname: "cname1")

    @Test func answerIsICELiteDTLSPassiveWithOpusAndTelephoneEventAt48k() throws {
        let offer = try WebOffer.validate(SampleOffers.chromium).get()
        let text = WebAnswer.build(offer: offer, local: local, sessionID: 42)
        let answer = try SessionDescription.parse(text)
        #expect(answer.isICELite)
        #expect(answer.attributeValues(named: "group") == ["BUNDLE 0"])
        let audio = try #require(answer.media.first)
        #expect(audio.port == 20_002)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["111", "110"])
        #expect(audio.setup == .passive)
        #expect(audio.rtcpMux)
        #expect(audio.mid == "0")
        #expect(audio.iceUfrag == "gwUf")
        #expect(audio.fingerprints.first?.value == "AA:BB")
        #expect(audio.rtpMap(for: 110)?.clockRate == 48000)
        #expect(audio.candidates.first?.port == 20_002)
        #expect(audio.candidates.first?.address == "192.0.2.10")
    }

    @Test func aNarrowCallAsksTheBrowserForNoWiderOpus() throws {
        let offer = try WebOffer.validate(SampleOffers.chromium).get()
        let answer = try SessionDescription.parse(WebAnswer.build(offer: offer, local: local, sessionID: 3,
                                                                  maxPlaybackRate: 8000))
        let parameters = try #require(answer.media.first).fmtpParameters(for: 111)
        #expect(parameters["maxplaybackrate"] == "8000")
        #expect(parameters["sprop-maxcapturerate"] == "8000")
        // What every answer says stays.
        #expect(parameters["useinbandfec"] == "1")
        #expect(parameters["minptime"] == "10")
        // Without a limit, nothing is said about it.
        let open = try SessionDescription.parse(WebAnswer.build(offer: offer, local: local, sessionID: 4))
        #expect(try #require(open.media.first).fmtpParameters(for: 111)["maxplaybackrate"] == nil)
    }

    @Test func theLimitIsTheWidestTrunkCodecsAudio() {
        #expect(WebAnswer.playbackRate(forTrunkCodecs: [.pcmu, .pcma]) == 8000)
        #expect(WebAnswer.playbackRate(forTrunkCodecs: [.pcma, .g722, .pcmu]) == 16000)
        // Opus may be relayed as the browser sends it; nothing known, nothing limited.
        #expect(WebAnswer.playbackRate(forTrunkCodecs: [.pcmu, .opus]) == nil)
        #expect(WebAnswer.playbackRate(forTrunkCodecs: []) == nil)
    }

    @Test func otherSectionsAreRejectedWithPortZero() throws {
        let withVideo = SampleOffers.chromium + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n"
        let offer = try WebOffer.validate(withVideo).get()
        let answer = try SessionDescription.parse(WebAnswer.build(offer: offer, local: local, sessionID: 1))
        #expect(answer.media.count == 2)
        #expect(answer.media[1].port == 0)
        #expect(answer.attributeValues(named: "group") == ["BUNDLE 0"])
    }
}
