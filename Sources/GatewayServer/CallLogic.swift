import CallLinks
import CoreTypes
import Gateway
import Media

/// The state machine behind one call, whichever kind it is.
enum CallLogic: Sendable {
    case outbound(OutboundCall)
    case echo(EchoCall)
    case inbound(InboundCall)

    mutating func start(now: Instant) -> [CallAction] {
        switch self {
        case .outbound(var call): defer { self = .outbound(call) }; return call.start(now: now)
        case .echo(var call): defer { self = .echo(call) }; return call.start(now: now)
        case .inbound(var call): defer { self = .inbound(call) }; return call.start(now: now)
        }
    }

    mutating func handle(_ event: CallEvent, now: Instant) -> [CallAction] {
        switch self {
        case .outbound(var call): defer { self = .outbound(call) }; return call.handle(event, now: now)
        case .echo(var call): defer { self = .echo(call) }; return call.handle(event, now: now)
        case .inbound(var call): defer { self = .inbound(call) }; return call.handle(event, now: now)
        }
    }

    var nextDeadline: Instant? {
        switch self {
        case .outbound(let call): return call.nextDeadline
        case .echo(let call): return call.nextDeadline
        case .inbound(let call): return call.nextDeadline
        }
    }

    /// The SIP side (if any) has nothing left to do.
    var isFinished: Bool {
        switch self {
        case .outbound(let call): return call.isFinished
        case .echo(let call): return call.isFinished
        case .inbound(let call): return call.isFinished
        }
    }

    /// How the call ended, once it has.
    var end: CallEnd? {
        switch self {
        case .outbound(let call): return call.end
        case .echo(let call): return call.end
        case .inbound(let call): return call.end
        }
    }

    /// The web side has ended (its end state was sent).
    var hasEnded: Bool {
        switch self {
        case .outbound(let call): return call.end != nil
        case .echo(let call): return call.end != nil
        case .inbound(let call): return call.end != nil
        }
    }
}

/// A call the engine holds: its logic, its media and who it belongs to.
struct ActiveCall: Sendable {
    let key: String
    /// The signaling connection and the browser's id for the call, when a web user is in it.
    /// Replaced when a dropped browser comes back on another connection.
    var web: WebLeg?
    var logic: CallLogic {
        didSet { logicDeadline = logic.nextDeadline }
    }
    var media: (any CallMedia)?
    /// Set when the call gets a SIP leg (at start, or when a dialplan menu dials out).
    var sipCallID: String?
    /// The dialplan run of a call the gateway answers itself (menus, prompts).
    var script: CallScript? = nil {
        didSet { scriptDeadline = script?.timer?.deadline }
    }
    /// `logic.nextDeadline` and the script's timer, kept as plain fields: the engine looks
    /// at every call's deadlines after each event, and reading them through `logic` copies
    /// the call's whole state (EngineTimer.swift).
    private(set) var logicDeadline: Instant?
    private(set) var scriptDeadline: Instant?
    /// While the call rings agents or waits for one (the dialplan's `agents` step).
    var queueing: QueueWait? = nil
    /// The agent who answered the call, until it ends.
    var agent: String? = nil
    /// The other call of a relayed pair: a web user's call and the leg of the agent who
    /// answered it. Ending one ends the other.
    var peer: String? = nil
    /// The agent who placed this call from their console: busy for calls until it ends.
    var placedByAgent: String? = nil
    /// The last key from each side, to drop its copy arriving another way (CallEngine+DTMF).
    var digitEcho: DigitEcho? = nil
    /// What the trunk's SDP selected last (codec, telephone-event), for the DTMF method.
    var trunkAnswer: TrunkSDP.Answer? = nil
    /// The latest RTCP figures of each leg (CallEngine+Quality.swift).
    let quality = LegQualityReports()
    /// The tone the browser hears after a refusal without audio (CallEngine+EndTone.swift).
    var endTone: ProgressTone? = nil
    /// The trunk the call counts against for `trunks[].max_calls` (CallEngine+Limits.swift).
    var countedTrunk: String? = nil
    /// The `maxplaybackrate` the browser was answered with; a resumed browser gets the same.
    var browserPlaybackRate: Int? = nil
    /// The operator-made call link the call came through (a one-time link is spent when it is answered).
    var storedLink: CallLinkDefinition? = nil

    init(key: String, web: WebLeg?, logic: CallLogic, media: (any CallMedia)?, sipCallID: String?) {
        self.key = key
        self.web = web
        self.logic = logic
        self.media = media
        self.sipCallID = sipCallID
        logicDeadline = logic.nextDeadline
    }

    /// The deadlines, read through a mutating access that changes nothing. Why: a
    /// dictionary's (and its `values`') getter hands out a copy of the whole call, retaining
    /// every field, while its modify accessor lends the stored value in place; the engine
    /// reads every call's deadlines after each event (EngineTimer.swift), and under a
    /// backlog of set-ups those copies took most of its time.
    mutating func deadlinesInPlace() -> (logic: Instant?, script: Instant?, next: Instant?) {
        (logicDeadline, scriptDeadline, nextDeadline)
    }

    /// The earlier of the call logic's next deadline and its script's timer.
    var nextDeadline: Instant? { Instant.earliest(logicDeadline, scriptDeadline) }

    /// Whether the browser dropped off and the call waits for it.
    var isReconnecting: Bool {
        switch logic {
        case .outbound(let call): return call.isReconnecting
        case .inbound(let call): return call.isReconnecting
        case .echo: return false
        }
    }

    /// Whether a dropped browser may take this call back with a resume token: a call to a
    /// phone, or a phone's call an agent answered, while it lasts.
    var survivesBrowserDrop: Bool {
        guard script == nil, media is MediaSession else { return false }
        switch logic {
        case .outbound(let call): return call.end == nil
        case .inbound(let call): return call.hasAgent && call.end == nil
        case .echo: return false
        }
    }

    struct WebLeg: Sendable {
        let connectionID: Int
        let callID: String
    }
}
