import Agents
import CoreTypes
import Foundation
import Gateway
import Store
import WebAuth

/// A call offered to an agent's console, as that console's connection knows it.
struct AgentOffer: Sendable {
    enum Status: Sendable, Equatable {
        case ringing
        case accepted
        /// Withdrawn; the `cancel` reason, kept to answer a late `accept` clearly.
        case gone(String)
    }
    let key: String
    var status: Status
}

/// Agents' consoles: sign-in, presence, and the offers of calls they accept or decline
/// (docs/signaling.md, "Agents").
extension CallEngine {
    /// The call id agents' consoles know a call by: the same on every tab and agent.
    func agentCallID(_ key: String) -> String {
        "in-" + key.replacingOccurrences(of: "-", with: "").prefix(20)
    }

    /// A roster identity's connection signs in as an agent: in open mode always, taking calls
    /// of all its groups; in token mode only with an `agent_groups` claim, taking calls of
    /// those groups (docs/tokens.md).
    func agentSignedIn(grants: Grants, connectionID: Int) {
        let identity = grants.identity
        guard distributor.isAgent(identity), isAgentSession(grants) else { return }
        let groups = config.webAuth.mode == .token ? grants.agentGroups.map(Set.init) : nil
        let actions = distributor.signIn(agent: identity, session: connectionID, groups: groups, now: clock.now)
        let told = actions.contains { if case .presenceChanged(let agent, _) = $0 { return agent == identity }; return false }
        if !told, let report = distributor.report(of: identity, now: clock.now) {
            send(presenceMessage(report), to: connectionID)
        }
        logger.info("agent signed in", metadata: ["agent": "\(identity)", "connection": "\(connectionID)"])
        performAgents(actions)
    }

    func isAgentSession(_ grants: Grants) -> Bool {
        config.webAuth.mode == .open || grants.agentGroups != nil
    }

    func agentSignedOut(grants: Grants, connectionID: Int) {
        let identity = grants.identity
        guard distributor.isAgent(identity), isAgentSession(grants) else { return }
        logger.info("agent connection closed", metadata: ["agent": "\(identity)", "connection": "\(connectionID)"])
        performAgents(distributor.signOut(agent: identity, session: connectionID, now: clock.now))
    }

    func setPresence(_ state: String, connectionID: Int) {
        guard let connection = connections[connectionID], let presence = Presence(rawValue: state) else { return }
        let identity = connection.identity
        guard isAgentSession(connection.grants) else {
            send(.error(SignalingError(.notAnAgent, "This connection's token has no agent_groups claim, so it does "
                + "not sign in as an agent (docs/tokens.md).")), to: connectionID)
            return
        }
        do {
            let actions = try distributor.setPresence(presence, agent: identity, now: clock.now)
            if actions.isEmpty, let report = distributor.report(of: identity, now: clock.now) {
                send(presenceMessage(report), to: connectionID)  // unchanged: confirm to the asking tab
            }
            performAgents(actions)
            rescheduleTimer()
        } catch {
            refusePresence(error, identity: identity, connectionID: connectionID)
        }
    }

    private func refusePresence(_ refusal: PresenceRefusal, identity: String, connectionID: Int) {
        switch refusal {
        case .notAnAgent:
            send(.error(SignalingError(.notAnAgent, "'\(identity)' is not on the agent roster (agents.roster in the "
                + "gateway's configuration), so it has no presence.")), to: connectionID)
        case .rateLimited:
            let current = distributor.report(of: identity, now: clock.now)?.presence.rawValue ?? "away"
            send(.error(SignalingError(.rateLimited, "More than \(CallDistributor.presenceChangeLimit) presence changes "
                + "in \(CallDistributor.presenceChangeWindow.components.seconds) s; presence stays '\(current)'.")),
                 to: connectionID)
        }
    }

    /// `reject`: the agent declines; the call moves on to the next member.
    func rejectIncoming(callId: String, connectionID: Int) {
        guard let identity = connections[connectionID]?.identity,
              let offer = offerOrRefuse(callId: callId, connectionID: connectionID) else { return }
        connections[connectionID]?.offers[callId]?.status = .gone("declined")
        guard let actions = distributor.decline(call: offer.key, agent: identity, now: clock.now) else {
            send(.error(SignalingError(.callGone, "The call no longer rings for you.", callId: callId)), to: connectionID)
            return
        }
        performAgents(actions)
        rescheduleTimer()
    }

    /// The console's offer for `callId` while it still rings; otherwise the error is sent.
    func offerOrRefuse(callId: String, connectionID: Int) -> AgentOffer? {
        guard let offer = connections[connectionID]?.offers[callId] else {
            send(.error(SignalingError(.unknownCall, "No incoming call '\(callId)' on this connection.", callId: callId)),
                 to: connectionID)
            return nil
        }
        switch offer.status {
        case .ringing:
            return offer
        case .accepted:
            send(.error(SignalingError(.callGone, "You already answered this call.", callId: callId)), to: connectionID)
        case .gone(let reason):
            send(.error(SignalingError(.callGone, Self.goneText(reason), callId: callId)), to: connectionID)
        }
        return nil
    }

    static func goneText(_ reason: String) -> String {
        switch reason {
        case RingEnd.answeredElsewhere.rawValue: return "The call was answered elsewhere."
        case RingEnd.callerHungUp.rawValue: return "The caller hung up."
        case RingEnd.timeout.rawValue: return "The call stopped ringing for you (ring timeout)."
        case RingEnd.declined.rawValue, "declined": return "The call was declined."
        default: return "The call no longer rings for you."
        }
    }

    func presenceMessage(_ report: PresenceReport) -> ServerMessage {
        var until: Int64?
        if case .wrapUp(let end) = report.activity {
            let left = clock.delay(until: end)
            until = Int64((Date().timeIntervalSince1970 + Double(left.components.seconds)
                           + Double(left.components.attoseconds) / 1e18) * 1000)
        }
        return .presence(state: report.presence.rawValue, activity: report.activity.name, wrapUpUntil: until)
    }
}
