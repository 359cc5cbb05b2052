import CoreTypes
import Dialplan
import Foundation

/// A dialplan file as an operator might write (or mistype) it: loaded with the gateway's
/// trunk and prompt names and the default bounds. A refused file must point every finding
/// at a place inside the text. A loaded one has its `tests:` run, a few numbers routed
/// through every context, and one call per context driven by a manual clock through a
/// bounded script of keys, prompt ends, timers and failed dials.
enum DialplanHarness {
    static let references = DialplanReferences(trunks: ["carrier", "backup"], prompts: ["welcome", "sales"])
    /// E.164, a short code, a star code, an international prefix with spaces, nothing.
    static let numbers = ["+12125550100", "911", "*43", "0044 20 7946 0018", ""]
    /// Events fed to one call; the script repeats until the call ends or this many were sent.
    static let maxEvents = 50
    /// More actions than this for one event means a loop the step budget did not stop.
    static let maxActionsPerEvent = 2000
    /// Tuesday 2026-06-02 14:00 UTC, the wall clock schedules are judged at.
    static let wallStart = Date(timeIntervalSince1970: 1_780_408_800)

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let text = String(decoding: bytes, as: UTF8.self)
        let plan: Dialplan
        do {
            plan = try DialplanLoader.load(files: [DialplanFile(name: "fuzz.yaml", contents: text)],
                                           references: references, limits: DialplanLimits())
        } catch {
            checkFindings(error.findings, text: text)
            return .rejected
        }
        checkSelfTests(plan)
        for name in plan.contexts.keys.sorted() {
            for number in numbers {
                checkRoute(plan.route(context: name, number: number), in: plan, context: name, number: number)
            }
        }
        let unknown = plan.route(context: "no such context", number: "+12125550100")
        precondition(unknown.refusal == .unknownContext("no such context"), "an unknown context was routed")
        for (index, name) in plan.contexts.keys.sorted().enumerated() {
            driveCall(plan, context: name, number: numbers[index % numbers.count])
        }
        return .accepted
    }

    // MARK: Findings

    /// Every finding names the file and a place in it: a real line and column, or 0:0 for
    /// the whole file, never past the end of the text.
    static func checkFindings(_ findings: [DialplanFinding], text: String) {
        precondition(!findings.isEmpty, "a refused dialplan without findings")
        let lines = lineCount(text)
        var previous = (line: 0, column: 0)
        for finding in findings {
            precondition(finding.file == "fuzz.yaml", "finding in another file: \(finding)")
            precondition(!finding.problem.isEmpty, "finding without a problem")
            precondition(finding.line >= 0 && finding.column >= 0, "negative position: \(finding)")
            precondition(finding.line > 0 || finding.column == 0, "column without a line: \(finding)")
            precondition(finding.line == 0 || finding.column >= 1, "line without a 1-based column: \(finding)")
            precondition(finding.line <= lines + 1, "line \(finding.line) past the \(lines) lines of the text: \(finding)")
            // The loader sorts findings so they read top to bottom.
            precondition((previous.line, previous.column) <= (finding.line, finding.column), "findings out of order")
            previous = (finding.line, finding.column)
        }
    }

    /// Lines of `text` as the YAML reader counts them: CR LF, CR, LF, NEL, LS and PS each
    /// end one.
    static func lineCount(_ text: String) -> Int {
        var breaks = 0
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": if !afterCR { breaks += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": breaks += 1
            default: break
            }
            afterCR = scalar == "\r"
        }
        return breaks + 1
    }

    // MARK: Routing

    /// The file's own `tests:` cases see the same routes as a direct `route` call.
    static func checkSelfTests(_ plan: Dialplan) {
        let results = DialplanTests.run(plan)
        precondition(results.count == plan.testCases.count, "a test case without a result")
        for (result, testCase) in zip(results, plan.testCases) {
            precondition(result.testCase == testCase, "results out of order")
            let route = plan.route(context: testCase.from, number: testCase.to)
            precondition(result.route == route, "a test case routed differently from route()")
            checkRoute(route, in: plan, context: testCase.from, number: testCase.to)
        }
    }

    /// A refusal comes with exactly one hangup step and the reason agrees with the rules;
    /// otherwise the first rule that matches the normalized number runs, with its steps.
    static func checkRoute(_ route: RouteResult, in plan: Dialplan, context name: String, number: String) {
        precondition(route.context == name && route.dialed == number, "route of another call")
        let context = plan.contexts[name]
        let matching = context.flatMap { context in
            route.normalized.map { normalized in context.rules.firstIndex { $0.match.match(normalized) != nil } }
        } ?? nil
        if let refusal = route.refusal {
            precondition(route.steps == [.hangup(cause: refusal.cause)], "a refusal without exactly one hangup step")
            switch refusal {
            case .unknownContext: precondition(context == nil, "a known context refused as unknown")
            case .invalidNumber: precondition(route.normalized == nil, "an invalid number was normalized")
            case .noMatchingRule: precondition(route.normalized != nil && matching == nil, "no match although a rule matches")
            case .premium, .international:
                precondition(route.ruleIndex != nil && route.ruleIndex == matching, "a safety refusal names the wrong rule")
            }
            return
        }
        guard let context, let index = route.ruleIndex, context.rules.indices.contains(index) else {
            preconditionFailure("routed without a rule of the context")
        }
        let rule = context.rules[index]
        precondition(index == matching, "rule \(index) ran although rule \(String(describing: matching)) matches first")
        precondition(route.ruleLocation == rule.location && route.steps == rule.steps, "route does not run its rule")
    }

    // MARK: One call

    /// Starts a call in `context` and feeds it the script until it ends, is handed over, or
    /// `maxEvents` were sent. Every batch of actions is bounded and ends the call properly.
    static func driveCall(_ plan: Dialplan, context: String, number: String) {
        var run = DialplanRun(dialplan: plan, context: context, number: number,
                              caller: CallerID(number: "+14155550123", name: "Fuzz"))
        var now = Instant.zero
        var timer: (id: Int, deadline: Instant)?
        func time() -> DialplanTime {
            DialplanTime(instant: now, wall: wallStart.addingTimeInterval(Double(now.nanoseconds) / 1e9))
        }
        var actions = run.start(at: time())
        for step in 0...maxEvents {
            checkActions(actions, run: run)
            for case .startTimer(let id, let deadline) in actions { timer = (id, deadline) }
            switch run.state {
            case .finished:
                precondition(run.handle(.digit("1"), at: time()).isEmpty, "actions after the call ended")
                return
            case .connected:
                return  // bridged or echoing until the caller hangs up
            default:
                break
            }
            guard step < maxEvents else { return }
            now += .seconds(1)
            let event: DialplanEvent
            switch step % 6 {
            case 0: event = .digit("1")
            case 1: event = .digit("2")
            case 2: event = .digit("#")
            case 3: event = .playbackFinished
            case 4:
                if let timer, timer.deadline > now { now = timer.deadline }
                event = .timer(timer?.id ?? 0)
            default: event = .dialFailed(cause: "user_busy")
            }
            actions = run.handle(event, at: time())
        }
    }

    /// One event's actions: bounded, at most one hangup, which comes last and ends the call.
    static func checkActions(_ actions: [DialplanAction], run: DialplanRun) {
        precondition(actions.count < maxActionsPerEvent, "\(actions.count) actions for one event")
        precondition(run.trace.count <= 1000, "trace grows without bound")
        let hangups = actions.compactMap { action -> String? in
            if case .hangup(let cause) = action { return cause }
            return nil
        }
        guard let cause = hangups.first else { return }
        precondition(hangups.count == 1, "more than one hangup for one event")
        precondition(actions.last == .hangup(cause: cause), "actions after a hangup")
        precondition(run.state == .finished(cause: cause), "hung up without finishing the run")
    }
}
