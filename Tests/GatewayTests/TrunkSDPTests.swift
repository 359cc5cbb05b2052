import SDP
import Testing
@testable import Gateway

@Suite struct TrunkSDPTests {
    @Test func offerListsCodecsInConfiguredOrderThenTelephoneEvent() throws {
        let text = TrunkSDP.offer(address: "192.0.2.1", port: 30_000, codecs: [.pcma, .pcmu], sessionID: 7)
        let sdp = try SessionDescription.parse(text)
        let audio = try #require(sdp.media.first)
        #expect(audio.proto == "RTP/AVP")
        #expect(audio.formats == ["8", "0", "101"])
        #expect(audio.rtpMap(for: 101)?.encodingName == "telephone-event")
        #expect(sdp.connection?.address == "192.0.2.1")
        #expect(audio.port == 30_000)
    }

    @Test func answerSelectsFirstOfferedCodecAndAddress() throws {
        let answer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
        let result = try TrunkSDP.parseAnswer(answer, offered: [.pcmu, .pcma]).get()
        #expect(result == TrunkSDP.Answer(address: "198.51.100.7", port: 40000, codec: .pcma, telephoneEventPayloadType: 101))
    }

    @Test func answerWithoutACommonCodecIsRefused() {
        let answer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 40000 RTP/AVP 9\r\n"
        #expect(TrunkSDP.parseAnswer(answer, offered: [.pcmu]) == .failure(.noCommonCodec))
    }
}
