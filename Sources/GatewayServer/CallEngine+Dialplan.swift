import CoreTypes
import Dialplan
import Foundation
import Gateway
import Store

/// A call's walk through the dialplan, and its one timer (menu and digit timeouts).
struct CallScript: Sendable {
    var run: DialplanRun
    /// The prompts of the dialplan version the call started with.
    let prompts: PromptLibrary
    var timer: (id: Int, deadline: Instant)?
}

/// Carrying out what a call's dialplan asks: answer, prompts, digits, timers, echo, hangup.
extension CallEngine {
    var dialplanTime: DialplanTime { DialplanTime(instant: clock.now, wall: Date()) }

    /// Starts the script of a call that already exists in `calls`.
    func startScript(_ run: DialplanRun, prompts: PromptLibrary, for key: String) {
        guard calls[key] != nil else { return }
        var run = run
        let actions = run.start(at: dialplanTime)
        calls[key]?.script = CallScript(run: run, prompts: prompts)
        performScript(actions, for: key)
    }

    /// Feeds one event to the call's script, if it has one; returns false if not.
    @discardableResult
    func driveScript(_ key: String, _ event: DialplanEvent) -> Bool {
        guard var script = calls[key]?.script else { return false }
        let actions = script.run.handle(event, at: dialplanTime)
        calls[key]?.script = script
        performScript(actions, for: key)
        return true
    }

    func performScript(_ actions: [DialplanAction], for key: String) {
        var followUps: [DialplanEvent] = []
        for action in actions {
            guard let call = calls[key] else { return }
            let media = call.media as? any ScriptMedia
            switch action {
            case .answer:
                // A web call is answered by the gateway from its start (EchoCall).
                guard case .inbound(var inbound) = call.logic else { continue }
                let callActions = inbound.answer(now: clock.now)
                calls[key]?.logic = .inbound(inbound)
                perform(callActions, for: key)
            case .play(let items):
                guard let media, let prompts = call.script?.prompts else { continue }
                media.play(prompts.playback(items, sampleRate: media.promptSampleRate))
            case .stopPlayback:
                media?.stopPlayback()
            case .startTimer(let id, let deadline):
                calls[key]?.script?.timer = (id, deadline)
            case .cancelTimer:
                calls[key]?.script?.timer = nil
            case .dial(let request):
                if let refusal = menuDialRefusal(key, request) {
                    followUps.append(.dialFailed(cause: refusal.rawValue))
                    continue
                }
                if dialFromMenu(key, request) { return }
                // A call from a trunk that the gateway answered cannot be bridged on to
                // another trunk: the dialplan goes on as after a failed dial.
                logger.warning("dial from a call that came from a trunk is not supported",
                               metadata: ["call": "\(key)", "number": "\(request.number)"])
                followUps.append(.dialFailed(cause: HangupCause.serviceUnavailable.rawValue))
            case .agents(let request):
                if enterAgents(key, request) { continue }
                // A web user's call to agents is not relayed browser to browser yet.
                logger.warning("agents step on a call from a web user is not supported",
                               metadata: ["call": "\(key)"])
                followUps.append(.dialFailed(cause: HangupCause.serviceUnavailable.rawValue))
            case .echo:
                media?.startEcho()
            case .hangup(let cause):
                calls[key]?.script?.timer = nil
                let hangupCause = HangupCause(rawValue: cause) ?? .normalClearing
                if case .echo(var echo) = call.logic {
                    let callActions = echo.endByGateway(hangupCause)
                    calls[key]?.logic = .echo(echo)
                    perform(callActions, for: key)
                } else {
                    drive(key, .webHangup(hangupCause))
                }
            }
        }
        for event in followUps { driveScript(key, event) }
        rescheduleTimer()
    }

    /// Why a menu's `dial` cannot go out for this web user: a number outside the token's
    /// `numbers` grant (call_rejected), or every trunk of the step at its `max_calls`.
    private func menuDialRefusal(_ key: String, _ request: DialRequest) -> HangupCause? {
        guard let web = calls[key]?.web, let grants = connections[web.connectionID]?.grants else { return nil }
        guard grants.allowsNumber(request.number) else {
            logger.info("dial refused: outside the token's numbers grant",
                        metadata: ["call": "\(key)", "number": "\(request.number)", "identity": "\(grants.identity)"])
            return .callRejected
        }
        let trunks = request.trunks.compactMap { config.trunk(named: $0) }
        guard trunks.isEmpty || trunks.contains(where: { hasRoom(trunk: $0) }) else {
            logger.notice("dial refused: every trunk at its max_calls", metadata: ["call": "\(key)"])
            limitRefusals["trunk", default: 0] += 1
            return .serviceUnavailable
        }
        return nil
    }

    /// A web user's dialplan dials out after prompts or a menu: the call becomes an outbound
    /// call whose browser is already connected (it hears ringback, then the far end). From
    /// here the call ends with the dial's outcome; steps after the `dial` do not run.
    private func dialFromMenu(_ key: String, _ request: DialRequest) -> Bool {
        guard let call = calls[key], let web = call.web, case .echo = call.logic,
              let session = call.media as? MediaSession, let port = session.trunkPort,
              let identity = connections[web.connectionID]?.identity else { return false }
        let trunks = available(request.trunks.compactMap { config.trunk(named: $0) })
        guard let trunk = trunks.first else { return false }

        var plan = outboundPlan(TrunkRoute(request, trunks: trunks, identity: identity), trunk: trunk,
                                identity: identity, dialed: request.number, mediaPort: port)
        plan.browserAlreadyConnected = true
        session.bridgeToTrunk()
        var outbound = OutboundCall(plan: plan, now: clock.now)
        let actions = outbound.start(now: clock.now)
        calls[key]?.logic = .outbound(outbound)
        calls[key]?.script = nil
        countOnTrunk(key, trunk.name)
        calls[key]?.sipCallID = plan.sipCallID
        callKeysBySIPCallID[plan.sipCallID] = key
        logger.info("dialplan dials out", metadata: ["call": "\(key)", "number": "\(request.number)", "trunk": "\(trunk.name)"])
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: "dialed", detail: "\(request.number) via \(trunk.name)"))
        perform(actions, for: key)
        issueResumeToken(for: key)
        return true
    }

    /// The script timers that are due.
    func fireScriptTimers(now: Instant) {
        for key in callsDue(now: now, script: true) {
            guard let timer = calls[key]?.script?.timer, timer.deadline <= now else { continue }
            calls[key]?.script?.timer = nil
            driveScript(key, .timer(timer.id))
        }
    }
}
