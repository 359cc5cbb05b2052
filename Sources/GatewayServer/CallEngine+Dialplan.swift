import CoreTypes
import Dialplan
import Foundation
import Gateway

/// A call's walk through the dialplan, and its one timer (menu and digit timeouts).
struct CallScript: Sendable {
    var run: DialplanRun
    var timer: (id: Int, deadline: Instant)?
}

/// Carrying out what a call's dialplan asks: answer, prompts, digits, timers, echo, hangup.
extension CallEngine {
    var dialplanTime: DialplanTime { DialplanTime(instant: clock.now, wall: Date()) }

    /// Starts the script of a call that already exists in `calls`.
    func startScript(_ run: DialplanRun, for key: String) {
        guard calls[key] != nil else { return }
        var run = run
        let actions = run.start(at: dialplanTime)
        calls[key]?.script = CallScript(run: run)
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
            let media = call.media as? TrunkCallMedia
            switch action {
            case .answer:
                guard case .inbound(var inbound) = call.logic else { continue }
                let callActions = inbound.answer(now: clock.now)
                calls[key]?.logic = .inbound(inbound)
                perform(callActions, for: key)
            case .play(let items):
                media?.play(items)
            case .stopPlayback:
                media?.stopPlayback()
            case .startTimer(let id, let deadline):
                calls[key]?.script?.timer = (id, deadline)
            case .cancelTimer:
                calls[key]?.script?.timer = nil
            case .dial(let request):
                // Calls from trunks are answered by the gateway; bridging them to another
                // trunk is not supported, so the dialplan goes on as after a failed dial.
                logger.warning("dial from a call that came from a trunk is not supported",
                               metadata: ["call": "\(key)", "number": "\(request.number)"])
                followUps.append(.dialFailed(cause: HangupCause.serviceUnavailable.rawValue))
            case .echo:
                media?.startEcho()
            case .hangup(let cause):
                calls[key]?.script?.timer = nil
                drive(key, .webHangup(HangupCause(rawValue: cause) ?? .normalClearing))
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
