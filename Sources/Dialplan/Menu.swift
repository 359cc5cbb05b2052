/// An IVR menu: a prompt, one step list per key, and what to do on silence or a wrong key.
///
/// The caller may press a key while the prompt plays (barge-in). After the prompt the
/// menu waits `timeoutSeconds`; a wrong key plays `invalidPrompt`, silence plays
/// `timeoutPrompt`, and both replay the menu until `attempts` tries are used up; then
/// `onFailure` runs.
public struct Menu: Sendable, Hashable {
    public var name: String
    public var prompt: [PlayItem]
    /// Steps per key: "0"-"9", "*", "#".
    public var options: [Character: [Step]]
    public var timeoutSeconds: Int
    /// How many times the prompt is offered in all (the first time included).
    public var attempts: Int
    public var invalidPrompt: [PlayItem]
    public var timeoutPrompt: [PlayItem]
    public var onFailure: [Step]
    public var location: SourceLocation

    public static let defaultTimeoutSeconds = 5
    public static let defaultAttempts = 3

    public init(name: String, prompt: [PlayItem], options: [Character: [Step]],
                timeoutSeconds: Int = Menu.defaultTimeoutSeconds, attempts: Int = Menu.defaultAttempts,
                invalidPrompt: [PlayItem] = [], timeoutPrompt: [PlayItem] = [],
                onFailure: [Step] = [.hangup(cause: "normal_clearing")],
                location: SourceLocation) {
        self.name = name
        self.prompt = prompt
        self.options = options
        self.timeoutSeconds = timeoutSeconds
        self.attempts = attempts
        self.invalidPrompt = invalidPrompt
        self.timeoutPrompt = timeoutPrompt
        self.onFailure = onFailure
        self.location = location
    }
}

/// Asks for a string of digits (an account number, an extension) into a variable.
///
/// Collection ends at `maxDigits`, at the `terminator` key (not stored) or `timeoutSeconds`
/// after the last key (or after the prompt, before the first). Fewer than `minDigits`
/// counts as a failed try; after `attempts` tries `onFailure` runs.
public struct CollectStep: Sendable, Hashable {
    public var variable: String
    public var prompt: [PlayItem]
    public var minDigits: Int
    public var maxDigits: Int
    public var terminator: Character?
    public var timeoutSeconds: Int
    public var attempts: Int
    public var invalidPrompt: [PlayItem]
    public var onFailure: [Step]

    public init(variable: String, prompt: [PlayItem] = [], minDigits: Int = 1, maxDigits: Int = 20,
                terminator: Character? = "#", timeoutSeconds: Int = 5, attempts: Int = 3,
                invalidPrompt: [PlayItem] = [], onFailure: [Step] = [.hangup(cause: "normal_clearing")]) {
        self.variable = variable
        self.prompt = prompt
        self.minDigits = minDigits
        self.maxDigits = maxDigits
        self.terminator = terminator
        self.timeoutSeconds = timeoutSeconds
        self.attempts = attempts
        self.invalidPrompt = invalidPrompt
        self.onFailure = onFailure
    }
}

/// A test on the call; every part given must hold.
public struct Condition: Sendable, Hashable {
    /// The schedule must be open now (see `Schedule`).
    public var schedule: String?
    /// The caller's number must match (normalized like dialed numbers).
    public var caller: Pattern?
    /// Each variable must equal the value.
    public var variables: [String: String]
    /// When true, the whole test is inverted.
    public var negated: Bool

    public init(schedule: String? = nil, caller: Pattern? = nil, variables: [String: String] = [:], negated: Bool = false) {
        self.schedule = schedule
        self.caller = caller
        self.variables = variables
        self.negated = negated
    }
}
