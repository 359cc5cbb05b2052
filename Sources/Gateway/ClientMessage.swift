import Foundation

/// A message from a browser over the signaling WebSocket (docs/signaling.md).
public enum ClientMessage: Equatable, Sendable {
    /// `link` names a call link (the dialplan's `entry.web.call_links`): its number is
    /// called and `to` may be left out.
    /// `disconnectInterval` asks for another disconnect window than the gateway's (seconds,
    /// within `DisconnectWindow.range`).
    case call(callId: String, to: String, sdp: String, link: String? = nil, disconnectInterval: Int? = nil)
    /// Takes a call back after a drop (or an ICE restart) with its resume token and a new offer.
    case resume(callId: String, token: String, sdp: String)
    case hangup(callId: String, cause: HangupCause)
    case dtmf(callId: String, digits: String)
    case ping(id: String?)
    /// An agent sets their presence: `available`, `away`, `busy` or `offline`.
    case presence(state: String)
    /// An agent answers an `incoming` call with their WebRTC offer.
    case accept(callId: String, sdp: String)
    /// An agent declines an `incoming` call.
    case reject(callId: String)
}

/// A refused signaling message: a stable code and a sentence for the developer.
public struct SignalingError: Error, Equatable, Sendable {
    public enum Code: String, Sendable {
        case badMessage = "bad_message"
        case unknownType = "unknown_type"
        case badCallId = "bad_call_id"
        case unknownCall = "unknown_call"
        case badOffer = "bad_offer"
        case badDestination = "bad_destination"
        case badDigits = "bad_digits"
        case badToken = "bad_token"
        case unavailable
        case notAnAgent = "not_an_agent"
        case badPresence = "bad_presence"
        case rateLimited = "rate_limited"
        case callGone = "call_gone"
        /// Connection refused (docs/tokens.md): no token, a bad one, an expired one, or one
        /// whose `nbf` is still ahead. The gateway closes the WebSocket after it (code 4401).
        case tokenRequired = "token_required"
        case tokenInvalid = "token_invalid"
        case tokenExpired = "token_expired"
        case tokenNotYetValid = "token_not_yet_valid"
        /// Connection refused: `?link=` names no open call link (unknown, revoked, expired,
        /// used, or outside its hours; docs/call-links.md). Closed with 4401 too.
        case linkUnavailable = "link_unavailable"
        /// A call over a limit of the identity, the call link or the trunk (docs/signaling.md).
        case limitExceeded = "limit_exceeded"
    }
    public var code: Code
    public var message: String
    /// The call the refused message was about, when it named one.
    public var callId: String?

    public init(_ code: Code, _ message: String, callId: String? = nil) {
        self.code = code
        self.message = message
        self.callId = callId
    }
}

extension ClientMessage {
    /// Largest message accepted: an SDP offer with many candidates is well below this.
    public static let maximumLength = 64 * 1024

