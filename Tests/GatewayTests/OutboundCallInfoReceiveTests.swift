import CoreTypes
import SIP
import Testing
@testable import Gateway

/// INFO requests from the trunk on a web → trunk call: the answer each gets, and the digits
/// reported (once, never for a body that does not parse).
@Suite struct OutboundCallInfoReceiveTests {
    static let t0 = Fixture.start + .seconds(10)

    @Test func aKeyIsAnsweredAndReportedOnce() throws {
        var (call, _) = try connectedCall()
        let info = trunkInfo("Signal=5\r\nDuration=160")
        #expect(steps(call.handle(.sipRequest(info), now: Self.t0)) == [.respond(200), .digit("5", .info)])
        #expect(steps(call.handle(.sipRequest(info), now: Self.t0 + .milliseconds(500))) == [.respond(200)],
                "the same INFO again is the same key press")
        let next = trunkInfo("Signal=5\r\nDuration=160", cseq: 3)
        #expect(steps(call.handle(.sipRequest(next), now: Self.t0 + .seconds(1))) == [.respond(200), .digit("5", .info)],
                "the same key in a new INFO is a new press")
        #expect(call.end == nil && call.webState == .connected)
    }

    /// (body, Content-Type, status, key)
    static let answers: [(String?, String?, Int, String?)] = [
        ("Signal=#\r\nDuration=160", "application/dtmf-relay", 200, "#"),
        ("signal = 12", "Application/DTMF-Relay", 200, "A"),
        ("11", "application/dtmf", 200, "#"),
        ("7\r\n", "application/dtmf", 200, "7"),
        ("Signal=16", "application/dtmf-relay", 400, nil),
        ("Signal=5\r\nDuration=100000", "application/dtmf-relay", 400, nil),
        ("garbage", "application/dtmf-relay", 400, nil),
        ("\r\n", "application/dtmf-relay", 400, nil),
        ("Signal=5", nil, 400, nil),
        ("v=0\r\n", "application/sdp", 415, nil),
        ("Signal=5", "text/plain", 415, nil),
        (nil, "application/dtmf-relay", 200, nil),
        (nil, nil, 200, nil),
    ]

    @Test(arguments: answers)
    func eachBodyGetsItsAnswer(body: String?, contentType: String?, status: Int, key: String?) throws {
        var (call, _) = try connectedCall()
        let actions = call.handle(.sipRequest(trunkInfo(body, contentType: contentType)), now: Self.t0)
        #expect(steps(actions) == [.respond(status)] + (key.map { [Step.digit(Character($0), .info)] } ?? []))
        #expect(call.end == nil)
    }

    @Test func aBodyThatDoesNotParseSaysWhy() throws {
        var (call, _) = try connectedCall()
        let response = try #require(sentResponses(call.handle(.sipRequest(trunkInfo("Signal=16")), now: Self.t0)).first)
        #expect(response.statusCode == 400 && response.reasonPhrase == "Bad Request")
        #expect(response.headers["Warning"] == "399 gateway \"Signal is not a DTMF key (0-9 * # A-D or 0-15)\"")
    }

    @Test func anotherBodyTypeGets415WithWhatIsAccepted() throws {
        var (call, _) = try connectedCall()
        let response = try #require(sentResponses(call.handle(.sipRequest(trunkInfo("x", contentType: "text/plain")),
                                                              now: Self.t0)).first)
        #expect(response.statusCode == 415)
        #expect(response.headers.fieldValues("Accept") == ["application/dtmf-relay, application/dtmf"])
    }

    @Test func anEncodedBodyGets415WithTheEncodingsAccepted() throws {
        var (call, _) = try connectedCall()
        let info = trunkInfo("Signal=5", headers: [("Content-Encoding", "gzip")])
        let actions = call.handle(.sipRequest(info), now: Self.t0)
        #expect(steps(actions) == [.respond(415)])
        #expect(sentResponses(actions).first?.headers["Accept-Encoding"] == "identity")
    }

    @Test func anInfoPackageGets469() throws {
        var (call, _) = try connectedCall()
        let info = trunkInfo("Signal=5", headers: [("Info-Package", "foo")])
        let actions = call.handle(.sipRequest(info), now: Self.t0)
        #expect(steps(actions) == [.respond(469)])
        #expect(sentResponses(actions).first?.headers.contains("Recv-Info") == true)
    }

    @Test func whileRingingAnInfoGets481AndTheCallRingsOn() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(call.handle(.sipRequest(trunkInfo("Signal=1")), now: Fixture.start + .seconds(2))) == [.respond(481)])
        #expect(call.webState == .ringing)
        let answered = steps(call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                         now: Fixture.start + .seconds(3)))
        #expect(answered.contains(.answered))
    }

    @Test func afterOurByeAnInfoGets481() throws {
        var (call, _) = try connectedCall()
        _ = try sent(.bye, in: call.handle(.webHangup(.normalClearing), now: Self.t0))
        #expect(steps(call.handle(.sipRequest(trunkInfo("Signal=1")), now: Self.t0 + .milliseconds(10)))
                == [.respond(481)])
    }

    @Test func anInfoOfAnotherDialogGets481() throws {
        var (call, _) = try connectedCall()
        var info = trunkInfo("Signal=1")
        info.headers.set("From", "<sip:+15551234567@trunk.example.com>;tag=other-fork")
        #expect(steps(call.handle(.sipRequest(info), now: Self.t0)) == [.respond(481)])
    }

    @Test func anInfoOlderThanTheLastRequestGets500() throws {
        var (call, _) = try connectedCall()
        #expect(digits(call.handle(.sipRequest(trunkInfo("Signal=1", cseq: 5)), now: Self.t0)) == [.digit("1", .info)])
        #expect(steps(call.handle(.sipRequest(trunkInfo("Signal=2", cseq: 4)), now: Self.t0 + .seconds(1)))
                == [.respond(500)])
    }

    @Test func whileTheBrowserIsAwayKeysAreStillReported() throws {
        var (call, _) = try connectedCall()
        #expect(steps(call.handle(.webDropped, now: Self.t0)) == [.web(.reconnecting)])
        let actions = call.handle(.sipRequest(trunkInfo("Signal=9")), now: Self.t0 + .seconds(1))
        #expect(steps(actions) == [.respond(200), .digit("9", .info)])
        #expect(call.isReconnecting && call.end == nil)
    }
}
