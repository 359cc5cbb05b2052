import CoreTypes
import Gateway
import Testing
import WebRTC
@testable import gateway_bench

/// The load generator's browser side against the gateway's own offer checks, answer
/// builder, ICE-lite agent and signaling codecs.
@Suite struct LoadSignalingTests {
    static let fingerprint = (0..<32).map { _ in "AB" }.joined(separator: ":")

    static func offer(port: Int = 40_002) -> BrowserOffer {
        BrowserOffer(address: "127.0.0.1", port: port, iceUfrag: "LoAd1234", icePassword: "abcdefghijklmnopqrstuvwx",
                     fingerprint: fingerprint, ssrc: 0x1234_5678, cname: "loadcname", sessionID: 42)
    }

    @Test func offerPassesTheGatewaysChecks() throws {
        let checked = try WebOffer.validate(Self.offer().sdp).get()
        #expect(checked.iceUfrag == "LoAd1234")
        #expect(checked.icePwd == "abcdefghijklmnopqrstuvwx")
        #expect(checked.fingerprint.algorithm == "sha-256")
        #expect(checked.fingerprint.value == Self.fingerprint)
        #expect(checked.opusPayloadType == 111)
        #expect(checked.mid == "0")
        #expect(checked.session.media[0].port == 40_002)
        #expect(checked.session.media[0].setup?.rawValue == "actpass")
        #expect(checked.session.media[0].rtcpMux)
        #expect(checked.session.media[0].candidates.first?.port == 40_002)
    }

    @Test func gatewaysAnswerGivesCandidateCredentialsAndFingerprint() throws {
        let offer = try WebOffer.validate(Self.offer().sdp).get()
        let local = WebLocalMedia(address: "127.0.0.1", port: 20_010, iceUfrag: "gwUfrag1", icePwd: "gatewaypassword123456789",
                                  fingerprint: "01:02", ssrc: 99, cname: "gw")
        let answer = try GatewayAnswer.parse(WebAnswer.build(offer: offer, local: local, sessionID: 7))
        #expect(answer == GatewayAnswer(address: "127.0.0.1", port: 20_010, iceUfrag: "gwUfrag1",
                                        icePassword: "gatewaypassword123456789", fingerprintAlgorithm: "sha-256",
                                        fingerprint: "01:02", opusPayloadType: 111, setup: "passive"))
    }

    @Test func theBrowserEncodesAsTheAnswersPlaybackRateAsks() throws {
        let offer = try WebOffer.validate(Self.offer().sdp).get()
        let local = WebLocalMedia(address: "127.0.0.1", port: 20_010, iceUfrag: "gwUfrag1", icePwd: "gatewaypassword123456789",
                                  fingerprint: "01:02", ssrc: 99, cname: "gw")
        let narrow = try GatewayAnswer.parse(WebAnswer.build(offer: offer, local: local, sessionID: 7, maxPlaybackRate: 8000))
        #expect(narrow.maxPlaybackRate == 8000)
        #expect(BrowserOpusClip(maxPlaybackRate: narrow.maxPlaybackRate) == .narrowband)
        let open = try GatewayAnswer.parse(WebAnswer.build(offer: offer, local: local, sessionID: 8))
        #expect(open.maxPlaybackRate == nil)
        #expect(BrowserOpusClip(maxPlaybackRate: open.maxPlaybackRate) == .fullband)
        // libwebrtc's widths and default bitrates.
        #expect(BrowserOpusClip(maxPlaybackRate: 16000) == .wideband)
        #expect(BrowserOpusClip(maxPlaybackRate: 24000) == .fullband)
        #expect(BrowserOpusClip.allCases.map(\.bitrate) == [12000, 20000, 32000])
    }

    @Test func answerWithoutAudioIsRefused() {
        #expect(throws: GatewayAnswer.Unusable.self) {
            try GatewayAnswer.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
        }
    }

    @Test func connectivityCheckIsAnsweredByTheGatewaysAgent() throws {
        let checks = ICEChecks(localUfrag: "LoAd1234", remoteUfrag: "gwUfrag1", remotePassword: "gatewaypassword123456789",
                               tiebreaker: 77)
        var agent = ICELiteAgent(local: ICECredentials(ufrag: "gwUfrag1", password: "gatewaypassword123456789"),
                                 remote: ICECredentials(ufrag: "LoAd1234", password: "abcdefghijklmnopqrstuvwx"))
        let (id, request) = checks.request(nominate: true)
        let from = Endpoint(host: "127.0.0.1", port: 40_002)
        guard case .respond(let response, to: let to) = agent.handle(stun: request, from: from, now: .seconds(1)) else {
            Issue.record("the gateway's agent ignored the check")
            return
        }
        #expect(to == from)
        #expect(agent.isNominated)
        #expect(agent.selectedRemote == from)
        #expect(checks.isSuccess(response, answering: id))
        #expect(!checks.isSuccess(response, answering: checks.request().id))
        let message = try STUNMessage.parse(request)
        #expect(message.iceControlling == 77)
        #expect(message.priority == ICEChecks.priority)
    }

    @Test func checkSignedWithTheWrongPasswordIsIgnored() {
        let checks = ICEChecks(localUfrag: "LoAd1234", remoteUfrag: "gwUfrag1", remotePassword: "notthegatewayspassword12")
        var agent = ICELiteAgent(local: ICECredentials(ufrag: "gwUfrag1", password: "gatewaypassword123456789"),
                                 remote: ICECredentials(ufrag: "LoAd1234", password: "abcdefghijklmnopqrstuvwx"))
        let outcome = agent.handle(stun: checks.request().bytes, from: Endpoint(host: "127.0.0.1", port: 1), now: .zero)
        #expect(outcome == .ignored(.badIntegrity))
    }

    @Test func callAndHangupAreWhatTheGatewayDecodes() throws {
        let sdp = Self.offer().sdp
        #expect(try ClientMessage.decode(SignalingMessages.call(callId: "load-3", to: "9000003", sdp: sdp))
                == .call(callId: "load-3", to: "9000003", sdp: sdp))
        #expect(try ClientMessage.decode(SignalingMessages.hangup(callId: "load-3"))
                == .hangup(callId: "load-3", cause: .normalClearing))
    }

    @Test func gatewayMessagesAreRead() throws {
        let answer = try #require(ServerEvent.decode(ServerMessage.answer(callId: "load-1", sdp: "v=0\r\n").json()))
        #expect(answer.type == "answer")
        #expect(answer.callId == "load-1")
        #expect(answer.sdp == "v=0\r\n")
        let connected = try #require(ServerEvent.decode(ServerMessage.state(callId: "load-1", state: .connected, end: nil).json()))
        #expect(connected.state == "connected")
        #expect(!connected.isEnd)
        let ended = ServerMessage.state(callId: "load-1", state: .hungUp, end: CallEnd(cause: .normalClearing, side: .local))
        let hungUp = try #require(ServerEvent.decode(ended.json()))
        #expect(hungUp.isEnd)
        #expect(hungUp.cause == "normal_clearing")
    }

    @Test func numbersCarryTheCallIndex() {
        #expect(LoadNumber.number(forCall: 42) == "9000042")
        #expect(LoadNumber.call(fromUser: "9000042") == 42)
        #expect(LoadNumber.call(fromUser: "+9000007") == 7)
        #expect(LoadNumber.call(fromUser: "123") == nil)
        #expect(LoadNumber.call(fromUser: nil) == nil)
    }
}
