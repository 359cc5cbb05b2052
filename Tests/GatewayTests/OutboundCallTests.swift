import CoreTypes
import Hashing
import Testing
@testable import Gateway
import SIP

/// Setting up a web → trunk call: the INVITE, provisional and final responses,
/// and the digest retry (RFC 3261 §13, §22).
@Suite struct OutboundCallTests {
    @Test func startSendsTheInviteToTheTrunk() throws {
        var call = OutboundCall(plan: Fixture.plan(), now: Fixture.start)
        let actions = call.start(now: Fixture.start)
        #expect(steps(actions) == [.web(.calling), .send(.invite, to: Fixture.trunkEndpoint)])

        let invite = try sent(.invite, in: actions)
        #expect(invite.uri.description == "sip:+15551234567@trunk.example.com")
        #expect(invite.headers["From"] == "<sip:alice@trunk.example.com>;tag=gw-tag")
        #expect(invite.from?.tag == "gw-tag")
        #expect(invite.headers["To"] == "<sip:+15551234567@trunk.example.com>")
        #expect(invite.to?.tag == nil)
        #expect(invite.callID == "call-1@gateway")
        #expect(invite.cseq == CSeq(1, .invite))
        #expect(invite.headers["Contact"] == "<sip:gateway@198.51.100.1:5060>")
        #expect(invite.maxForwards == 70)
        #expect(invite.headers["User-Agent"] == "gatewayd")
        let via = try #require(invite.topVia)
        #expect(via.host == "198.51.100.1")
        #expect(via.port == 5060)
        #expect(via.hasRport)
        #expect(via.hasRFC3261Branch)
        #expect(invite.contentType == "application/sdp")
        #expect(String(decoding: invite.body, as: UTF8.self) == """
            v=0\r
            o=- 42 1 IN IP4 203.0.113.5\r
            s=-\r
            c=IN IP4 203.0.113.5\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0 8 101 13\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-16\r
            a=rtpmap:13 CN/8000\r
            a=ptime:20\r
            a=sendrecv\r

            """)
        #expect(call.nextDeadline == Fixture.start + .seconds(60))
        #expect(!call.isFinished)
        #expect(call.end == nil)
    }

    @Test func fromUserOfTheTrunkReplacesTheWebIdentity() throws {
        var trunk = Fixture.trunk()
        trunk.fromUser = "+4930123456"
        let (_, invite) = try startedCall(Fixture.plan(trunk: trunk))
        #expect(invite.headers["From"] == "<sip:+4930123456@trunk.example.com>;tag=gw-tag")
    }

    @Test func ringingThenAnswerThenBrowserMedia() throws {
        var (call, invite) = try startedCall()
        #expect(steps(call.handle(.sipResponse(reply(100, to: invite, toTag: nil)), now: Fixture.start)) == [])
        #expect(steps(call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1)))
                == [.ringback(true), .web(.ringing)])
        // A second ringing (another fork, or 183) changes nothing for the browser.
        #expect(steps(call.handle(.sipResponse(reply(183, to: invite)), now: Fixture.start + .seconds(2))) == [])

        let answeredAt = Fixture.start + .seconds(5)
        let actions = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())), now: answeredAt)
        #expect(steps(actions) == [.send(.ack, to: Fixture.phoneEndpoint), .ringback(false),
                                   .trunkMedia(Fixture.pcmuAnswer), .answered, .web(.connecting)])

        // RFC 3261 §13.2.2.4: the ACK goes to the Contact, with the INVITE's CSeq number.
        let ack = try sent(.ack, in: actions)
        #expect(ack.uri.description == "sip:+15551234567@192.0.2.50:5070")
        #expect(ack.cseq == CSeq(1, .ack))
        #expect(ack.callID == "call-1@gateway")
        #expect(ack.from?.tag == "gw-tag")
        #expect(ack.to?.tag == "phone-tag")
        #expect(ack.topVia?.branch != invite.topVia?.branch)
        #expect(call.nextDeadline == answeredAt + .seconds(15))

        #expect(steps(call.handle(.webMediaConnected, now: answeredAt + .seconds(1))) == [.web(.connected)])
        // Only the maximum call duration is left to watch.
        #expect(call.nextDeadline == answeredAt + Fixture.plan().maxDuration)
        #expect(call.end == nil)
        #expect(!call.isFinished)
    }

    @Test func browserMediaBeforeTheAnswerGoesStraightToConnected() throws {
        var (call, invite) = try startedCall()
        #expect(steps(call.handle(.webMediaConnected, now: Fixture.start + .seconds(1))) == [])
        let actions = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                  now: Fixture.start + .seconds(2))
        #expect(steps(actions) == [.send(.ack, to: Fixture.phoneEndpoint), .trunkMedia(Fixture.pcmuAnswer),
                                   .answered, .web(.connecting), .web(.connected)])
        #expect(call.nextDeadline == Fixture.start + .seconds(2) + Fixture.plan().maxDuration)
    }

    @Test func contactWithAHostNameSendsTheAckThroughTheTrunk() throws {
        var (call, invite) = try startedCall()
        let answer = reply(200, to: invite, contact: "<sip:phone@pbx.example.net>", sdp: Fixture.answerSDP())
        let actions = call.handle(.sipResponse(answer), now: Fixture.start + .seconds(2))
        #expect(steps(actions).first == .send(.ack, to: Fixture.trunkEndpoint))
        #expect(try sent(.ack, in: actions).uri.description == "sip:phone@pbx.example.net")
    }

    @Test func busyRejectsTheCall() throws {
        var (call, invite) = try startedCall()
        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        let actions = call.handle(.sipResponse(reply(486, to: invite)), now: Fixture.start + .seconds(3))
        let end = CallEnd(cause: .userBusy, side: .remote, sipStatus: 486)
        // No ACK here: the INVITE client transaction acknowledges a non-2xx itself (§17.1.1.3).
        #expect(steps(actions) == Step.webEnd(.rejected, end))
        #expect(call.end == end)
        #expect(call.isFinished)
        #expect(call.nextDeadline == nil)
    }

    @Test(arguments: [
        (404, HangupCause.unallocatedNumber, WebCallState.rejected),
        (480, .noUserResponse, .notAnswered),
        (503, .serviceUnavailable, .hungUp),
        (603, .callRejected, .rejected),
    ])
    func finalFailureMapsToItsCause(status: Int, cause: HangupCause, state: WebCallState) throws {
        var (call, invite) = try startedCall()
        let actions = call.handle(.sipResponse(reply(status, to: invite)), now: Fixture.start + .seconds(1))
        #expect(steps(actions) == Step.webEnd(state, CallEnd(cause: cause, side: .remote, sipStatus: status)))
    }

    @Test func reasonHeaderWinsOverTheStatus() throws {
        var (call, invite) = try startedCall()
        // RFC 3326: the Q.850 cause the network gave is more precise than 480.
        let failure = reply(480, to: invite, headers: [("Reason", "Q.850;cause=17;text=\"User busy\"")])
        let actions = call.handle(.sipResponse(failure), now: Fixture.start + .seconds(1))
        #expect(steps(actions) == Step.webEnd(.rejected, CallEnd(cause: .userBusy, side: .remote, sipStatus: 480)))
    }

    @Test func responsesForAnotherInviteAreIgnored() throws {
        var (call, invite) = try startedCall()
        var stale = reply(486, to: invite)
        stale.headers.set("CSeq", "7 INVITE")
        #expect(steps(call.handle(.sipResponse(stale), now: Fixture.start + .seconds(1))) == [])
        #expect(call.end == nil)
        #expect(!call.isFinished)
    }
}

/// Digest authentication of the INVITE (RFC 3261 §22.2, RFC 2617 §3.2.2).
@Suite struct OutboundCallAuthTests {
    static let challenge = #"Digest realm="trunk.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", "#
        + #"qop="auth", algorithm=MD5, opaque="5ccc069c403ebaf9f0171e9517f40e41""#

    func md5(_ text: String) -> String { Hash.md5.digest(Array(text.utf8)).hexString }

    func credentialsPlan() -> OutboundCallPlan {
        Fixture.plan(trunk: Fixture.trunk(username: "trunkuser", password: "s3cret"))
    }

    @Test func challengeIsAnsweredWithAVerifiableDigest() throws {
        var (call, invite) = try startedCall(credentialsPlan())
        let challenge = reply(401, to: invite, headers: [("WWW-Authenticate", Self.challenge)])
        let actions = call.handle(.sipResponse(challenge), now: Fixture.start + .seconds(1))
        #expect(steps(actions) == [.send(.invite, to: Fixture.trunkEndpoint)])

        let retry = try sent(.invite, in: actions)
        #expect(retry.cseq == CSeq(2, .invite))
        #expect(retry.callID == invite.callID)
        #expect(retry.from?.tag == "gw-tag")
        #expect(retry.to?.tag == nil)
        #expect(retry.uri == invite.uri)
        #expect(retry.body == invite.body)
        // A new transaction (§8.1.3.5 retry): a fresh branch.
        #expect(retry.topVia?.branch != invite.topVia?.branch)

        let header = try #require(retry.headers["Authorization"])
        let p = digestParameters(header)
        #expect(p["username"] == "trunkuser")
        #expect(p["realm"] == "trunk.example.com")
        #expect(p["nonce"] == "dcd98b7102dd2f0e8b11d0f600bfb0c093")
        #expect(p["uri"] == "sip:+15551234567@trunk.example.com")
        #expect(p["qop"] == "auth")
        #expect(p["nc"] == "00000001")
        #expect(p["algorithm"] == "MD5")
        #expect(p["opaque"] == "5ccc069c403ebaf9f0171e9517f40e41")
        let cnonce = try #require(p["cnonce"])
        let ha1 = md5("trunkuser:trunk.example.com:s3cret")
        let ha2 = md5("INVITE:sip:+15551234567@trunk.example.com")
        let expected = md5("\(ha1):dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:\(cnonce):auth:\(ha2)")
        #expect(p["response"] == expected)

        // The retried INVITE goes on as usual: its responses carry CSeq 2.
        #expect(steps(call.handle(.sipResponse(reply(180, to: retry)), now: Fixture.start + .seconds(2)))
                == [.ringback(true), .web(.ringing)])
        let answer = call.handle(.sipResponse(reply(200, to: retry, sdp: Fixture.answerSDP())),
                                 now: Fixture.start + .seconds(3))
        #expect(try sent(.ack, in: answer).cseq == CSeq(2, .ack))
        #expect(steps(answer).contains(.answered))
    }

    @Test func proxyChallengeIsAnsweredWithProxyAuthorization() throws {
        var (call, invite) = try startedCall(credentialsPlan())
        let challenge = reply(407, to: invite, headers: [("Proxy-Authenticate", Self.challenge)])
        let retry = try sent(.invite, in: call.handle(.sipResponse(challenge), now: Fixture.start + .seconds(1)))
        #expect(retry.headers["Authorization"] == nil)
        let p = digestParameters(try #require(retry.headers["Proxy-Authorization"]))
        #expect(p["username"] == "trunkuser")
    }

    @Test func challengeWithoutCredentialsRejectsTheCall() throws {
        var (call, invite) = try startedCall()
        let challenge = reply(401, to: invite, headers: [("WWW-Authenticate", Self.challenge)])
        let actions = call.handle(.sipResponse(challenge), now: Fixture.start + .seconds(1))
        #expect(steps(actions) == Step.webEnd(.rejected, CallEnd(cause: .callRejected, side: .remote, sipStatus: 401)))
        #expect(call.isFinished)
    }

    @Test func repeatedChallengesGiveUpAfterTwoAttempts() throws {
        var (call, invite) = try startedCall(credentialsPlan())
        let first = try sent(.invite, in: call.handle(
            .sipResponse(reply(401, to: invite, headers: [("WWW-Authenticate", Self.challenge)])),
            now: Fixture.start + .seconds(1)))
        #expect(first.cseq == CSeq(2, .invite))

        // A late copy of the first challenge (CSeq 1) is not a new challenge.
        #expect(steps(call.handle(.sipResponse(reply(401, to: invite, headers: [("WWW-Authenticate", Self.challenge)])),
                                  now: Fixture.start + .seconds(1))) == [])

        // A second challenge may only mean a stale nonce: one more attempt.
        let second = try sent(.invite, in: call.handle(
            .sipResponse(reply(401, to: first, headers: [("WWW-Authenticate", Self.challenge)])),
            now: Fixture.start + .seconds(2)))
        #expect(second.cseq == CSeq(3, .invite))

        let actions = call.handle(.sipResponse(reply(401, to: second, headers: [("WWW-Authenticate", Self.challenge)])),
                                  now: Fixture.start + .seconds(3))
        #expect(sentRequests(actions).isEmpty)
        #expect(steps(actions) == Step.webEnd(.rejected, CallEnd(cause: .callRejected, side: .remote, sipStatus: 401)))
        #expect(call.isFinished)
    }
}
