import Agents
import CoreTypes
import Dialplan
import Foundation
import Gateway
import Media
import Store

/// A call in the dialplan's `agents` step: what its caller hears meanwhile.
struct QueueWait: Sendable {
    /// The prompt looped while no agent rings (nil: the ringback tone).
    let music: String?
    var hears: CallerAudio?
    /// A position announcement is playing; the call's audio comes back after it.
    var announcing = false
}

/// Calls offered to agents, from trunks and from web users: the dialplan's `agents` step,
/// the caller's ringback, music and position announcements, and giving up to the dialplan's
/// next steps.
extension CallEngine {
    /// The `agents` step of a call from a trunk or from a web user whose dialplan the gateway
    /// runs. Returns false for calls it cannot serve.
    func enterAgents(_ key: String, _ request: AgentsRequest) -> Bool {
        guard let call = calls[key] else { return false }
        var dialed = call.script?.run.variables["dialed"] ?? ""
        switch call.logic {
        case .inbound(let inbound): dialed = inbound.dialedNumber ?? dialed
        case .echo: guard call.media is MediaSession, call.web != nil else { return false }
        case .outbound: return false
        }
        calls[key]?.queueing = QueueWait(music: request.music)
        let target: Agents.AgentTarget
        switch request.target {
        case .group(let name): target = .group(name)
        case .agent(let who): target = .agent(who)
        }
        let offer = CallOffer(callerNumber: request.caller.number, callerName: request.caller.name,
                              dialed: dialed, keys: request.keys)
        let policy = QueuePolicy(maxWait: .seconds(request.maxWaitSeconds),
                                 announceEvery: request.announceEverySeconds.map { .seconds($0) })
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: "agents", detail: "\(target.text)"))
        logger.info("call offered to agents", metadata: ["call": "\(key)", "to": "\(target.text)"])
        performAgents(distributor.enqueue(call: key, target: target, offer: offer, policy: policy, now: clock.now))
        return true
    }

    /// A call ended: it leaves the queue, or its agent starts wrap-up.
    func agentsCallEnded(_ key: String) {
        guard let call = calls[key] else { return }
        if call.queueing != nil {
            calls[key]?.queueing = nil
            performAgents(distributor.callerLeft(call: key, now: clock.now))
        }
        if let agent = call.agent {
            calls[key]?.agent = nil
            performAgents(distributor.callEnded(call: key, agent: agent, now: clock.now))
        }
        if let agent = call.placedByAgent {
            calls[key]?.placedByAgent = nil
            performAgents(distributor.ownCallEnded(call: key, agent: agent, now: clock.now))
        }
        if let peer = call.peer {
            calls[key]?.peer = nil
            calls[peer]?.peer = nil
            endRelayPeer(peer, cause: call.logic.end?.cause ?? .normalClearing)
        }
    }

    /// The other browser of a relayed call hung up (or dropped): this one ends as `remote`.
    private func endRelayPeer(_ key: String, cause: HangupCause) {
        guard let call = calls[key], case .echo(var echo) = call.logic else { return }
        let actions = echo.endByRemote(cause)
        calls[key]?.logic = .echo(echo)
        perform(actions, for: key)
    }

    func performAgents(_ actions: [AgentAction]) {
        for action in actions {
            switch action {
            case .ring(let key, let agent, let offer, let group, let session):
                ring(key, agent: agent, offer: offer, group: group, only: session)
            case .stopRinging(let key, let agent, let reason):
                let callId = agentCallID(key)
                for session in distributor.sessions(of: agent) where connections[session]?.offers[callId]?.status == .ringing {
                    connections[session]?.offers[callId]?.status = .gone(reason.rawValue)
                    send(.cancel(callId: callId, reason: reason.rawValue), to: session)
                }
                recorder.event(id: key, CallRecordEvent(at: Date(), kind: "offer_ended", detail: "\(agent): \(reason.rawValue)"))
            case .connect(let key, let agent, let waited):
                calls[key]?.agent = agent
                calls[key]?.queueing = nil
                recorder.event(id: key, CallRecordEvent(at: Date(), kind: "agent_answered",
                                                        detail: "\(agent) after \(Self.seconds(waited)) s"))
                logger.info("agent answered", metadata: ["call": "\(key)", "agent": "\(agent)"])
            case .callerHears(let key, let audio):
                calls[key]?.queueing?.hears = audio
                if calls[key]?.queueing?.announcing != true { playQueueAudio(key) }
            case .announcePosition(let key, let position):
                announce(position, to: key)
            case .giveUp(let key, let reason, let waited):
                guard calls[key]?.queueing != nil else { continue }
                calls[key]?.queueing = nil
                (calls[key]?.media as? any ScriptMedia)?.stopPlayback()
                recorder.event(id: key, CallRecordEvent(at: Date(), kind: "agents_gave_up",
                                                        detail: "\(reason.rawValue) after \(Self.seconds(waited)) s"))
                logger.info("no agent took the call", metadata: ["call": "\(key)", "why": "\(reason.rawValue)"])
                driveScript(key, .dialFailed(cause: reason.cause))
            case .presenceChanged(let agent, let report):
                for session in distributor.sessions(of: agent) { send(presenceMessage(report), to: session) }
            }
        }
        rescheduleTimer()
    }

    private func ring(_ key: String, agent: String, offer: CallOffer, group: String?, only session: Int?) {
        let callId = agentCallID(key)
        let message = ServerMessage.incoming(IncomingCall(callId: callId, from: offer.callerNumber, fromName: offer.callerName,
                                                          to: offer.dialed, group: group, keys: offer.keys))
        // Only the agent's sessions that take calls of this group (a token's agent_groups).
        for target in session.map({ [$0] }) ?? distributor.sessions(of: agent, serving: group).sorted() {
            guard connections[target] != nil else { continue }
            forgetSettledOffers(of: target)
            connections[target]?.offers[callId] = AgentOffer(key: key, status: .ringing)
            connections[target]?.usedCallIDs.insert(callId)
            send(message, to: target)
        }
        if session == nil {
            recorder.event(id: key, CallRecordEvent(at: Date(), kind: "offered", detail: agent))
        }
    }

    /// A console open all day is offered many calls: past `offerMemory` entries, the settled
    /// ones are forgotten (a very late `accept` then gets `unknown_call` instead of `call_gone`).
    private func forgetSettledOffers(of connectionID: Int) {
        guard let offers = connections[connectionID]?.offers, offers.count >= Self.offerMemory else { return }
        connections[connectionID]?.offers = offers.filter { $0.value.status == .ringing }
    }

    static let offerMemory = 256

    /// Ringback while agents ring (a 180 when the call is not answered yet, so the caller's
    /// network plays it), else the queue's music or the ringback tone, looped.
    private func playQueueAudio(_ key: String) {
        guard let call = calls[key], let wait = call.queueing, let hears = wait.hears else { return }
        if case .inbound(var inbound) = call.logic, inbound.isAwaitingAnswer {
            let actions = hears == .ringback ? inbound.ring() : inbound.answer(now: clock.now)
            calls[key]?.logic = .inbound(inbound)
            perform(actions, for: key)
            if hears == .ringback { return }
        }
        guard let media = calls[key]?.media as? any ScriptMedia, let prompts = calls[key]?.script?.prompts else { return }
        var items: [PlayItem] = [.tone(name: "ringback", milliseconds: 30_000)]
        if hears == .waiting, let music = wait.music { items = [.prompt(music)] }
        media.play(prompts.playback(items, sampleRate: media.promptSampleRate))
    }

    /// "You are caller number N": the prompt `queue-position`, then N digit by digit.
    private func announce(_ position: Int, to key: String) {
        guard let call = calls[key], call.queueing?.hears == .waiting, let media = call.media as? any ScriptMedia,
              let prompts = call.script?.prompts else { return }
        let items = [PlayItem.prompt("queue-position")] + String(position).map { PlayItem.prompt("digit-\($0)") }
        calls[key]?.queueing?.announcing = true
        media.play(prompts.playback(items, sampleRate: media.promptSampleRate))
    }

    /// A queue's audio reached its end: loop it (or go back to it after an announcement).
    /// False when the call is not waiting for agents.
    func queueAudioFinished(_ key: String) -> Bool {
        guard calls[key]?.queueing != nil else { return false }
        calls[key]?.queueing?.announcing = false
        playQueueAudio(key)
        return true
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

extension Agents.AgentTarget {
    var text: String {
        switch self {
        case .group(let name): return "group \(name)"
        case .agent(let who): return "agent \(who)"
        }
    }
}
