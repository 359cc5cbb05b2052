/// One thing a rule does. Steps run in order; `dial`, `goto`, `echo` and `hangup` end the list.
///
/// The list is meant to grow (menu, collect digits, time conditions, dial agents); code
/// that switches over it should expect new cases.
public enum Step: Sendable, Hashable {
    /// Answer the call (200 OK towards a trunk, "answered" towards a browser).
    case answer
    /// Play a prompt by name.
    case play(prompt: String)
    /// Set a call variable.
    case set(variable: String, value: String)
    /// Dial out through trunks, trying each in order until one answers or rejects for good.
    case dial(DialStep)
    /// Continue in another context with the same number.
    case goto(context: String)
    /// Send the caller's own audio back (echo test); runs until the caller hangs up.
    case echo
    /// End the call with a cause from docs/hangup-causes.md.
    case hangup(cause: String)
}

/// Dialing through trunks: a failover list, number rewriting and timers.
public struct DialStep: Sendable, Hashable {
    /// Trunk names, tried in order: the next is tried when one fails before answer.
    public var trunks: [String]
    public var rewrite: NumberRewrite
    /// Caller ID to present, or nil to pass the caller's own.
    public var callerId: String?
    /// Seconds to wait for an answer before trying the next trunk / giving up.
    public var answerTimeoutSeconds: Int?
    /// Longest call, in seconds, after answer.
    public var maxDurationSeconds: Int?

    public init(trunks: [String], rewrite: NumberRewrite = NumberRewrite(), callerId: String? = nil,
                answerTimeoutSeconds: Int? = nil, maxDurationSeconds: Int? = nil) {
        self.trunks = trunks
        self.rewrite = rewrite
        self.callerId = callerId
        self.answerTimeoutSeconds = answerTimeoutSeconds
        self.maxDurationSeconds = maxDurationSeconds
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