    /// Decodes and validates one text frame. Never throws anything but `SignalingError`.
    public static func decode(_ text: String) throws(SignalingError) -> ClientMessage {
        guard text.utf8.count <= maximumLength else {
            throw SignalingError(.badMessage, "Message longer than \(maximumLength) bytes.")
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw SignalingError(.badMessage, "A message must be a JSON object.")
            }
            object = parsed
        } catch let error as SignalingError {
            throw error
        } catch {
            throw SignalingError(.badMessage, "Not valid JSON.")
        }
        guard let type = object["type"] as? String else {
            throw SignalingError(.badMessage, "Field 'type' (a string) is missing.")
        }
        let fields = Fields(object: object)
        switch type {
        case "call":
            let callId = try fields.callId()
            var link: String?
            if let raw = object["link"] {
                guard let name = raw as? String, CallLinkName.isValid(name) else {
                    throw SignalingError(.badDestination,
                        "Field 'link' must be a call link name: 1 to 64 letters, digits, '.', '_' or '-'.", callId: callId)
                }
                link = name
            }
            guard let sdp = object["sdp"] as? String else {
                throw SignalingError(.badOffer, "Field 'sdp' (the SDP offer, a string) is missing.", callId: callId)
            }
            var interval: Int?
            if let raw = object["disconnectInterval"] {
                guard let seconds = raw as? Int, !(raw is Bool), DisconnectWindow.range.contains(seconds) else {
                    throw SignalingError(.badMessage, "Field 'disconnectInterval' must be a whole number of seconds from "
                        + "\(DisconnectWindow.range.lowerBound) to \(DisconnectWindow.range.upperBound).", callId: callId)
                }
                interval = seconds
            }
            // No `to`: a call link's number is called (a dialplan link named in `link`, or the
            // operator-made link the connection opened); the engine refuses it otherwise.
            if object["to"] == nil {
                return .call(callId: callId, to: "", sdp: sdp, link: link, disconnectInterval: interval)
            }
            let to = try fields.string("to", callId: callId)
            guard let destination = DialString.normalize(to) else {
                throw SignalingError(.badDestination,
                    "'\(to.prefix(40))' is not a number: use digits, an optional leading +, and * or #.",
                    callId: callId)
            }
            return .call(callId: callId, to: destination, sdp: sdp, link: link, disconnectInterval: interval)
        case "resume":
            let callId = try fields.callId()
            guard let token = object["token"] as? String, ResumeTokenText.isValid(token) else {
                throw SignalingError(.badToken, "Field 'token' must be the resume token the gateway sent for the call.",
                                     callId: callId)
            }
            guard let sdp = object["sdp"] as? String else {
                throw SignalingError(.badOffer, "Field 'sdp' (a new SDP offer, a string) is missing.", callId: callId)
            }
            return .resume(callId: callId, token: token, sdp: sdp)
        case "hangup":
            let callId = try fields.callId()
            var cause = HangupCause.normalClearing
            if let raw = object["cause"] {
                guard let name = raw as? String, let parsed = HangupCause(rawValue: name) else {
                    throw SignalingError(.badMessage, "Unknown hangup cause; see docs/hangup-causes.md.", callId: callId)
                }
                cause = parsed
            }
            return .hangup(callId: callId, cause: cause)
        case "dtmf":
            let callId = try fields.callId()
            let digits = try fields.string("digits", callId: callId)
            guard DTMFDigits.isValid(digits) else {
                throw SignalingError(.badDigits,
                    "Digits must be 1 to \(DTMFDigits.maximumCount) of 0-9 * # A-D.", callId: callId)
            }
            return .dtmf(callId: callId, digits: digits.uppercased())
        case "ping":
            return .ping(id: object["id"] as? String)
        case "presence":
            guard let state = object["state"] as? String, AgentPresenceName.all.contains(state) else {
                throw SignalingError(.badPresence, "Field 'state' must be one of "
                    + AgentPresenceName.all.joined(separator: ", ") + ".")
            }
            return .presence(state: state)
        case "accept":
            let callId = try fields.callId()
            guard let sdp = object["sdp"] as? String else {
                throw SignalingError(.badOffer, "Field 'sdp' (the SDP offer, a string) is missing.", callId: callId)
            }
            return .accept(callId: callId, sdp: sdp)
        case "reject":
            return .reject(callId: try fields.callId())
        default:
            throw SignalingError(.unknownType, "Unknown message type '\(type.prefix(40))'.")
        }
    }
}

/// Field access with the error codes of docs/signaling.md.
private struct Fields {
    let object: [String: Any]

    func callId() throws(SignalingError) -> String {
        guard let id = object["callId"] as? String, CallID.isValid(id) else {
            throw SignalingError(.badCallId, "Field 'callId' must be 1 to 64 characters of A-Z a-z 0-9 . _ -.")
        }
        return id
    }

    func string(_ name: String, callId: String) throws(SignalingError) -> String {
        guard let value = object[name] as? String else {
            throw SignalingError(.badMessage, "Field '\(name)' (a string) is missing.", callId: callId)
        }
        return value
    }
}

/// The bounds of a call's disconnect window, wherever it is set (configuration, call link,
/// the browser's `call` message).
public enum DisconnectWindow {
    public static let range = 10...600
}

/// Resume tokens as the signaling accepts them: what the gateway issues, URL-safe text.
public enum ResumeTokenText {
    public static func isValid(_ token: String) -> Bool {
        (16...128).contains(token.utf8.count)
            && token.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0)) }
    }
}

/// The presence values an agent may set (docs/signaling.md, "Agents").
public enum AgentPresenceName {
    public static let all = ["available", "away", "busy", "offline"]
}

/// Call link names as the signaling accepts them.
public enum CallLinkName {
    public static func isValid(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }
}

/// Rules for client-chosen call identifiers.
public enum CallID {
    public static func isValid(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2E || b == 0x5F || b == 0x2D
        }
    }
}

/// Rules for DTMF digit strings sent by the page.
public enum DTMFDigits {
    public static let maximumCount = 64
    public static func isValid(_ digits: String) -> Bool {
        guard (1...maximumCount).contains(digits.count) else { return false }
        return digits.uppercased().allSatisfy { "0123456789*#ABCD".contains($0) }
    }
}
