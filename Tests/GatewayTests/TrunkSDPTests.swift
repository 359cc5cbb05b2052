import SDP
import Testing
@testable import Gateway

@Suite struct TrunkSDPTests {
    @Test func offerListsCodecsInConfiguredOrderThenTelephoneEventThenComfortNoise() throws {
        let text = TrunkSDP.offer(address: "192.0.2.1", port: 30_000, codecs: [.pcma, .pcmu], sessionID: 7)
        let sdp = try SessionDescription.parse(text)
        let audio = try #require(sdp.media.first)
        #expect(audio.proto == "RTP/AVP")
        #expect(audio.formats == ["8", "0", "101", "13"])
        #expect(audio.rtpMap(for: 13)?.encodingName == "CN" && audio.rtpMap(for: 13)?.clockRate == 8000)
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

@Suite struct OpusTrunkTests {
    @Test func opusIsOfferedWithItsOwnTelephoneEventClock() throws {
        let sdp = try SessionDescription.parse(TrunkSDP.offer(address: "192.0.2.1", port: 30_000,
                                                              codecs: [.opus, .pcmu], sessionID: 1))
        let audio = try #require(sdp.media.first)
        #expect(audio.formats == ["111", "0", "101", "110", "13"])
        #expect(audio.rtpMap(for: 111)?.clockRate == 48000 && audio.rtpMap(for: 111)?.channels == 2)
        #expect(audio.rtpMap(for: 110)?.clockRate == 48000)
        #expect(audio.fmtp(for: 111)?.contains("useinbandfec=1") == true)
    }

    @Test func answerMayMapOpusToAnotherPayloadType() throws {
        let answer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 96 97\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:97 telephone-event/48000\r\n"
        let result = try TrunkSDP.parseAnswer(answer, offered: [.opus, .pcmu]).get()
        #expect(result.codec == .opus && result.payloadType == 96)
        #expect(result.telephoneEventPayloadType == 97)
    }

    @Test func eventsOnAnotherClockThanTheCodecAreNotUsed() throws {
        let answer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 96 101\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
        let parsed = try TrunkSDP.parseAnswer(answer, offered: [.opus]).get()
        #expect(parsed.telephoneEventPayloadType == nil)
        // They are still read when the far end sends them.
        #expect(parsed.receivedEventPayloadType == 101)
    }

    @Test func eventsAt16kBesideG722AreReadButNotSent() throws {
        let answer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 9 102\r\na=rtpmap:9 G722/8000\r\na=rtpmap:102 telephone-event/16000\r\n"
        let parsed = try TrunkSDP.parseAnswer(answer, offered: [.g722]).get()
        #expect(parsed.telephoneEventPayloadType == nil)
        #expect(parsed.receivedEventPayloadType == 102)
        let matching = answer.replacingOccurrences(of: "telephone-event/16000", with: "telephone-event/8000")
        let both = try TrunkSDP.parseAnswer(matching, offered: [.g722]).get()
        #expect(both.telephoneEventPayloadType == 102 && both.receivedEventPayloadType == 102)
    }
}

@Suite struct ComfortNoiseSDPTests {
    private let head = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"

    @Test func opusAloneIsOfferedWithoutComfortNoise() throws {
        let sdp = try SessionDescription.parse(TrunkSDP.offer(address: "192.0.2.1", port: 30_000,
                                                              codecs: [.opus], sessionID: 1))
        #expect(try #require(sdp.media.first).formats == ["111", "101", "110"])
    }

    @Test func anAnswerWithComfortNoiseAtTheCodecClockIsFollowed() throws {
        let answer = head + "m=audio 40000 RTP/AVP 0 13\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:13 CN/8000\r\n"
        #expect(try TrunkSDP.parseAnswer(answer, offered: [.pcmu]).get().comfortNoisePayloadType == 13)
        let withoutCN = head + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
        #expect(try TrunkSDP.parseAnswer(withoutCN, offered: [.pcmu]).get().comfortNoisePayloadType == nil)
        // CN at 16 kHz does not go with a codec clocked at 8000.
        let wide = head + "m=audio 40000 RTP/AVP 9 98\r\na=rtpmap:9 G722/8000\r\na=rtpmap:98 CN/16000\r\n"
        #expect(try TrunkSDP.parseAnswer(wide, offered: [.g722]).get().comfortNoisePayloadType == nil)
    }

    @Test func theAnswerToAnOfferWithComfortNoiseKeepsIt() throws {
        let offer = head + "m=audio 40000 RTP/AVP 8 101 13\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=rtpmap:13 CN/8000\r\n"
        let parsed = try TrunkSDP.parseOffer(offer, supported: [.pcmu, .pcma]).get()
        let answer = try SessionDescription.parse(TrunkSDP.answer(to: parsed, address: "192.0.2.1", port: 30_000, sessionID: 1))
        let audio = try #require(answer.media.first)
        #expect(audio.formats == ["8", "101", "13"])
        #expect(audio.rtpMap(for: 13)?.encodingName == "CN")
    }
}
