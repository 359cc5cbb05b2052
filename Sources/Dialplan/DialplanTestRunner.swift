import CoreTypes
import Foundation

/// Runs the `tests:` cases of a loaded dialplan (what `gatewayd dialplan test` prints, and
/// what every reload runs before it is accepted).
///
/// Each case is a simulated call through `DialplanRun`: prompts finish at once, the case's
/// `keys` are pressed one by one whenever a menu or a digit collection waits, timers fire
/// when no key is left, and the first dial or `agents` step is taken as where the call goes.
public enum DialplanTests {
    public struct Result: Sendable, Hashable {
        public var testCase: DialplanTestCase
        public var route: RouteResult
        /// What the simulated call did, for messages and `route` output.
        public var outcome: SimulatedCall
        /// What did not hold, one line each; empty when the case passed.
        public var failures: [String]
        public var passed: Bool { failures.isEmpty }
    }

    /// Where a simulated call went.
    public struct SimulatedCall: Sendable, Hashable {
        public var firstTrunk: String?
        public var dialed: String?
        /// The first `agents` step: its group, or the agent its `agent:` gives.
        public var agents: String?
        public var hangup: String?
        public var echo = false
        public var contexts: [String] = []
        public var menus: [String] = []
        /// Keys the call never asked for.
        public var unusedKeys = ""
    }

    /// A Tuesday afternoon in most time zones, so office-hours schedules are open by default.
    public static let defaultTime = Date(timeIntervalSince1970: 1_767_711_600)   // 2026-01-06T15:00:00Z

    public static func run(_ dialplan: Dialplan) -> [Result] {
        dialplan.testCases.map { run($0, in: dialplan) }
    }

    public static func run(_ testCase: DialplanTestCase, in dialplan: Dialplan) -> Result {
        let route = dialplan.route(context: testCase.from, number: testCase.to)
        let outcome = simulate(testCase, in: dialplan)
        let expect = testCase.expect
        var failures: [String] = []
        func check(_ what: String, _ expected: String?, _ actual: String?) {
            if let expected, expected != actual {
                failures.append("expected \(what) \(expected), got \(actual ?? "none")")
            }
        }
        check("dial", expect.dial, outcome.firstTrunk)
        check("dialed", expect.dialed, outcome.dialed)
        check("agents", expect.agents, outcome.agents)
        check("hangup", expect.hangup, outcome.hangup)
        if let goto = expect.goto, !outcome.contexts.dropFirst().contains(goto) {
            failures.append("expected goto \(goto), got \(outcome.contexts.dropFirst().joined(separator: ", ").nonEmpty ?? "none")")
        }
        if let menu = expect.menu, !outcome.menus.contains(menu) {
            failures.append("expected menu \(menu), got \(outcome.menus.joined(separator: ", ").nonEmpty ?? "none")")
        }
        if let echo = expect.echo, echo != outcome.echo {
            failures.append(echo ? "expected the echo test, but the call did not reach it" : "expected no echo test, but the call reached it")
        }
        check("number", expect.number, route.normalized)
        check("refused", expect.refused, route.refusal.map(refusalName))
        if !outcome.unusedKeys.isEmpty {
            failures.append("keys \(outcome.unusedKeys) were never asked for")
        }
        return Result(testCase: testCase, route: route, outcome: outcome, failures: failures)
    }

    /// Plays the call through, at most 500 events (a menu waiting forever ends by timeouts).
    static func simulate(_ testCase: DialplanTestCase, in dialplan: Dialplan) -> SimulatedCall {
        var run = DialplanRun(dialplan: dialplan, context: testCase.from, number: testCase.to,
                              caller: CallerID(number: testCase.caller ?? "+10000000000"))
        var outcome = SimulatedCall()
        var keys = Array(testCase.keys)
        var seconds: Int64 = 0
        var playing = false
        var timer: (id: Int, at: Int64)?
        func time() -> DialplanTime {
            DialplanTime(instant: .seconds(seconds), wall: (testCase.at ?? defaultTime).addingTimeInterval(TimeInterval(seconds)))
        }
        func apply(_ actions: [DialplanAction]) {
            for action in actions {
                switch action {
                case .play: playing = true
                case .stopPlayback: playing = false
                case .startTimer(let id, let deadline): timer = (id, deadline.nanoseconds / 1_000_000_000)
                case .cancelTimer: timer = nil
                case .dial(let request):
                    if outcome.firstTrunk == nil {
                        outcome.firstTrunk = request.trunks.first
                        outcome.dialed = request.number
                    }
                case .agents(let request):
                    if outcome.agents == nil {
                        switch request.target {
                        case .group(let name): outcome.agents = name
                        case .agent(let agent): outcome.agents = agent
                        }
                    }
                case .echo: outcome.echo = true
                case .hangup(let cause): outcome.hangup = cause
                case .answer: break
                }
            }
        }
        // The next thing the caller or the media would do, or nil once the call no longer waits
        // for either (dialing or ringing agents, bridged, echoing, ended). Prompts play to their end before a
        // key is pressed, so a key never lands in an "invalid input" notice.
        func nextEvent() -> DialplanEvent? {
            switch run.state {
            case .playing:
                playing = false
                return .playbackFinished
            case .inMenu, .collecting:
                if playing {
                    playing = false
                    return .playbackFinished
                }
                if !keys.isEmpty { return .digit(keys.removeFirst()) }
                guard let pending = timer else { return nil }
                seconds = max(seconds, pending.at)
                timer = nil
                return .timer(pending.id)
            default:
                return nil
            }
        }
        apply(run.start(at: time()))
        for _ in 0..<500 {
            guard let event = nextEvent() else { break }
            apply(run.handle(event, at: time()))
        }
        outcome.contexts = run.contextsEntered
        outcome.menus = run.menusEntered
        outcome.unusedKeys = String(keys)
        return outcome
    }

    static func refusalName(_ refusal: Refusal) -> String {
        switch refusal {
        case .premium: return "premium"
        case .international: return "international"
        case .noMatchingRule: return "no_match"
        case .invalidNumber: return "invalid_number"
        case .unknownContext: return "unknown_context"
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
