import Testing
@testable import Gateway

@Suite struct WebOfferTests {
    @Test func acceptsChromiumOfferAndReadsWhatTheAnswerNeeds() throws {
        let offer = try WebOffer.validate(SampleOffers.chromium).get()
        #expect(offer.audioIndex == 0)
        #expect(offer.mid == "0")
        #expect(offer.opusPayloadType == 111)
        #expect(offer.telephoneEvent48kPayloadType == 110)
        #expect(offer.telephoneEvent8kPayloadType == 126)
        #expect(offer.iceUfrag == "Hq5v")
        #expect(offer.icePwd == "p3hzDvSJmBRrdJ8S0bcX0Ro6")
        #expect(offer.fingerprint.value.hasPrefix("6B:8B:F0"))
    }

    @Test(arguments: [
        ("a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n", "", "fingerprint"),
        ("a=rtpmap:111 opus/48000/2\r\n", "", "Opus"),
        ("UDP/TLS/RTP/SAVPF", "RTP/AVP", "plain RTP"),
        ("UDP/TLS/RTP/SAVPF", "RTP/SAVPF", "SDES"),
        ("a=ice-pwd:p3hzDvSJmBRrdJ8S0bcX0Ro6\r\n", "", "ICE credentials"),
        ("m=audio 9", "m=video 9", "no audio"),
    ])
    func refusesOffersTheWebRTCLegCannotUse(old: String, new: String, reasonMentions: String) {
        let result = WebOffer.validate(SampleOffers.chromium(replacing: old, with: new))
        guard case .failure(let error) = result else {
            Issue.record("offer without \(reasonMentions) was accepted")
            return
        }
        #expect(error.code == .badOffer)
        #expect(error.message.contains(reasonMentions))
    }

    @Test func refusesTextThatIsNotSDP() {
        guard case .failure(let error) = WebOffer.validate("hello") else {
            Issue.record("garbage accepted")
            return
        }
        #expect(error.code == .badOffer)
    }
}
