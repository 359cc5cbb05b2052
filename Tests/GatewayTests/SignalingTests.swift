import Foundation
import Testing
@testable import Gateway

@Suite struct SignalingTests {
    @Test func decodesACallAndNormalizesTheNumber() throws {
        let message = try ClientMessage.decode(#"{"type":"call","callId":"c1","to":"+1 (555) 123-4567","sdp":"v=0"}"#)
        #expect(message == .call(callId: "c1", to: "+15551234567", sdp: "v=0"))
    }

    @Test func decodesACallThroughACallLinkWithOrWithoutANumber() throws {
        let linked = try ClientMessage.decode(#"{"type":"call","callId":"c2","link":"sales-line","sdp":"v=0"}"#)
        #expect(linked == .call(callId: "c2", to: "", sdp: "v=0", link: "sales-line"))
        // Without `to` or `link`, only a call link's connection may call (the engine checks).
        let bare = try ClientMessage.decode(#"{"type":"call","callId":"c4","sdp":"v=0"}"#)
        #expect(bare == .call(callId: "c4", to: "", sdp: "v=0"))
        let both = try ClientMessage.decode(#"{"type":"call","callId":"c3","link":"a.b_c-1","to":"123","sdp":"v=0"}"#)
        #expect(both == .call(callId: "c3", to: "123", sdp: "v=0", link: "a.b_c-1"))
        for bad in [#""bad link""#, #""""#, "42", #""\#(String(repeating: "x", count: 65))""#] {
            #expect(throws: SignalingError.self) {
                try ClientMessage.decode(#"{"type":"call","callId":"c4","link":\#(bad),"sdp":"v=0"}"#)
            }
            #expect((try? ClientMessage.decode(#"{"type":"call","callId":"c4","link":\#(bad),"sdp":"v=0"}"#)) == nil)
        }
    }

    @Test(arguments: [
        ("not json", SignalingError.Code.badMessage),
        ("[1,2]", .badMessage),
        (#"{"callId":"c1"}"#, .badMessage),
        (#"{"type":"teleport"}"#, .unknownType),
        (#"{"type":"call","to":"123","sdp":"v=0"}"#, .badCallId),
        (#"{"type":"call","callId":"bad id!","to":"123","sdp":"v=0"}"#, .badCallId),
        (#"{"type":"call","callId":"c1","to":"12ab","sdp":"v=0"}"#, .badDestination),
        (#"{"type":"call","callId":"c1","to":"+","sdp":"v=0"}"#, .badDestination),
        (#"{"type":"call","callId":"c1","to":"123"}"#, .badOffer),
        (#"{"type":"dtmf","callId":"c1","digits":"12x"}"#, .badDigits),
        (#"{"type":"hangup","callId":"c1","cause":"because"}"#, .badMessage),
    ])
    func refusesBadMessagesWithTheDocumentedCode(text: String, code: SignalingError.Code) {
        #expect(throws: SignalingError.self) { try ClientMessage.decode(text) }
        do {
            _ = try ClientMessage.decode(text)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func endStateCarriesCauseReasonAndSide() throws {
        let json = ServerMessage.state(callId: "c1", state: .rejected,
                                       end: CallEnd(cause: .userBusy, side: .remote, sipStatus: 486)).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["state"] as? String == "rejected")
        #expect(object["cause"] as? String == "user_busy")
        #expect(object["sipStatus"] as? Int == 486)
        #expect(object["q850"] as? Int == 17)
        #expect(object["side"] as? String == "remote")
        #expect((object["reason"] as? String)?.isEmpty == false)
    }
}

@Suite struct DisconnectIntervalRequestTests {
    @Test func aCallMayAskForItsOwnDisconnectWindowWithinTheBounds() throws {
        let asked = try ClientMessage.decode(#"{"type":"call","callId":"c1","to":"123","sdp":"v=0","disconnectInterval":45}"#)
        #expect(asked == .call(callId: "c1", to: "123", sdp: "v=0", disconnectInterval: 45))
        for bad in ["5", "601", "true", "\"30\"", "30.5"] {
            #expect((try? ClientMessage.decode(#"{"type":"call","callId":"c1","to":"123","sdp":"v=0","disconnectInterval":\#(bad)}"#)) == nil,
                    "disconnectInterval \(bad) was accepted")
        }
    }
}
