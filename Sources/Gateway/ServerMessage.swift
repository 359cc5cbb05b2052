import CoreTypes
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

    /// One text frame of JSON: a compact object with its keys in order.
    public func json() -> String {
        var text: [UInt8] = []
        writeJSON(into: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, in place of `out`'s contents (its capacity stays):
    /// a caller that keeps the array writes the frequent `quality` message without allocating.
    public func writeJSON(into out: inout [UInt8]) {
        if case .quality(let callId, let leg, let quality, let warnings) = self {
            Self.writeQuality(callId: callId, leg: leg, quality: quality, warnings: warnings, into: &out)
            return
        }
        out.removeAll(keepingCapacity: true)
        JSONValue.object(members).write(into: &out)
    }

    /// The members of every message but `quality`, which `writeQuality` writes directly.
    private var members: [String: JSONValue] {
        switch self {
        case .hello(let identity, let servers):
            return ["type": .string("hello"), "protocol": .int(1), "identity": .string(identity),
                    "iceServers": .array(servers.map(\.json))]
        case .answer(let callId, let sdp):
            return ["type": .string("answer"), "callId": .string(callId), "sdp": .string(sdp)]
        case .state(let callId, let state, let end):
            var object: [String: JSONValue] = ["type": .string("state"), "callId": .string(callId),
                                               "state": .string(state.rawValue)]
            if let end {
                object["cause"] = .string(end.cause.rawValue)
                object["reason"] = .string(end.cause.reason(side: end.side))
                object["side"] = .string(end.side.rawValue)
                object["q850"] = .int(end.cause.q850)
                if let status = end.sipStatus { object["sipStatus"] = .int(status) }
                if let tone = end.tone {
                    object["tone"] = .string(tone.name)
                    object["toneMs"] = .int(tone.milliseconds)
                }
            }
            return object
        case .dtmf(let callId, let digit):
            return ["type": .string("dtmf"), "callId": .string(callId), "digit": .string(String(digit))]
        case .error(let error):
            var object: [String: JSONValue] = ["type": .string("error"), "code": .string(error.code.rawValue),
                                               "message": .string(error.message)]
            if let callId = error.callId { object["callId"] = .string(callId) }
            return object
        case .pong(let id):
            var object: [String: JSONValue] = ["type": .string("pong")]
            if let id { object["id"] = .string(id) }
            return object
        case .resumeToken(let callId, let token, let interval):
            return ["type": .string("resume_token"), "callId": .string(callId), "token": .string(token),
                    "disconnectInterval": .int(interval)]
        case .presence(let state, let activity, let until):
            var object: [String: JSONValue] = ["type": .string("presence"), "state": .string(state),
                                               "activity": .string(activity)]
            if let until { object["wrapUpUntil"] = .int(Int(until)) }
            return object
        case .incoming(let call):
            var object: [String: JSONValue] = ["type": .string("incoming"), "callId": .string(call.callId),
                                               "from": .string(call.from), "to": .string(call.to)]
            if let name = call.fromName, !name.isEmpty { object["fromName"] = .string(name) }
            if let group = call.group { object["group"] = .string(group) }
            if !call.keys.isEmpty { object["keys"] = .string(call.keys) }
            return object
        case .cancel(let callId, let reason):
            return ["type": .string("cancel"), "callId": .string(callId), "reason": .string(reason)]
        case .quality:
            preconditionFailure("the quality message is written by writeQuality")
        }
    }

    /// The `quality` message, its keys in order: the leg's figures rounded to what a person
    /// reads (MOS to hundredths, the rest to tenths), the optional ones only when known.
    private static func writeQuality(callId: String, leg: String, quality: LegQuality, warnings: [String],
                                     into out: inout [UInt8]) {
        func rounded(_ value: Double, _ places: Double = 10) -> Double { (value * places).rounded() / places }
        var object = JSONObjectWriter(taking: &out)
        object.string("callId", callId)
        if let jitter = quality.farEndJitterMilliseconds { object.number("farEndJitterMs", rounded(jitter)) }
        if let loss = quality.farEndLossPercent { object.number("farEndLossPercent", rounded(loss)) }
        if let buffer = quality.jitterBufferMilliseconds { object.int("jitterBufferMs", buffer) }
        object.number("jitterMs", rounded(quality.jitterMilliseconds))
        object.string("leg", leg)
        object.number("lossPercent", rounded(quality.lossPercent))
        object.number("mos", rounded(quality.meanOpinionScore, 100))
        object.int("packetsLost", Int(quality.packetsLost))
        object.int("packetsReceived", Int(quality.packetsReceived))
        object.int("packetsSent", Int(quality.packetsSent))
        if let rtt = quality.roundTripMilliseconds { object.number("rttMs", rounded(rtt)) }
        object.string("type", "quality")
        object.strings("warnings", warnings)
        object.finish(into: &out)
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
    var json: JSONValue {
        var members: [String: JSONValue] = ["urls": .array(urls.map(JSONValue.string))]
        if let username { members["username"] = .string(username) }
        if let credential { members["credential"] = .string(credential) }
        return .object(members)
    }
}

