import Testing
@testable import SIP

@Suite("Stream framing")
struct SIPStreamFramerTests {
    @Test func splitsMessagesAcrossAndWithinChunks() throws {
        let one = TestMessages.request(body: "hello")
        let two = TestMessages.request("BYE", cseq: 2)
        var framer = SIPStreamFramer()
        framer.append(Array("\r\n\r\n".utf8) + Array(one.prefix(20)))
        var first = try framer.nextMessage()
        #expect(first == nil)
        framer.append(Array(one.dropFirst(20)) + two)
        first = try framer.nextMessage()
        let second = try framer.nextMessage()
        let third = try framer.nextMessage()
        #expect(first == one)
        #expect(second == two)
        #expect(third == nil)
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func missingContentLengthOnAStreamIsFatal() {
        var framer = SIPStreamFramer()
        framer.append(Array("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n".utf8))
        #expect(throws: SIPParseError.self) { _ = try framer.nextMessage() }
    }

    @Test func endlessHeaderSectionIsRejected() {
        var framer = SIPStreamFramer(limits: SIPParseLimits(maxMessageBytes: 100))
        framer.append(Array(repeating: UInt8(ascii: "a"), count: 200))
        #expect(throws: SIPParseError.self) { _ = try framer.nextMessage() }
    }
}
