import CoreTypes
import Foundation

/// One call's walk through the dialplan: routing, menus, digit collection and dialing.
///
/// A protocol core: it never touches audio, sockets or clocks. The runtime feeds it events
/// (a key pressed, a prompt finished, its timer fired, a dial failed) with the time they
/// happened, and carries out the actions it returns (play this, start a timer, dial that).
/// Tests drive it the same way with a manual clock.
public struct DialplanRun: Sendable {
    public let dialplan: Dialplan
    /// Call variables: built-ins, regex captures, `set` and `collect` results.
    public internal(set) var variables: [String: String]
    /// The caller ID a `dial` presents; changed by `caller` steps.
    public internal(set) var caller: CallerID
    /// One line per decision, for logs, call records and `gatewayd dialplan route`.
    public internal(set) var trace: [String] = []
    public internal(set) var isAnswered = false
    /// Every context the call was routed in, in order (the start context first).
    public internal(set) var contextsEntered: [String] = []
    /// Every menu the call entered, in order.
    public internal(set) var menusEntered: [String] = []
    /// Every key the caller pressed while a menu or a `collect` listened, oldest first, at
    /// most `keysLimit` (later keys are dropped): agents see how the caller got to them.
    public internal(set) var keys = ""
    public internal(set) var state: State = .idle

    public enum State: Sendable, Hashable {
        case idle
        case playing
        case inMenu(String)
        case collecting(String)
        case dialing
        /// Handed over for good: bridged to a dialed party or echoing.
        case connected
        case finished(cause: String)
    }

    var context: String
    var stack: [Frame] = []
    var menu: MenuProgress?
    var collect: CollectProgress?
    /// The id of the last timer asked for; ids only grow.
    var timerID = 0
    /// The timer running now: a cancelled or fired timer's late event is ignored.
    var runningTimer: Int?
    /// Trace lines dropped from the middle once the trace is full.
    var omittedTraceLines = 0
    /// The cause of the last failed `dial` or `agents` step: the call ends with it when no step is left.
    var lastDialFailure: String?
    /// True while an `agents` step waits (state `.dialing`), so traces say which step ended.
    var ringingAgents = false
    var stepsSinceWait = 0
    let origin: EntryDecision
    /// The kind of the context the call entered first: a web user stays under the web
    /// policy (no international without a rule that allows it) after any goto.
    let originKind: Context.Kind
    /// The rule the last routing matched; its `allow:` and pattern apply to its dials.
    var matchedRule: Rule?

    /// Steps run without waiting for the caller before the call is ended as a loop.
    static let stepBudget = 1000
    /// Most lines kept in `trace`.
    static let traceLimit = 200
    /// Most keys kept in `keys`.
    public static let keysLimit = 32

    public init(dialplan: Dialplan, context: String, number: String, caller: CallerID) {
        self.dialplan = dialplan
        self.context = context
        self.caller = caller
        self.origin = EntryDecision(context: context, number: number, reason: "")
        self.originKind = dialplan.contexts[context]?.kind ?? .web
        self.variables = ["dialed": number, "caller": caller.number, "caller_name": caller.name ?? "", "context": context]
    }

    /// Routes the number in the start context and runs until the first wait.
    public mutating func start(at time: DialplanTime) -> [DialplanAction] {
        var actions: [DialplanAction] = []
        enter(context: context, number: origin.number)
        runSteps(time: time, actions: &actions)
        return actions
    }

