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

    // MARK: RFC 5626 §4.4.1 keep-alives

    @Test func doubleCRLFIsAPingAndSingleCRLFIsSkipped() throws {
        let message = TestMessages.request("OPTIONS")
        var framer = SIPStreamFramer()
        framer.append(Array("\r\n\r\n".utf8) + message + Array("\r\n".utf8) + message + Array("\r\n\r\n".utf8))
        #expect(try framer.nextItem() == .keepAlivePing)
        #expect(try framer.nextItem() == .message(message))
        // The single CRLF before the second message is a stray line end (a pong).
        #expect(try framer.nextItem() == .message(message))
        #expect(try framer.nextItem() == .keepAlivePing)
        #expect(try framer.nextItem() == nil)
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func aPingSplitAcrossReadsIsStillOnePing() throws {
        var framer = SIPStreamFramer()
        framer.append([0x0D, 0x0A, 0x0D])
        #expect(try framer.nextItem() == nil)
        framer.append([0x0A])
        #expect(try framer.nextItem() == .keepAlivePing)
        #expect(try framer.nextItem() == nil)
    }

    @Test func aLoneCRLFWaitsThenIsDroppedBeforeAMessage() throws {
        let message = TestMessages.request("BYE", cseq: 2)
        var framer = SIPStreamFramer()
        framer.append(Array("\r\n".utf8))
        #expect(try framer.nextItem() == nil)
        framer.append(message)
        #expect(try framer.nextItem() == .message(message))
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func nextMessageSkipsPings() throws {
        let message = TestMessages.request("OPTIONS")
        var framer = SIPStreamFramer()
        framer.append(Array("\r\n\r\n\r\n\r\n".utf8) + message)
        #expect(try framer.nextMessage() == message)
        #expect(try framer.nextMessage() == nil)
    }

    @Test func oversizeBodyIsFatal() {
        var framer = SIPStreamFramer(limits: SIPParseLimits(maxMessageBytes: 300))
        framer.append(Array("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 100000\r\n\r\n".utf8))
        #expect(throws: SIPParseError.self) { _ = try framer.nextItem() }
    }
}
