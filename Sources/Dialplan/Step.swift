/// One thing a rule, menu option or branch does. Steps run in order.
///
/// `goto`, `menu`, `echo` and `hangup` hand the call over for good, so nothing may follow
/// them; a `dial` or `agents` step that fails before answer goes on with the next step (an
/// announcement, a second dial), one that is answered ends the list when the call ends.
public indirect enum Step: Sendable, Hashable {
    /// Answer the call (200 OK towards a trunk, "answered" towards a browser).
    case answer
    /// Play prompts and tones in order; digits pressed meanwhile are ignored.
    case play([PlayItem])
    /// Set a call variable; `value` may use `${name}` (see `Template`).
    case set(variable: String, value: Template)
    /// Change the caller ID shown to the far end.
    case caller(CallerChange)
    /// Dial out through trunks, trying each in order until one answers or rejects for good.
    case dial(DialStep)
    /// Ring agents signed in to the web console (a group, or one agent) and wait in a queue
    /// until one answers or the wait runs out; a step that fails goes on with the next one.
    case agents(AgentsStep)
    /// Ask for digits into a variable, then go on.
    case collect(CollectStep)
    /// Run the steps of the branch whose condition holds, then go on.
    case branch(Condition, then: [Step], else: [Step])
    /// Enter an IVR menu (see `Menu`).
    case menu(name: String)
    /// Continue in another context, with the same number or a new one.
    case goto(context: String, number: Template?)
    /// Send the caller's own audio back (echo test); runs until the caller hangs up.
    case echo
    /// End the call with a cause from docs/hangup-causes.md.
    case hangup(cause: String)
}

/// Something to play: a WAV prompt from `Dialplans/prompts/`, a call-progress tone, or silence.
public enum PlayItem: Sendable, Hashable {
    case prompt(String)
    /// A tone by name (ringback, busy, congestion, dial, beep) for a duration.
    case tone(name: String, milliseconds: Int)
    case silence(milliseconds: Int)
}

/// Dialing through trunks: a failover list, number rewriting and timers.
public struct DialStep: Sendable, Hashable {
    /// Trunk names, tried in order: the next is tried when one fails before answer.
    public var trunks: [String]
    /// The number to dial, when not the routed one (e.g. `"+1212555${ext}"`).
    public var number: Template?
    public var rewrite: NumberRewrite
    /// Caller ID to present, or nil to pass the caller's own.
    public var callerId: Template?
    /// Seconds to wait for an answer before trying the next trunk / giving up.
    public var answerTimeoutSeconds: Int?
    /// Longest call, in seconds, after answer.
    public var maxDurationSeconds: Int?
    /// Destination classes this dial may reach although they are refused by default.
    public var allow: Set<DestinationClass>

    public init(trunks: [String], number: Template? = nil, rewrite: NumberRewrite = NumberRewrite(),
                callerId: Template? = nil, answerTimeoutSeconds: Int? = nil, maxDurationSeconds: Int? = nil,
                allow: Set<DestinationClass> = []) {
        self.allow = allow
        self.trunks = trunks
        self.number = number
        self.rewrite = rewrite
        self.callerId = callerId
        self.answerTimeoutSeconds = answerTimeoutSeconds
        self.maxDurationSeconds = maxDurationSeconds
    }
}

/// A new caller ID: number, display name and privacy (RFC 3323 `Privacy: id`).
public struct CallerChange: Sendable, Hashable {
    public var number: Template?
    public var name: Template?
    /// When true the far end sees "anonymous"; the real identity is kept only for the trunk's
    /// trusted network (P-Asserted-Identity).
    public var privacy: Bool?

    public init(number: Template? = nil, name: Template? = nil, privacy: Bool? = nil) {
        self.number = number
        self.name = name
        self.privacy = privacy
    }
}

/// How the normalized number is changed before it is sent to a trunk.
public struct NumberRewrite: Sendable, Hashable {
    /// How many leading characters to remove (the '+' counts as one).
    public var strip: Int
    /// What to put in front after stripping.
    public var prepend: String

    public init(strip: Int = 0, prepend: String = "") {
        self.strip = strip
        self.prepend = prepend
    }

    /// The number the trunk receives: `+15551234567` with strip 2, prepend "" → `5551234567`.
    public func apply(to number: String) -> String {
        prepend + String(number.dropFirst(max(0, strip)))
    }
}

/// Hangup causes a dialplan may name (the table in docs/hangup-causes.md).
public enum HangupCauses {
    public static let all: [String] = [
        "normal_clearing", "originator_cancel", "user_busy", "no_user_response", "no_answer",
        "unallocated_number", "number_changed", "call_rejected", "destination_out_of_order",
        "invalid_number_format", "normal_unspecified", "no_circuit_available", "network_out_of_order",
        "temporary_failure", "switching_equipment_congestion", "service_unavailable",
        "incompatible_destination", "recovery_on_timer_expiry", "media_failure", "media_timeout",
        "interworking",
    ]
}

extension Step {
    /// Whether the call never comes back to the step after this one.
    public var endsSteps: Bool {
        switch self {
        case .goto, .menu, .echo, .hangup: return true
        case .branch(_, let then, let otherwise):
            return (then.last?.endsSteps ?? false) && (otherwise.last?.endsSteps ?? false)
        case .answer, .play, .set, .caller, .dial, .agents, .collect: return false
        }
    }
}
