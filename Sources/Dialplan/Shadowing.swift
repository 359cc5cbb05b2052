/// Finds rules that can never match because an earlier rule takes all their numbers.
///
/// Exact for exact numbers, prefixes and Asterisk patterns (set inclusion of the numbers
/// they match); for regular expressions only three cases are decided: an exact number an
/// earlier regex matches, the same regex written twice, and anything after a catch-all.
enum Shadowing {
    static func findings(in context: Context) -> [DialplanFinding] {
        var findings: [DialplanFinding] = []
        for (later, rule) in context.rules.enumerated() {
            for earlier in 0..<later where covers(context.rules[earlier].match, rule.match) {
                let first = context.rules[earlier]
                findings.append(DialplanFinding(
                    file: rule.location.file, line: rule.location.line, column: rule.location.column,
                    path: "contexts.\(context.name).rules[\(later)]",
                    problem: "never matches: every number \(rule.match.displayName) matches is taken first by rule \(earlier) (\(first.match.displayName) at \(first.location))",
                    fix: "move it above rule \(earlier) or delete it"))
                break
            }
        }
        return findings
    }

    /// Whether every number `later` matches is matched by `earlier`.
    static func covers(_ earlier: Pattern, _ later: Pattern) -> Bool {
        if let e = earlier.simple, e.positions.isEmpty, e.tail == .zeroOrMore { return true }
        switch (earlier.simple, later.simple) {
        case let (e?, l?):
            return l.isCovered(by: e)
        default:
            if case .exact(let number) = later { return earlier.match(number) != nil }
            if case .regex(let a) = earlier, case .regex(let b) = later { return a.source == b.source }
            return false
        }
    }
}