    /// Applies one event; returns what the runtime must do next.
    public mutating func handle(_ event: DialplanEvent, at time: DialplanTime) -> [DialplanAction] {
        var actions: [DialplanAction] = []
        stepsSinceWait = 0
        switch (event, state) {
        case (.callEnded, _):
            if case .finished = state {} else { state = .finished(cause: "normal_clearing") }
            runningTimer = nil
            return []
        case (.digit(let key), .inMenu):
            recordKey(key)
            menuDigit(key, time: time, actions: &actions)
        case (.digit(let key), .collecting):
            recordKey(key)
            collectDigit(key, time: time, actions: &actions)
        case (.playbackFinished, .playing):
            runSteps(time: time, actions: &actions)
        case (.playbackFinished, .inMenu):
            menuPlaybackFinished(time: time, actions: &actions)
        case (.playbackFinished, .collecting):
            collectPlaybackFinished(time: time, actions: &actions)
        case (.timer(let id), .inMenu) where id == runningTimer:
            runningTimer = nil
            menuTimeout(time: time, actions: &actions)
        case (.timer(let id), .collecting) where id == runningTimer:
            runningTimer = nil
            collectTimeout(time: time, actions: &actions)
        case (.dialFailed(let cause), .dialing):
            lastDialFailure = cause
            note("\(ringingAgents ? "agents" : "dial") failed: \(cause)")
            ringingAgents = false
            runSteps(time: time, actions: &actions)
        case (.dialAnswered, .dialing):
            note(ringingAgents ? "agents: an agent answered" : "dial answered")
            ringingAgents = false
            state = .connected
        default:
            break  // a key while a prompt plays, a stale timer, an event after the end
        }
        return actions
    }

    /// Keeps a key the caller pressed, up to `keysLimit`.
    mutating func recordKey(_ key: Character) {
        if keys.count < Self.keysLimit { keys.append(key) }
    }

    /// Adds a trace line. A full trace keeps its first half and its latest lines, with one
    /// line counting those left out between: the end says why the call ended.
    mutating func note(_ line: String) {
        guard trace.count >= Self.traceLimit else {
            trace.append(line)
            return
        }
        let marker = Self.traceLimit / 2
        if omittedTraceLines == 0 { omittedTraceLines = 1 }  // the line at `marker` gives way to the count
        trace.remove(at: marker + 1)
        omittedTraceLines += 1
        trace[marker] = "... \(omittedTraceLines) lines left out"
        trace.append(line)
    }
}

/// When an event happened: the monotonic instant for timers, the wall clock for schedules.
public struct DialplanTime: Sendable, Hashable {
    public var instant: Instant
    public var wall: Date

    public init(instant: Instant, wall: Date) {
        self.instant = instant
        self.wall = wall
    }
}

public enum DialplanEvent: Sendable, Hashable {
    /// A key from RFC 4733, SIP INFO, in-band detection or the browser's pad.
    case digit(Character)
    /// The last `play` action finished (not sent after `stopPlayback`).
    case playbackFinished
    /// The timer of a `startTimer` with this id fired.
    case timer(Int)
    /// Every trunk of the last `dial` failed before answer, or no agent took the call of an
    /// `agents` step, with the hangup cause (for agents: `no_answer`, `user_busy`,
    /// `unallocated_number`).
    case dialFailed(cause: String)
    /// The last `dial` was answered, or an agent answered the `agents` step.
    case dialAnswered
    /// The caller hung up.
    case callEnded
}

public enum DialplanAction: Sendable, Hashable {
    /// Answer the call before media (implied before the first prompt).
    case answer
    /// Play these items, replacing anything playing; report `playbackFinished` at the end.
    case play([PlayItem])
    case stopPlayback
    /// Fire `.timer(id)` at `deadline`; a newer timer replaces an older one.
    case startTimer(id: Int, deadline: Instant)
    case cancelTimer
    case dial(DialRequest)
    /// Ring agents (see `AgentsRequest`); report `dialAnswered` when one answers (the call is
    /// connected) or `dialFailed(cause:)` when none took it (the next steps run).
    case agents(AgentsRequest)
    case echo
    case hangup(cause: String)
}

/// Everything the runtime needs to place the outgoing leg.
public struct DialRequest: Sendable, Hashable {
    public var trunks: [String]
    /// The number as the trunk receives it (after `number` and `rewrite`).
    public var number: String
    public var caller: CallerID
    public var answerTimeoutSeconds: Int?
    public var maxDurationSeconds: Int?
}
