import CoreTypes
import Foundation
import Gateway
import Hashing
import Store

/// A resume token: who may take which call back. Single use; a fresh one is sent after
/// every use, and all of a call's tokens die with it.
struct ResumeGrant: Sendable {
    let callKey: String
    let identity: String
}

/// Browsers that drop off and come back (docs/signaling.md, "Reconnecting").
extension CallEngine {
    /// Sends the call's current resume token to its browser, replacing any earlier one.
    func issueResumeToken(for key: String) {
        guard let web = calls[key]?.web else { return }
        revokeResumeTokens(of: key)
        guard let identity = connections[web.connectionID]?.identity else { return }
        let token = randomToken(length: 32)
        resumeGrants[token] = ResumeGrant(callKey: key, identity: identity)
        var interval = config.calls.disconnectInterval
        if case .outbound(let outbound) = calls[key]?.logic { interval = outbound.plan.disconnectInterval }
        send(.resumeToken(callId: web.callID, token: token, disconnectIntervalSeconds: Int(interval.components.seconds)),
             to: web.connectionID)
    }

    func revokeResumeTokens(of key: String) {
        resumeGrants = resumeGrants.filter { $0.value.callKey != key }
    }

    /// The browser's signaling or DTLS went away without a hangup. A call to a phone, or a
    /// phone's call an agent answered, waits for it (the phone hears the hold audio); one the
    /// gateway answers itself, or a browser-to-browser call, just ends.
    func browserGone(_ key: String, why: String) {
        guard let call = calls[key] else { return }
        guard call.survivesBrowserDrop, let media = call.media as? MediaSession else {
            drive(key, .webHangup(.normalClearing))
            return
        }
        guard !call.isReconnecting else { return }
        logger.notice("browser dropped off; the phone side is kept", metadata: ["call": "\(key)", "why": "\(why)"])
        media.browserAway(audio: config.calls.disconnectAudio)
        reconnects["dropped", default: 0] += 1
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: CallRecordEvent.browserDropped, detail: why))
        drive(key, .webDropped)
    }

    /// Consent checks came back on the browser leg the call still has (the network blinked,
    /// a blocked port was opened): the call goes on without a resume.
    func browserPathRestored(_ key: String) {
        guard let call = calls[key], call.isReconnecting else { return }
        logger.notice("browser path came back", metadata: ["call": "\(key)"])
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: CallRecordEvent.browserResumed, detail: "path came back"))
        reconnects["path_restored", default: 0] += 1
        drive(key, .webResumed)
        drive(key, .webMediaConnected)
    }

    /// `resume`: the browser is back (a new WebSocket, maybe a reloaded page) with its token
    /// and a new offer. Only the browser leg is set up again; the trunk never hears of it.
    func resumeCall(callId: String, token: String, sdp: String, connectionID: Int) async {
        func refuse(_ code: SignalingError.Code, _ text: String) {
            send(.error(SignalingError(code, text, callId: callId)), to: connectionID)
        }
        guard let connection = connections[connectionID] else { return }
        guard let grant = resumeGrants[token], grant.identity == connection.identity,
              let call = calls[grant.callKey], call.survivesBrowserDrop,
              let media = call.media as? MediaSession else {
            logger.notice("resume refused", metadata: ["identity": "\(connection.identity)", "callId": "\(callId)"])
            if let key = resumeGrants[token]?.callKey, calls[key] != nil {
                recorder.event(id: key, CallRecordEvent(at: Date(), kind: CallRecordEvent.resumeRefused,
                                                        detail: "token presented by identity '\(connection.identity)'"))
            }
            return refuse(.badToken, "This resume token is not valid: it was used already, its call has ended, "
                + "or it belongs to another user.")
        }
        guard !connection.usedCallIDs.contains(callId) || connection.callKeys[callId] == grant.callKey else {
            return refuse(.badCallId, "Call id '\(callId)' is already used on this connection.")
        }
        let offer: WebOffer
        switch WebOffer.validate(sdp) {
        case .failure(let error): return refuse(error.code, error.message)
        case .success(let valid): offer = valid
        }
        let key = grant.callKey
        resumeGrants[token] = nil
        let webLocal: WebLocalMedia
        let iceOnly: Bool
        if let restarted = await media.restartICE(offer: offer) {
            webLocal = restarted
            iceOnly = true
        } else {
            do {
                webLocal = try await mediaFactory.reopenWeb(session: media, offer: offer)
                iceOnly = false
            } catch {
                logger.error("media allocation failed on resume", metadata: ["call": "\(key)", "error": "\(error)"])
                return refuse(.unavailable, "The gateway has no media port free; try again.")
            }
        }
        guard calls[key] != nil, connections[connectionID] != nil else { return }
        if let old = calls[key]?.web, old.connectionID != connectionID {
            connections[old.connectionID]?.callKeys[old.callID] = nil
        }
        calls[key]?.web = .init(connectionID: connectionID, callID: callId)
        connections[connectionID]?.callKeys[callId] = key
        connections[connectionID]?.usedCallIDs.insert(callId)
        logger.notice("browser came back", metadata: ["call": "\(key)", "identity": "\(connection.identity)",
                                                      "how": "\(iceOnly ? "ICE restart" : "new peer connection")"])
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: CallRecordEvent.browserResumed,
                                                detail: iceOnly ? "ICE restart" : "new peer connection"))
        let answer = WebAnswer.build(offer: offer, local: webLocal, sessionID: UInt64.random(in: 1...UInt64(Int64.max)),
                                     maxPlaybackRate: calls[key]?.browserPlaybackRate)
        send(.answer(callId: callId, sdp: answer), to: connectionID)
        reconnects["resumed", default: 0] += 1
        drive(key, .webResumed)
        // With an ICE restart DTLS and SRTP never stopped: the media is up as it is.
        if iceOnly { drive(key, .webMediaConnected) }
        issueResumeToken(for: key)
    }
}
