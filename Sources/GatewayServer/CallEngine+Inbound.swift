import Config
import Dialplan
import CoreTypes
import Foundation
import Gateway
import NIOCore
import SIP
import Store

/// Calls that arrive from trunks.
extension CallEngine {
    /// The trunks by the IP addresses their INVITEs come from: each trunk's
    /// address, host names resolved once at start-up.
    static func trunkSources(_ trunks: [TrunkConfig]) -> [String: String] {
        var sources: [String: String] = [:]
        for trunk in trunks {
            let host = trunk.address.host
            if let ip = (try? SocketAddress(ipAddress: host, port: 0))?.ipAddress
                ?? (try? SocketAddress.makeAddressResolvingHost(host, port: trunk.address.port))?.ipAddress {
                sources[ip] = sources[ip] ?? trunk.name
            }
            for extra in trunk.inboundAddresses {
                if let ip = (try? SocketAddress(ipAddress: extra, port: 0))?.ipAddress {
                    sources[ip] = sources[ip] ?? trunk.name
                }
            }
        }
        return sources
    }

    /// An INVITE outside any dialog. It is taken only from a trunk's address
    /// (anything else gets 403 with no hint why, RFC 3261 §21.4.4), then answered
    /// by the configured inbound destination.
    func receiveInboundInvite(_ invite: SIPRequest, from: Endpoint) {
        guard let callID = invite.callID else { return }
        let trunk: TrunkConfig
        switch recognizeTrunk(invite, from: from) {
        case .trunk(let found):
            trunk = found
        case .challenge(let response):
            respond(to: invite, response)
            return
        case .refused(let why):
            // The same 403 whatever failed, so a scan learns nothing (RFC 3261 §26.3.2.4).
            logger.notice("INVITE refused", metadata: ["from": "\(from)", "why": "\(why)"])
            sourceFailed(from)
            respond(to: invite, invite.makeResponse(status: 403, reason: "Forbidden", toTag: SIPIdentifiers.newTag()))
            return
        }
        if draining { return refuseWhileDraining(invite) }
        if !admitsNewCall(from: "trunk") { return refuseOverloaded(invite) }
        // The call's id from here on, so every log line about it carries it.
        let key = UUID().uuidString.lowercased()
        let dialed = invite.uri.user ?? invite.to?.uri.user ?? ""
        var route: InboundRoute
        if let active = dialplans.current, active.routesTrunkCalls {
            let decision = active.dialplan.entry(for: .trunk(name: trunk.name, did: dialed), dialed: dialed)
            guard let context = decision.context else {
                // RFC 3261 §21.4.4: no entry point answers this number.
                logger.notice("no dialplan entry for a call from a trunk", metadata: [
                    "call": "\(key)", "trunk": "\(trunk.name)", "to": "\(dialed)", "why": "\(decision.reason)"])
                respond(to: invite, invite.makeResponse(status: 404, reason: "Not Found", toTag: SIPIdentifiers.newTag()))
                return
            }
            let caller = CallerID(number: invite.from?.uri.user ?? "anonymous", name: invite.from?.displayName)
            route = .dialplan(DialplanRun(dialplan: active.dialplan, context: context, number: decision.number, caller: caller),
                              active.prompts)
            logger.info("call from trunk enters the dialplan", metadata: [
                "call": "\(key)", "trunk": "\(trunk.name)", "to": "\(dialed)", "context": "\(context)", "why": "\(decision.reason)"])
        } else if config.calls.inboundDestination == .echo {
            route = .echo
        } else {
            logger.notice("calls from trunks are refused (calls.inbound_destination)", metadata: [
                "call": "\(key)", "trunk": "\(trunk.name)", "to": "\(dialed)"])
            respond(to: invite, invite.makeResponse(status: 480, reason: "Temporarily Unavailable",
                                                    toTag: SIPIdentifiers.newTag()))
            return
        }
        if let refusal = admitInboundCall(key, trunk: trunk) {
            refusedOverLimit(refusal, ["call": "\(key)", "trunk": "\(trunk.name)", "to": "\(dialed)"])
            return refuseOverLimit(invite, refusal)
        }
        pendingInbound[callID] = PendingInbound(key: key)
        callKeysBySIPCallID[callID] = key
        // RFC 3261 §17.2.1: a provisional response at once stops the caller's retransmissions.
        respond(to: invite, invite.makeResponse(status: 100, reason: "Trying"))
        Task { await self.answerInbound(invite, trunk: trunk, key: key, callID: callID, route: route) }
    }

