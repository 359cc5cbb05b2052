import Foundation
import Testing
@testable import Gateway

/// The agents' messages of docs/signaling.md ("Agents").
@Suite struct AgentSignalingTests {
    @Test func decodesPresenceAcceptAndReject() throws {
        #expect(try ClientMessage.decode(#"{"type":"presence","state":"available"}"#) == .presence(state: "available"))
        #expect(try ClientMessage.decode(#"{"type":"accept","callId":"in-1a","sdp":"v=0"}"#)
                == .accept(callId: "in-1a", sdp: "v=0"))
        #expect(try ClientMessage.decode(#"{"type":"reject","callId":"in-1a"}"#) == .reject(callId: "in-1a"))
    }

    @Test(arguments: [
        (#"{"type":"presence"}"#, SignalingError.Code.badPresence),
        (#"{"type":"presence","state":"sleeping"}"#, .badPresence),
        (#"{"type":"presence","state":1}"#, .badPresence),
        (#"{"type":"accept","sdp":"v=0"}"#, .badCallId),
        (#"{"type":"accept","callId":"in-1"}"#, .badOffer),
        (#"{"type":"reject"}"#, .badCallId),
        (#"{"type":"reject","callId":"bad id"}"#, .badCallId),
    ])
    func refusesBadAgentMessages(text: String, code: SignalingError.Code) {
        #expect(throws: SignalingError.self) { try ClientMessage.decode(text) }
        do {
            _ = try ClientMessage.decode(text)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func incomingCarriesCallerDialedGroupAndKeysAndLeavesOutWhatIsEmpty() throws {
        let full = ServerMessage.incoming(IncomingCall(callId: "in-1", from: "+15551230000", fromName: "Bob",
                                                       to: "+15557650000", group: "support", keys: "12"))
        #expect(full.json() == #"{"callId":"in-1","from":"+15551230000","fromName":"Bob","group":"support","keys":"12","#
                + #""to":"+15557650000","type":"incoming"}"#)
        let bare = ServerMessage.incoming(IncomingCall(callId: "in-2", from: "anonymous", fromName: "", to: "201",
                                                       group: nil, keys: ""))
        #expect(bare.json() == #"{"callId":"in-2","from":"anonymous","to":"201","type":"incoming"}"#)
    }

    @Test func presenceAndCancelMessages() {
        #expect(ServerMessage.presence(state: "available", activity: "wrap_up", wrapUpUntil: 1_767_261_730_000).json()
                == #"{"activity":"wrap_up","state":"available","type":"presence","wrapUpUntil":1767261730000}"#)
        #expect(ServerMessage.presence(state: "away", activity: "idle", wrapUpUntil: nil).json()
                == #"{"activity":"idle","state":"away","type":"presence"}"#)
        #expect(ServerMessage.cancel(callId: "in-1", reason: "answered_elsewhere").json()
                == #"{"callId":"in-1","reason":"answered_elsewhere","type":"cancel"}"#)
    }
}
