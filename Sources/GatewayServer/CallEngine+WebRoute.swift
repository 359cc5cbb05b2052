import Config
import CoreTypes
import Dialplan
import Foundation
import Gateway

/// Where a web user's call goes, decided before any media is opened.
enum WebRoute: Sendable {
    case echo
    /// The gateway answers and the dialplan runs the call (prompts, menus, digits).
    case script(DialplanRun, PromptLibrary)
    case trunks([TrunkConfig], number: String?, caller: CallerID?, answerTimeout: Duration?, maxDuration: Duration?,
                disconnectInterval: Duration? = nil)
    /// The dialplan ended the call before it started, with this cause.
    case refused(HangupCause, why: String)
    /// Nothing can carry the call (no trunk configured, or a step web calls cannot run yet).
    case unavailable(String)

    /// The gateway answers the call itself: the echo test or a dialplan's prompts.
    var isAnsweredByGateway: Bool {
        switch self {
        case .echo, .script: return true
        default: return false
        }
    }

    var trunks: [TrunkConfig] {
        if case .trunks(let list, _, _, _, _, _) = self { return list }
        return []
    }

    /// The number the call goes to, when routing chose it (a call link's, a rewritten one).
    var number: String? {
        switch self {
        case .trunks(_, let number, _, _, _, _): return number
        case .script(let run, _): return run.variables["dialed"]
        default: return nil
        }
    }

    var caller: CallerID? {
        if case .trunks(_, _, let caller, _, _, _) = self { return caller }
        return nil
    }

    var answerTimeout: Duration? {
        if case .trunks(_, _, _, let timeout, _, _) = self { return timeout }
        return nil
    }

    /// A call link's own disconnect window, when it sets one.
    var disconnectInterval: Duration? {
        if case .trunks(_, _, _, _, _, let interval) = self { return interval }
        return nil
    }

    var maxDuration: Duration? {
        if case .trunks(_, _, _, _, let duration, _) = self { return duration }
        return nil
    }
}

extension CallEngine {
    /// Routes by the dialplan when it has web entry points, else by `calls.echo_test_number`
    /// and `calls.default_trunk` / `fallback_trunks`.
    func webRoute(to number: String, identity: String, link: String? = nil) -> WebRoute {
        guard let active = dialplans.current, active.routesWebCalls else {
            if link != nil { return .unavailable("Call links need a dialplan with entry.web.call_links.") }
            if let echo = config.calls.echoTestNumber, !echo.isEmpty, echo == number { return .echo }
            let route = outboundRoute()
            guard !route.isEmpty else { return .unavailable("No trunk is configured for phone numbers (calls.default_trunk).") }
            return .trunks(route, number: nil, caller: nil, answerTimeout: nil, maxDuration: nil)
        }
        let decision = active.dialplan.entry(for: .web(identity: identity, classes: [], callLink: link), dialed: number)
        guard let context = decision.context else {
            return .refused(.callRejected, why: decision.reason)
        }
        let fresh = DialplanRun(dialplan: active.dialplan, context: context, number: decision.number,
                                caller: CallerID(number: identity))
        // A trial run up to the first wait tells which kind of call this is.
        var run = fresh
        let actions = run.start(at: dialplanTime)
        for action in actions {
            switch action {
            case .answer, .cancelTimer, .stopPlayback:
                continue
            case .echo:
                return .echo
            case .hangup(let cause):
                return .refused(HangupCause(rawValue: cause) ?? .callRejected, why: run.trace.joined(separator: "; "))
            case .dial(let request):
                let trunks = available(request.trunks.compactMap { config.trunk(named: $0) })
                guard !trunks.isEmpty else { return .unavailable("The dialplan names no configured trunk.") }
                let caller = request.caller.number == identity && request.caller.name == nil && !request.caller.privacy
                    ? nil : request.caller
                return .trunks(trunks, number: request.number, caller: caller,
                               answerTimeout: request.answerTimeoutSeconds.map { .seconds($0) },
                               maxDuration: request.maxDurationSeconds.map { .seconds($0) },
                               disconnectInterval: link.flatMap { active.dialplan.entry.callLinks[$0]?.disconnectIntervalSeconds }
                                   .map { .seconds($0) })
            case .play, .startTimer:
                return .script(fresh, active.prompts)
            }
        }
        return .refused(.normalClearing, why: "the dialplan ended without a destination")
    }

    /// The trunks whose keep-alive says they are up, in order; all of them if none is.
    func available(_ trunks: [TrunkConfig]) -> [TrunkConfig] {
        let up = trunks.filter { monitors[$0.name]?.isAvailable ?? true }
        return up.isEmpty ? trunks : up
    }
}
