import Agents
import CoreTypes
import Foundation
import Gateway

/// `accept`: an agent answers a call that rings them. The caller's RTP leg is handed from
/// the dialplan's media to a bridge with the agent's browser; the caller never sees a
/// re-INVITE, whether the dialplan had answered (menus, queue music) or the call still rang.
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
        guard let trunkMedia = calls[key]?.media as? TrunkCallMedia,
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
        trunkMedia.stopPlayback()

        let session: MediaSession
        do {
            session = try await mediaFactory.openAgentLeg(callKey: key, offer: webOffer, taking: trunkMedia)
        } catch {
            logger.error("agent media could not be opened", metadata: ["call": "\(key)", "error": "\(error)"])
            endForAgent(callId: callId, connectionID: connectionID, CallEnd(cause: .mediaFailure, side: .gateway))
            if calls[key]?.logic.hasEnded == false { drive(key, .webHangup(.mediaFailure)) }
            return
        }
        guard let call = calls[key], !call.logic.hasEnded, case .inbound(var inbound) = call.logic else {
            // The caller hung up while the agent's media was opened.
            session.close()
            endForAgent(callId: callId, connectionID: connectionID, CallEnd(cause: .normalClearing, side: .remote))
            return
        }
        calls[key]?.media = session
        calls[key]?.web = .init(connectionID: connectionID, callID: callId)
        connections[connectionID]?.callKeys[callId] = key
        driveScript(key, .dialAnswered)
        calls[key]?.script = nil
        send(.answer(callId: callId, sdp: WebAnswer.build(offer: webOffer, local: session.webLocal,
                                                           sessionID: UInt64.random(in: 1...UInt64(Int64.max)))),
             to: connectionID)
        let callActions = inbound.connectAgent(now: clock.now)
        calls[key]?.logic = .inbound(inbound)
        perform(callActions, for: key)
    }

    /// Ends an accepted call on the agent's console when the call could not be bridged.
    private func endForAgent(callId: String, connectionID: Int, _ end: CallEnd) {
        send(.state(callId: callId, state: .hungUp, end: end), to: connectionID)
        send(.state(callId: callId, state: .closed, end: nil), to: connectionID)
    }
}
