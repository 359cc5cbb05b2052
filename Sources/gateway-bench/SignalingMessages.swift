import Foundation

/// The browser ↔ gateway signaling messages a load call uses (docs/signaling.md): `call`
/// and `hangup` out; `answer`, `state`, `error` and `quality` in.
enum SignalingMessages {
    private struct Call: Encodable {
        let type = "call"
        let callId: String
        let to: String
        let sdp: String
    }

    private struct Hangup: Encodable {
        let type = "hangup"
        let callId: String
    }

    static func call(callId: String, to: String, sdp: String) -> String {
        encode(Call(callId: callId, to: to, sdp: sdp))
    }

    static func hangup(callId: String) -> String {
        encode(Hangup(callId: callId))
    }

    private static func encode(_ value: some Encodable) -> String {
        // Plain strings and an SDP text: encoding cannot fail.
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// One message from the gateway, with the fields a load call reads; the rest is ignored.
struct ServerEvent: Decodable, Sendable, Equatable {
    var type: String
    var callId: String?
    var sdp: String?
    var state: String?
    var cause: String?
    var code: String?
    var message: String?
    /// `quality`: which leg, and what the gateway received on it in the last interval.
    var leg: String?
    var lossPercent: Double?
    var packetsLost: Int?

    static func decode(_ text: String) -> ServerEvent? {
        try? JSONDecoder().decode(ServerEvent.self, from: Data(text.utf8))
    }

    /// `state` messages that end a call (docs/signaling.md, "Call states").
    var isEnd: Bool {
        type == "state" && ["hung_up", "rejected", "not_answered", "closed"].contains(state ?? "")
    }
}
