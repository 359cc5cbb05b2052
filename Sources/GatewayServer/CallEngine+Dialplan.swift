import CoreTypes
import Dialplan
import Foundation
import Gateway

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
                // The gateway answered this call itself; bridging it on to a trunk is not
                // supported, so the dialplan goes on as after a failed dial.
                logger.warning("dial after the gateway answered (menu or prompt) is not supported",
                               metadata: ["call": "\(key)", "number": "\(request.number)"])
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

    /// The script timers that are due.
    func fireScriptTimers(now: Instant) {
        for (key, call) in calls {
            if let timer = call.script?.timer, timer.deadline <= now {
                calls[key]?.script?.timer = nil
                driveScript(key, .timer(timer.id))
            }
        }
    }

    var scriptDeadlines: [Instant?] { calls.values.map { $0.script?.timer?.deadline } }
}
