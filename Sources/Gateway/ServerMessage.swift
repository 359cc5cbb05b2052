import CoreTypes
import Foundation
import RTP

/// A message from the gateway to a browser (docs/signaling.md).
public enum ServerMessage: Equatable, Sendable {
    case hello(identity: String, iceServers: [ICEServer])
    case answer(callId: String, sdp: String)
    case state(callId: String, state: WebCallState, end: CallEnd?)
    case dtmf(callId: String, digit: Character)
    case error(SignalingError)
    case pong(id: String?)
    /// The secret that lets this user take the call back after a drop (docs/signaling.md,
    /// "Reconnecting"); a new one follows every use.
    case resumeToken(callId: String, token: String, disconnectIntervalSeconds: Int)
    /// An agent's presence and activity (`idle`, `ringing`, `talking`, `wrap_up`); during
    /// wrap-up, when it ends (Unix time in milliseconds).
    case presence(state: String, activity: String, wrapUpUntil: Int64?)
    /// A call rings this agent (docs/signaling.md, "Agents").
    case incoming(IncomingCall)
    /// The offer of an `incoming` call is withdrawn, and why.
    case cancel(callId: String, reason: String)
    /// One leg's quality after an RTCP report interval, and the warnings in force for it
    /// (docs/signaling.md, "Call quality").
    case quality(callId: String, leg: String, quality: LegQuality, warnings: [String])

    /// One text frame of JSON.
    public func json() -> String {
        var object: [String: Any] = [:]
        switch self {
        case .hello(let identity, let servers):
            object = ["type": "hello", "protocol": 1, "identity": identity,
                      "iceServers": servers.map(\.jsonObject)]
        case .answer(let callId, let sdp):
            object = ["type": "answer", "callId": callId, "sdp": sdp]
        case .state(let callId, let state, let end):
            object = ["type": "state", "callId": callId, "state": state.rawValue]
            if let end {
                object["cause"] = end.cause.rawValue
                object["reason"] = end.cause.reason(side: end.side)
                object["side"] = end.side.rawValue
                object["q850"] = end.cause.q850
                if let status = end.sipStatus { object["sipStatus"] = status }
                if let tone = end.tone {
                    object["tone"] = tone.name
                    object["toneMs"] = tone.milliseconds
                }
            }
        case .dtmf(let callId, let digit):
            object = ["type": "dtmf", "callId": callId, "digit": String(digit)]
        case .error(let error):
            object = ["type": "error", "code": error.code.rawValue, "message": error.message]
            if let callId = error.callId { object["callId"] = callId }
        case .pong(let id):
            object = ["type": "pong"]
            if let id { object["id"] = id }
        case .resumeToken(let callId, let token, let interval):
            object = ["type": "resume_token", "callId": callId, "token": token, "disconnectInterval": interval]
        case .presence(let state, let activity, let until):
            object = ["type": "presence", "state": state, "activity": activity]
            if let until { object["wrapUpUntil"] = until }
        case .incoming(let call):
            object = ["type": "incoming", "callId": call.callId, "from": call.from, "to": call.to]
            if let name = call.fromName, !name.isEmpty { object["fromName"] = name }
            if let group = call.group { object["group"] = group }
            if !call.keys.isEmpty { object["keys"] = call.keys }
        case .cancel(let callId, let reason):
            object = ["type": "cancel", "callId": callId, "reason": reason]
        case .quality(let callId, let leg, let quality, let warnings):
            object = quality.jsonObject
            object["type"] = "quality"
            object["callId"] = callId
            object["leg"] = leg
            object["warnings"] = warnings
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// What an agent's console is told about a call that rings them.
public struct IncomingCall: Equatable, Sendable {
    public var callId: String
    /// The caller's number and display name.
    public var from: String
    public var fromName: String?
    /// The number the caller dialed.
    public var to: String
    /// The group the call came through; nil for a direct dial.
    public var group: String?
    /// Keys the caller pressed in the dialplan's menus.
    public var keys: String

    public init(callId: String, from: String, fromName: String?, to: String, group: String?, keys: String) {
        self.callId = callId
        self.from = from
        self.fromName = fromName
        self.to = to
        self.group = group
        self.keys = keys
    }
}

/// How a call ended: the cause, who ended it, and the SIP status when one was involved.
public struct CallEnd: Equatable, Sendable {
    public var cause: HangupCause
    public var side: HangupSide
    public var sipStatus: Int?
    /// The call-progress tone the gateway plays to the browser after the end, when the far
    /// end refused the call without any audio of its own (`busy`, `congestion`), and for
    /// how long: the page keeps listening that long (docs/signaling.md, "End fields").
    public var tone: EndTone?

    public init(cause: HangupCause, side: HangupSide, sipStatus: Int? = nil) {
        self.cause = cause
        self.side = side
        self.sipStatus = sipStatus
    }
}

/// A tone that follows a call's end (`CallEnd.tone`).
public struct EndTone: Equatable, Sendable {
    public var name: String
    public var milliseconds: Int

    public init(name: String, milliseconds: Int) {
        self.name = name
        self.milliseconds = milliseconds
    }
}

extension ICEServer {
    /// The W3C `RTCIceServer` dictionary.
    var jsonObject: [String: Any] {
        var o: [String: Any] = ["urls": urls]
        if let username { o["username"] = username }
        if let credential { o["credential"] = credential }
        return o
    }
}

extension LegQuality {
    /// The figures as the `quality` message carries them, rounded to what a person reads.
    var jsonObject: [String: Any] {
        func rounded(_ value: Double, _ places: Double = 10) -> Double { (value * places).rounded() / places }
        var object: [String: Any] = [
            "mos": rounded(meanOpinionScore, 100), "lossPercent": rounded(lossPercent),
            "jitterMs": rounded(jitterMilliseconds), "packetsReceived": Int(packetsReceived),
            "packetsLost": Int(packetsLost), "packetsSent": Int(packetsSent),
        ]
        if let rtt = roundTripMilliseconds { object["rttMs"] = rounded(rtt) }
        if let loss = farEndLossPercent { object["farEndLossPercent"] = rounded(loss) }
        if let jitter = farEndJitterMilliseconds { object["farEndJitterMs"] = rounded(jitter) }
        if let buffer = jitterBufferMilliseconds { object["jitterBufferMs"] = buffer }
        return object
    }
}
