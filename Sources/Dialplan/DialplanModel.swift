/// A loaded and validated set of dialplan files (see docs/dialplans.md).
///
/// Built by `DialplanLoader.load(files:references:)`, which either returns a dialplan
/// that passed every check or throws a `DialplanError` listing every finding.
public struct Dialplan: Sendable {
    /// Contexts by name; a call enters one and its rules are tried in order.
    public var contexts: [String: Context]
    /// IVR menus by name, entered with a `menu:` step.
    public var menus: [String: Menu]
    /// Opening hours by name, tested by `if: {schedule: ...}`.
    public var schedules: [String: Schedule]
    /// Which context each kind of call enters.
    public var entry: EntryPoints
    /// The `tests:` cases written beside the rules, run by `DialplanTests.run`.
    public var testCases: [DialplanTestCase]

    public init(contexts: [String: Context], menus: [String: Menu] = [:], schedules: [String: Schedule] = [:],
                entry: EntryPoints = EntryPoints(), testCases: [DialplanTestCase] = []) {
        self.contexts = contexts
        self.menus = menus
        self.schedules = schedules
        self.entry = entry
        self.testCases = testCases
    }
}

/// Where calls of one kind enter: a named, ordered list of rules.
public struct Context: Sendable {
    /// Who enters this context, which decides the default safety policy (see `Safety`).
    public enum Kind: String, Sendable, CaseIterable {
        /// Web users: international destinations outside `country` need an explicit rule.
        case web
        /// Calls arriving from a trunk or DID.
        case trunk
    }

    public var name: String
    public var kind: Kind
    /// The country national numbers are dialed in; decides E.164 normalization.
    public var country: Country
    public var rules: [Rule]
    public var location: SourceLocation

    public init(name: String, kind: Kind = .web, country: Country, rules: [Rule], location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.country = country
        self.rules = rules
        self.location = location
    }
}

/// One rule: when `match` matches the normalized number, `steps` run in order.
public struct Rule: Sendable {
    public var match: Pattern
    public var steps: [Step]
    /// Destination classes this rule lets through although they are refused by default.
    public var allow: Set<DestinationClass>
    public var location: SourceLocation

    public init(match: Pattern, steps: [Step], allow: Set<DestinationClass> = [], location: SourceLocation) {
        self.match = match
        self.steps = steps
        self.allow = allow
        self.location = location
    }
}

/// Destinations refused unless a rule lets them through explicitly (see `Safety`).
public enum DestinationClass: String, Sendable, Hashable, CaseIterable {
    case premium
    case international
}

/// A place in a dialplan file: 1-based line and column (Unicode scalars).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
