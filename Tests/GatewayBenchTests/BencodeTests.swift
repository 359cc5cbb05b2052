import Testing
@testable import gateway_bench

@Suite struct BencodeTests {
    @Test func encodesDictionariesWithSortedKeys() {
        let message: Bencode = ["command": "offer", "flags": ["trust-address"], "codec": ["mask": ["opus"]], "n": 42]
        #expect(String(decoding: message.encoded, as: UTF8.self)
                == "d5:codecd4:maskl4:opusee7:command5:offer5:flagsl13:trust-addresse1:ni42ee")
    }

    @Test func decodesWhatItEncodes() throws {
        let message: Bencode = ["result": "ok", "sdp": .text("v=0\r\nm=audio 40000 RTP/AVP 0\r\n"), "list": [1, -2, "x"]]
        let decoded = try #require(Bencode.decode(message.encoded))
        #expect(decoded == message)
        #expect(decoded["result"]?.string == "ok")
        #expect(decoded["missing"] == nil)
    }

    @Test func refusesMalformedInput() {
        for text in ["", "d", "d3:key", "5:abc", "i12", "l4:spam", "i1x2e", "x", "d3:keyi1ee9", "2:abc"] {
            #expect(Bencode.decode(Array(text.utf8)) == nil, "\(text)")
        }
        // Nesting deeper than the bound.
        let deep = String(repeating: "l", count: 40) + String(repeating: "e", count: 40)
        #expect(Bencode.decode(Array(deep.utf8)) == nil)
        #expect(Bencode.decode(Array(deep.utf8), maximumDepth: 64) != nil)
    }

    @Test func phoneAnswerIsPCMUAt20Milliseconds() throws {
        let sdp = RtpengineRun.phoneAnswer(port: 41_000)
        #expect(sdp.contains("m=audio 41000 RTP/AVP 0\r\n"))
        #expect(sdp.contains("a=ptime:20\r\n"))
        let (host, port) = try RtpengineRun.audioAddress(sdp)
        #expect(host == "127.0.0.1")
        #expect(port == 41_000)
    }
}
