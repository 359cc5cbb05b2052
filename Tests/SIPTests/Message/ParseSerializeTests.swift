import Testing
@testable import SIP

@Suite("Message parsing and serialization")
struct ParseSerializeTests {
    @Test func requestRoundTripsWithCanonicalNamesAndFreshContentLength() throws {
        let text = TestMessages.bytes([
            "INVITE sip:bob@biloxi.example.com SIP/2.0", "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKx",
            "i: abc", "f: <sip:alice@atlanta.example.com>;tag=1", "t: <sip:bob@biloxi.example.com>",
            "CSeq: 1 INVITE", "l: 3", "Max-Forwards: 70",
        ], body: "v=0")
        var request = try #require(try SIPMessage.parse(text).request)
        #expect(request.body == Array("v=0".utf8))
        request.body = Array("v=0\r\n".utf8)
        let out = String(decoding: request.serialize(), as: UTF8.self)
        #expect(out == "INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKx\r\n"
            + "Call-ID: abc\r\nFrom: <sip:alice@atlanta.example.com>;tag=1\r\nTo: <sip:bob@biloxi.example.com>\r\n"
            + "CSeq: 1 INVITE\r\nContent-Length: 5\r\nMax-Forwards: 70\r\n\r\nv=0\r\n")
        request.headers["Content-Length"] = "5"
        #expect(try SIPMessage.parse(request.serialize()) == .request(request))
    }

    @Test func missingContentLengthIsAddedOnOutput() {
        let response = SIPResponse(statusCode: 180, headers: ["Call-ID": "x"])
        #expect(String(decoding: response.serialize(), as: UTF8.self) == "SIP/2.0 180 Ringing\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func foldedHeaderLinesJoinWithASingleSpace() throws {
        let request = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "wsinv.dat")).request)
        #expect(request.headers["NewFangledHeader"] == "newfangled value continued newfangled value")
        #expect(request.headers["UnknownHeaderWithUnusualValue"] == ";;,,;;,;")
        #expect(request.headers["Subject"] == "")
        #expect(request.cseq == CSeq(9, .invite))
        #expect(request.maxForwards == 68)
        #expect(request.to?.tag == "1918181833n")
        #expect(request.from?.displayName == #"J Rosenberg \""#)
        #expect(request.via.map(\.host) == ["192.0.2.2", "spindle.example.com", "192.168.255.111"])
        #expect(request.via.last?.branch == "z9hG4bK30239")
        #expect(request.contact?.parameters["newparam"] == "newvalue")
        #expect(request.contact?.parameters["q"] == "0.33")
        #expect(request.routes.first?.uri.isLooseRouter == true)
        #expect(request.body.count == 150)
    }

    @Test func extraDatagramBytesAfterTheBodyAreDiscarded() throws {
        let request = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "dblreq.dat")).request)
        #expect(request.method == .register)
        #expect(request.body.isEmpty)
        let truncated = try #require(try SIPMessage.parse(TestMessages.request(body: "abc") + Array("junk".utf8)).request)
        #expect(truncated.body == Array("abc".utf8))
    }

    @Test func withoutContentLengthTheBodyRunsToTheEndOfTheDatagram() throws {
        let request = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "inv2543.dat")).request)
        #expect(String(decoding: request.body, as: UTF8.self).hasPrefix("v=0\r\n"))
        #expect(request.body.count == 105)
    }

    @Test func datagramShorterThanContentLengthIsAFramingError() {
        var bytes = TestMessages.request(body: "abcdef")
        bytes.removeLast(2)
        #expect(throws: SIPParseError(kind: .framing, message: "Body shorter than Content-Length (4 < 6)")) {
            try SIPMessage.parse(bytes)
        }
    }

    @Test func escapedAndNullURIsParse() throws {
        let esc = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "esc01.dat")).request)
        #expect(esc.uri.user == "sips:user@example.com")
        #expect(esc.to?.uri.user == "user")
        #expect(esc.from?.uri.user == "I have spaces")
        #expect(esc.contact?.uri.parameters.contains("lr") == true)
        let null = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "escnull.dat")).request)
        #expect(null.contacts.map { $0.uri.user } == ["\u{0}", "\u{0}\u{0}"])
    }

    @Test func nonUTF8BytesDoNotStopParsing() throws {
        let response = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "unreason.dat")).response)
        #expect(response.statusCode == 200)
        #expect(response.reasonPhrase.hasPrefix("= 2**3 * 5**2 но"))
        var bytes = TestMessages.request(extra: ["X-Junk: \u{1}"])
        if let i = bytes.firstIndex(of: 0x01) { bytes[i] = 0xFF }
        let request = try #require(try SIPMessage.parse(bytes).request)
        #expect(request.headers["X-Junk"] == "\u{FFFD}")
    }

    @Test func emptyReasonPhraseIsAllowed() throws {
        let response = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "noreason.dat")).response)
        #expect(response.statusCode == 100)
        #expect(response.reasonPhrase == "")
    }

    @Test func oversizedMessageSuggests513() {
        let big = TestMessages.request(extra: ["X-Pad: " + String(repeating: "a", count: 70_000)])
        #expect(throws: SIPParseError(kind: .messageTooLarge, message: "Message of \(big.count) bytes exceeds 65535",
                                      suggestedStatus: 513)) { try SIPMessage.parse(big) }
    }

    @Test func tooManyHeadersSuggests513() {
        let many = TestMessages.request(extra: (0..<300).map { "X-H\($0): v" })
        do {
            _ = try SIPMessage.parse(many)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .tooManyHeaders)
            #expect(error.suggestedStatus == 513)
        }
    }

    @Test func hugeContentLengthSuggests413() {
        let bytes = TestMessages.bytes(["OPTIONS sip:a@b SIP/2.0", "Content-Length: 99999999999999999999999999"])
        #expect(throws: SIPParseError(kind: .bodyTooLarge, message: "Content-Length exceeds limit", suggestedStatus: 413)) {
            try SIPMessage.parse(bytes)
        }
    }

    @Test func leadingCRLFsAreIgnoredAndBareCRLFIsEmpty() throws {
        #expect(try SIPMessage.parse(Array("\r\n\r\n".utf8) + TestMessages.request()).request?.method == .invite)
        #expect(throws: SIPParseError(kind: .empty, message: "Empty message")) { try SIPMessage.parse(Array("\r\n\r\n".utf8)) }
    }

    @Test func bareLineFeedsAreTolerated() throws {
        let text = "OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKq\nContent-Length: 0\n\n"
        #expect(try SIPMessage.parse(Array(text.utf8)).request?.topVia?.branch == "z9hG4bKq")
    }

    @Test(arguments: [
        "SIP/2.0 4294967301 x\r\n\r\n", "SIP/2.0 99 x\r\n\r\n", "SIP/2.0 700 x\r\n\r\n", "SIP/2.x 200 OK\r\n\r\n",
        "INVITE sip:a@b SIP/2.0 \r\n\r\n", "INVITE sip:a@b\r\n\r\n", "INV ITE sip:a@b SIP/2.0\r\n\r\n",
        "INVITE sip:a@b SIP/2\r\n\r\n", "OPTIONS sip:a@b SIP/2.0\r\nNoColon\r\n\r\n", "OPTIONS sip:a@b SIP/2.0\r\n folded\r\n\r\n",
        "OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n",
    ])
    func malformedStartLinesAndHeaderLinesThrow(text: String) {
        #expect(throws: SIPParseError.self) { try SIPMessage.parse(Array(text.utf8)) }
    }

    @Test func mutatedCorpusNeverTraps() throws {
        // Deterministic mutations of every corpus message: the parser must return or throw.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
        var parsed = 0
        let alphabet = Array(":;,<>\"%[]@ \r\n\t\\".utf8)
        for name in try Fixtures.names("rfc4475") {
            let original = try Fixtures.bytes("rfc4475", name)
            for _ in 0..<200 {
                var bytes = original
                for _ in 0..<(1 + Int(next() % 4)) {
                    let i = Int(next() % UInt64(bytes.count))
                    switch next() % 3 {
                    case 0: bytes[i] = UInt8(truncatingIfNeeded: next())
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(alphabet[Int(next() % UInt64(alphabet.count))], at: i)
                    }
                }
                if (try? SIPMessage.parse(bytes)) != nil { parsed += 1 }
                _ = try? DigestChallenge.parse("Digest " + String(decoding: bytes.prefix(200), as: UTF8.self))
                var layer = TransactionLayer()
                _ = layer.receive(bytes, from: .init(host: "192.0.2.1", port: 5060), now: .zero)
            }
        }
        #expect(parsed > 0)
    }
}