    private func answerInbound(_ invite: SIPRequest, trunk: TrunkConfig, key: String, callID: String, route: InboundRoute) async {
        let media: TrunkCallMedia
        do {
            media = try await mediaFactory.openTrunkCall(callKey: key, silenceTimeout: trunk.rtpTimeout,
                                                       jitterBuffer: trunk.jitterBufferMilliseconds)
        } catch {
            pendingInbound[callID] = nil
            callKeysBySIPCallID[callID] = nil
            releaseLimits(key)
            logger.error("no media port for an inbound call", metadata: ["call": "\(key)", "error": "\(error)"])
            respond(to: invite, invite.makeResponse(status: 503, reason: "Service Unavailable",
                                                    toTag: SIPIdentifiers.newTag()))
            return
        }
        if case .echo = route { media.startEcho() }
        let pending = pendingInbound.removeValue(forKey: callID)
        var destination = Gateway.InboundDestination.echo
        if case .dialplan = route { destination = .dialplan }
        var plan = InboundCallPlan(
            trunkName: trunk.name, destination: destination, local: localSIP(for: trunk.transport),
            mediaAddress: config.media.publicAddress, mediaPort: media.trunkPort ?? 0,
            codecs: trunk.target.codecs, localTag: SIPIdentifiers.newTag(),
            sdpSessionID: UInt64.random(in: 1...UInt64(Int64.max)),
            transactionTimeout: transactions.timers.t1 * 64)
        plan.disconnectInterval = config.calls.disconnectInterval
        var call = InboundCall(invite: invite, plan: plan)
        callTotals.callStarted(key, direction: "inbound", at: clock.now)
        recorder.started(CallRecord(
            id: key, direction: "inbound", webIdentity: nil,
            destination: call.dialedNumber ?? "", trunk: trunk.name, sipCallId: callID, startedAt: Date()))
        logger.info("call from trunk", metadata: ["call": "\(key)", "trunk": "\(trunk.name)",
                                                 "from": "\(call.callerNumber ?? "-")", "to": "\(call.dialedNumber ?? "-")"])
        var actions: [CallAction]
        if pending?.cancelled == true {
            actions = call.handle(.cancelled, now: clock.now)
        } else {
            actions = call.start(now: clock.now)
        }
        let waits = call.isAwaitingAnswer
        calls[key] = ActiveCall(key: key, web: nil, logic: .inbound(call), media: media, sipCallID: callID)
        calls[key]?.countedTrunk = trunk.name
        perform(actions, for: key)
        if waits, case .dialplan(let run, let prompts) = route {
            startScript(run, prompts: prompts, for: key)
        }
    }

    /// A CANCEL for an INVITE still being answered: remembered until the call exists.
    func cancelPendingInbound(callID: String) -> Bool {
        guard pendingInbound[callID] != nil else { return false }
        pendingInbound[callID]?.cancelled = true
        return true
    }
}

/// What answers a call from a trunk.
enum InboundRoute: Sendable {
    /// The gateway's echo test (`calls.inbound_destination: echo`), when no dialplan entry matches.
    case echo
    /// The dialplan, with the prompts of the version the call starts with.
    case dialplan(DialplanRun, PromptLibrary)
}

/// An inbound INVITE whose media is being set up.
struct PendingInbound: Sendable {
    let key: String
    var cancelled = false
}
