import Agents
import CoreTypes
import Foundation
import Gateway

/// `accept`: an agent answers a call that rings them.
///
/// A call from a trunk: the caller's RTP leg is handed from the dialplan's media to a bridge
/// with the agent's browser; the caller never sees a re-INVITE, whether the dialplan had
/// answered (menus, queue music) or the call still rang. A web user's call: the agent's
/// browser gets its own leg, relayed to the caller's without transcoding.
extension CallEngine {
    func acceptIncoming(callId: String, sdp: String, connectionID: Int) async {
        guard let identity = connections[connectionID]?.identity,
              let offer = offerOrRefuse(callId: callId, connectionID: connectionID) else { return }
        let webOffer: WebOffer
        switch WebOffer.validate(sdp) {
        case .failure(let error):
            // The call keeps ringing: the console may try again with a usable offer.
            send(.error(SignalingError(error.code, error.message, callId: callId)), to: connectionID)
            return
        case .success(let valid):
            webOffer = valid
        }
        let key = offer.key
        let media = calls[key]?.media
        guard media is TrunkCallMedia || media is MediaSession,
              let actions = distributor.accept(call: key, agent: identity, now: clock.now) else {
            connections[connectionID]?.offers[callId]?.status = .gone("gone")
            send(.error(SignalingError(.callGone, "The call no longer rings for you.", callId: callId)), to: connectionID)
            return
        }
        connections[connectionID]?.offers[callId]?.status = .accepted
        for session in distributor.sessions(of: identity) where session != connectionID {
            guard connections[session]?.offers[callId]?.status == .ringing else { continue }
            connections[session]?.offers[callId]?.status = .gone(RingEnd.answeredElsewhere.rawValue)
            send(.cancel(callId: callId, reason: RingEnd.answeredElsewhere.rawValue), to: session)
        }
        performAgents(actions)
        (media as? any ScriptMedia)?.stopPlayback()
        let agentLeg = WebLegRef(connectionID: connectionID, callID: callId)
        if let trunkMedia = media as? TrunkCallMedia {
            await bridge(key, trunkMedia: trunkMedia, to: agentLeg, offer: webOffer)
        } else if let callerMedia = media as? MediaSession {
            await relay(key, callerMedia: callerMedia, to: agentLeg, offer: webOffer)
        }
    }

    private func bridge(_ key: String, trunkMedia: TrunkCallMedia, to agent: WebLegRef, offer: WebOffer) async {
        let session: MediaSession
        do {
            session = try await mediaFactory.openAgentLeg(callKey: key, offer: offer, taking: trunkMedia)
        } catch {
            logger.error("agent media could not be opened", metadata: ["call": "\(key)", "error": "\(error)"])
            endForAgent(agent, CallEnd(cause: .mediaFailure, side: .gateway))
            if calls[key]?.logic.hasEnded == false { drive(key, .webHangup(.mediaFailure)) }
            return
        }
        guard let call = calls[key], !call.logic.hasEnded, case .inbound(var inbound) = call.logic else {
            // The caller hung up while the agent's media was opened.
            session.close()
            endForAgent(agent, CallEnd(cause: .normalClearing, side: .remote))
            return
        }
        calls[key]?.media = session
        calls[key]?.web = .init(connectionID: agent.connectionID, callID: agent.callID)
        connections[agent.connectionID]?.callKeys[agent.callID] = key
        driveScript(key, .dialAnswered)
        calls[key]?.script = nil
        // The agent's audio goes to the caller in the trunk's codec: the one its SDP
        // selected, or while the call still rings, any the trunk may select.
        let playbackRate = WebAnswer.playbackRate(forTrunkCodecs: call.trunkAnswer.map { [$0.codec] } ?? inbound.plan.codecs)
        calls[key]?.browserPlaybackRate = playbackRate
        sendAnswer(to: agent, offer: offer, local: session.webLocal, maxPlaybackRate: playbackRate)
        let callActions = inbound.connectAgent(now: clock.now)
        calls[key]?.logic = .inbound(inbound)
        perform(callActions, for: key)
        issueResumeToken(for: key)
    }

    /// The agent's leg of a web user's call is a call of its own (`peer` links the two), so
    /// each browser keeps its own call id and states; ending either ends the other.
    private func relay(_ key: String, callerMedia: MediaSession, to agent: WebLegRef, offer: WebOffer) async {
        let agentKey = UUID().uuidString.lowercased()
        let session: MediaSession
        do {
            session = try await mediaFactory.openRelayLeg(callKey: agentKey, offer: offer, peer: callerMedia)
        } catch {
            logger.error("agent media could not be opened", metadata: ["call": "\(key)", "error": "\(error)"])
            endForAgent(agent, CallEnd(cause: .mediaFailure, side: .gateway))
            if calls[key]?.logic.hasEnded == false { drive(key, .webHangup(.mediaFailure)) }
            return
        }
        guard let call = calls[key], !call.logic.hasEnded, connections[agent.connectionID] != nil else {
            session.close()
            endForAgent(agent, CallEnd(cause: .normalClearing, side: .remote))
            if calls[key]?.logic.hasEnded == false { drive(key, .webHangup(.normalClearing)) }
            return
        }
        var leg = ActiveCall(key: agentKey, web: .init(connectionID: agent.connectionID, callID: agent.callID),
                             logic: .echo(EchoCall(announcesCalling: false)), media: session, sipCallID: nil)
        leg.peer = key
        calls[agentKey] = leg
        calls[key]?.peer = agentKey
        connections[agent.connectionID]?.callKeys[agent.callID] = agentKey
        driveScript(key, .dialAnswered)
        calls[key]?.script = nil
        callerMedia.relay(to: session)
        // Browser to browser: Opus goes across untouched, as wide as the browsers make it.
        sendAnswer(to: agent, offer: offer, local: session.webLocal, maxPlaybackRate: nil)
        guard var started = calls[agentKey] else { return }
        let actions = started.logic.start(now: clock.now).filter {
            if case .recordAnswered = $0 { return false }  // the caller's record was answered by the gateway
            return true
        }
        calls[agentKey] = started
        perform(actions, for: agentKey)
    }

    private func sendAnswer(to agent: WebLegRef, offer: WebOffer, local: WebLocalMedia, maxPlaybackRate: Int?) {
        let sdp = WebAnswer.build(offer: offer, local: local, sessionID: UInt64.random(in: 1...UInt64(Int64.max)),
                                  maxPlaybackRate: maxPlaybackRate)
        send(.answer(callId: agent.callID, sdp: sdp), to: agent.connectionID)
    }

    /// Ends an accepted call on the agent's console when the call could not be connected.
    private func endForAgent(_ agent: WebLegRef, _ end: CallEnd) {
        send(.state(callId: agent.callID, state: .hungUp, end: end), to: agent.connectionID)
        send(.state(callId: agent.callID, state: .closed, end: nil), to: agent.connectionID)
    }
}

/// An agent's console and the call id it knows a call by.
struct WebLegRef: Sendable {
    let connectionID: Int
    let callID: String
}
