/// Destinations refused unless a rule lets them through explicitly.
///
/// Checked only when the matched rule dials a trunk (a rule that plays a prompt or hangs
/// up on a premium number is harmless). A rule lets a class through when it lists it in
/// `allow:` or when its pattern names it by its fixed leading characters:
/// - premium: the rule's literal prefix starts with the refused prefix (`prefix: "+1900"`,
///   `exact: "+19005550100"`);
/// - international: the rule's literal prefix starts with '+' and commits to a calling code
///   other than the context's (neither is a prefix of the other: `+44` or `+4` in a US
///   context, but not `+` alone, and not `+4` in a GB context).
public enum Safety {
    /// Well-known premium-rate ranges, in E.164: NANP 900 and 976, GB 090/091/098,
    /// FR 089, DE 0900.
    public static let premiumPrefixes: [String] = ["+1900", "+1976", "+4490", "+4491", "+4498", "+3389", "+49900"]

    /// Why routing refused a number, or nil when the rule may run.
    static func refusal(number: NormalizedNumber, context: Context, rule: Rule) -> Refusal? {
        guard rule.steps.contains(where: \.mayDial), number.form == .e164 else { return nil }
        let literal = rule.match.literalPrefix
        if let premium = premiumPrefixes.first(where: { number.number.hasPrefix($0) }),
           !rule.allow.contains(.premium), !literal.hasPrefix(premium) {
            return .premium(prefix: premium)
        }
        let home = "+" + context.country.callingCode
        if context.kind == .web, !number.number.hasPrefix(home), !rule.allow.contains(.international),
           !namesForeignCode(literal, home: home) {
            return .international(homeCode: home)
        }
        return nil
    }

    static func namesForeignCode(_ literal: String, home: String) -> Bool {
        literal.count >= 2 && literal.hasPrefix("+") && !home.hasPrefix(literal) && !literal.hasPrefix(home)
    }
}

extension Step {
    /// Whether this step dials a trunk, directly or in a branch.
    var mayDial: Bool {
        switch self {
        case .dial: return true
        case .branch(_, let then, let otherwise): return then.contains(where: \.mayDial) || otherwise.contains(where: \.mayDial)
        default: return false
        }
    }
}

/// Why a call was not routed to a rule's steps.
public enum Refusal: Sendable, Hashable, CustomStringConvertible {
    case unknownContext(String)
    case invalidNumber(NumberError)
    case noMatchingRule
    case premium(prefix: String)
    case international(homeCode: String)

    /// The hangup cause (docs/hangup-causes.md) the call ends with.
    public var cause: String {
        switch self {
        case .unknownContext: return "interworking"
        case .invalidNumber: return "invalid_number_format"
        case .noMatchingRule: return "unallocated_number"
        case .premium, .international: return "call_rejected"
        }
    }

    public var description: String {
        switch self {
        case .unknownContext(let name): return "no context named '\(name)'"
        case .invalidNumber(let error): return error.description
        case .noMatchingRule: return "no rule matches"
        case .premium(let prefix): return "premium-rate number (\(prefix)) refused; a rule must allow premium"
        case .international(let home): return "international number outside \(home) refused; a rule must allow international"
        }
    }
}
