import CoreTypes
import Foundation
import Gateway
import Store

/// Where keys go, whichever way they came (docs/signaling.md `dtmf`; the trunk's `dtmf`
/// setting, docs/configuration.md): to the gateway's own menu while a dialplan runs one,
/// between the two browsers of a relayed call, or to the far end — a browser gets each key
/// as a signaling `dtmf` message and as an RFC 4733 event, a trunk in its own method.
/// Every key is a call record event: `dtmf`, "5 from browser (signaling)".
extension CallEngine {
    /// Keys from a browser: its pad's signaling message, or its RTCDTMFSender's RFC 4733
    /// events. The shipped page sends each key both ways; the copy arriving the other way
    /// within `DigitEcho.window` is the same key press and is dropped.
    func digitsFromBrowser(_ key: String, _ digits: String, via method: DTMFMethod) {
        for digit in digits {
            guard calls[key] != nil, admit(digit, via: method, from: .browser, on: key) else { continue }
            recordDigit(key, digit, from: "browser", via: method)
            if let peer = calls[key]?.peer {
                digitToBrowser(peer, digit)
            } else if calls[key]?.script != nil {
                driveScript(key, .digit(digit))
            } else {
                sendDigitToTrunk(key, digit)
            }
        }
    }

    /// A key from the trunk: an RFC 4733 event, a SIP INFO request, or tones found in its audio.
    func digitFromTrunk(_ key: String, _ digit: Character, via method: DTMFMethod) {
        guard calls[key] != nil, admit(digit, via: method, from: .trunk, on: key) else { return }
        recordDigit(key, digit, from: "phone", via: method)
        if driveScript(key, .digit(digit)) { return }
        digitToBrowser(key, digit)
    }

    /// A key for the browser of call `key`: the signaling message the page shows, and an RFC
    /// 4733 event on its media (its RTCDTMFSender's counterpart) when it offered one at 48 kHz.
    private func digitToBrowser(_ key: String, _ digit: Character) {
        guard let web = calls[key]?.web else { return }
        send(.dtmf(callId: web.callID, digit: digit), to: web.connectionID)
        (calls[key]?.media as? MediaSession)?.sendDigitsToBrowser(String(digit))
    }

    /// A key for the trunk, in the trunk's method (`dtmf`: `auto` follows whether its SDP
    /// has telephone-event).
    private func sendDigitToTrunk(_ key: String, _ digit: Character) {
        guard let call = calls[key] else { return }
        let hasEvents = call.trunkAnswer?.telephoneEventPayloadType != nil
        let method = trunkDTMFMode(of: call.logic).method(farEndHasTelephoneEvent: hasEvents)
        switch (method, call.logic) {
        case (.info, .outbound(var outbound)):
            let actions = outbound.sendDTMF(info: String(digit), now: clock.now)
            calls[key]?.logic = .outbound(outbound)
            perform(actions, for: key)
        case (.info, .inbound(var inbound)):
            let actions = inbound.sendDTMF(info: String(digit), now: clock.now)
            calls[key]?.logic = .inbound(inbound)
            perform(actions, for: key)
        case (.inband, _):
            (call.media as? MediaSession)?.sendInbandDTMF(String(digit))
        default:
            call.media?.sendDTMF(String(digit))
        }
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: "dtmf", detail: "\(digit) to phone (\(method.rawValue))"))
        callTotals.digit(direction: "to_phone", method: method.rawValue)
    }

    /// The `dtmf` setting of the trunk the call is on.
    private func trunkDTMFMode(of logic: CallLogic) -> TrunkDTMFMode {
        switch logic {
        case .outbound(let call): return call.plan.trunk.dtmf
        case .inbound(let call): return config.trunk(named: call.plan.trunkName)?.target.dtmf ?? .rfc4733
        case .echo: return .rfc4733
        }
    }

    private func admit(_ digit: Character, via method: DTMFMethod, from side: DigitEcho.Side, on key: String) -> Bool {
        var echo = calls[key]?.digitEcho ?? DigitEcho()
        let fresh = echo.admit(digit, via: method, from: side, at: clock.now)
        calls[key]?.digitEcho = echo
        return fresh
    }

    private func recordDigit(_ key: String, _ digit: Character, from side: String, via method: DTMFMethod) {
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: "dtmf", detail: "\(digit) from \(side) (\(method.rawValue))"))
        callTotals.digit(direction: "from_\(side)", method: method.rawValue)
    }
}

/// One key press arriving two ways (a page's signaling message and its RFC 4733 event, a
/// trunk's event and the tones in its audio) is passed on once: a digit from one side by one
/// method that matches a not yet matched digit from the same side by another method, within
/// `window`, is that key's copy. Several keys in a row (the shipped pad sends "1234567890*#"
/// as one message, and as RTCDTMFSender events 170 ms apart, the last about 2 s later) are
/// each matched to their own copy, oldest first. A key lost on one way leaves an unmatched
/// arrival that at worst absorbs one later copy: every press still passes once.
struct DigitEcho: Sendable {
    enum Side: Sendable { case browser, trunk }
    static let window: Duration = .seconds(3)
    /// Most keys remembered per side; older ones fall out of the window anyway.
    static let memory = 32

    private struct Arrival: Sendable {
        let digit: Character
        let method: DTMFMethod
        let at: Instant
        var matched = false
    }
    private var recent: [Side: [Arrival]] = [:]

    mutating func admit(_ digit: Character, via method: DTMFMethod, from side: Side, at now: Instant) -> Bool {
        var arrivals = (recent[side] ?? []).filter { now - $0.at < Self.window }
        defer { recent[side] = Array(arrivals.suffix(Self.memory)) }
        if let index = arrivals.firstIndex(where: { !$0.matched && $0.digit == digit && $0.method != method }) {
            arrivals[index].matched = true
            return false
        }
        arrivals.append(Arrival(digit: digit, method: method, at: now))
        return true
    }
}
