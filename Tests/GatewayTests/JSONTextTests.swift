import Foundation
import Gateway
import Testing

@Suite struct JSONTextTests {
    @Test func objectsAreCompactWithKeysInOrderIgnoringCase() {
        let value = JSONValue.object(["type": .string("x"), "Zeta": .int(1), "alpha": .bool(true),
                                      "mos": .double(4.41), "list": .array([.int(-2), .null])])
        #expect(value.text == #"{"alpha":true,"list":[-2,null],"mos":4.41,"type":"x","Zeta":1}"#)
    }

    @Test func keysThatDifferOnlyInCaseKeepAFixedOrder() {
        let value = JSONValue.object(["ab": .int(1), "AB": .int(2), "Ab": .int(3)])
        #expect(value.text == #"{"AB":2,"Ab":3,"ab":1}"#)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        let text = JSONValue.string("a\"b\\c\nd\re\tf\u{01}g/é😀").text
        #expect(text == #""a\"b\\c\nd\re\tf\u0001g/é😀""#)
        // Foundation reads back exactly the string that was written.
        let decoded = try? JSONSerialization.jsonObject(with: Data("[\(text)]".utf8)) as? [String]
        #expect(decoded == ["a\"b\\c\nd\re\tf\u{01}g/é😀"])
    }

    @Test func integralDoublesHaveNoFractionAndNonFiniteOnesAreNull() {
        #expect(JSONValue.double(4).text == "4")
        #expect(JSONValue.double(-0.5).text == "-0.5")
        #expect(JSONValue.double(12.3).text == "12.3")
        #expect(JSONValue.double(.nan).text == "null")
        #expect(JSONValue.double(.infinity).text == "null")
        #expect(JSONValue.double(1e20).text == "1e+20")
    }

    @Test func anSDPAnswerReadsBackThroughFoundation() throws {
        let sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=rtpmap:111 opus/48000/2\r\n"
        let json = ServerMessage.answer(callId: "c\"1", sdp: sdp).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(object == ["type": "answer", "callId": "c\"1", "sdp": sdp])
    }
}

@Suite struct JSONIntegerTests {
    @Test func integersPrintAsDecimalDigits() {
        for value in [0, 7, 10, 99, 100, 4_096, -1, -10, -987_654_321, Int.max, Int.min] {
            #expect(JSONValue.int(value).text == String(value))
        }
    }
}
