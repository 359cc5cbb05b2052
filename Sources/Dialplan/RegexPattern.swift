/// A regular expression rule, matched against the whole normalized number.
///
/// Swift's `Regex` backtracks, so a pattern like `(\d+)+$` can take exponential time.
/// Two bounds keep matching cheap: patterns are refused when they can backtrack
/// catastrophically (backreferences, lookaround, and a repeated group that itself contains
/// a repetition or an alternation), and the input is a normalized number of at most
/// `NumberNormalizer.maxDigits` characters. Named captures (`(?<area>\d{3})`) are returned
/// by routing.
public struct RegexPattern: @unchecked Sendable, Hashable {
    // `Regex` is immutable once built; matching does not mutate it.
    public let source: String
    private let regex: Regex<AnyRegexOutput>

    public static let maxSourceLength = 256

    public static func == (a: RegexPattern, b: RegexPattern) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    init(_ source: String) throws(PatternProblem) {
        guard source.count <= Self.maxSourceLength else {
            throw PatternProblem(problem: "regular expression is longer than \(Self.maxSourceLength) characters",
                                 fix: "split it into several rules")
        }
        try Self.checkBacktrackingSafety(source)
        do {
            regex = try Regex(source)
        } catch {
            throw PatternProblem(problem: "invalid regular expression (\(error))",
                                 fix: "check brackets and escapes; named captures are written (?<name>...)")
        }
        self.source = source
    }

    /// The names of the named captures, `area` for `(?<area>\d{3})`, in order.
    public var captureNames: [String] {
        var names: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "(?<") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let name = rest[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                names.append(String(name))
            }
            rest = rest[close...]
        }
        return names
    }

    /// Named captures of a whole match, or nil when the number does not match.
    public func match(_ number: String) -> [String: String]? {
        guard let match = try? regex.wholeMatch(in: number) else { return nil }
        var captures: [String: String] = [:]
        for element in match.output {
            if let name = element.name {
                captures[name] = element.substring.map(String.init) ?? ""
            }
        }
        return captures
    }

    /// Index of the last character of a group's opening: `(`, `(?:`, `(?<name>`.
    private static func skipGroupHeader(_ characters: [Character], at open: Int) throws(PatternProblem) -> Int {
        guard open + 1 < characters.count, characters[open + 1] == "?" else { return open }
        if open + 2 < characters.count, characters[open + 2] == ":" { return open + 2 }
        if open + 2 < characters.count, characters[open + 2] == "<" || characters[open + 2] == "P",
           let close = characters[(open + 2)...].firstIndex(of: ">") {
            return close
        }
        throw PatternProblem(problem: "unsupported group syntax '(?'",
                             fix: "use (...), (?:...) or a named capture (?<name>...)")
    }

    /// Refuses constructs that make backtracking blow up; conservative on purpose.
    static func checkBacktrackingSafety(_ source: String) throws(PatternProblem) {
        let characters = Array(source)
        // Per open group: whether its body so far holds a quantifier or an alternation.
        var groupStack: [Bool] = []
        var index = 0
        var inClass = false
        while index < characters.count {
            let c = characters[index]
            if c == "\\" {
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if !inClass, next.isNumber || next == "k" || next == "g" {
                    throw PatternProblem(problem: "backreferences are not allowed", fix: "match the digits again explicitly")
                }
                index += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                index += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
            case "(":
                let rest = String(characters[index..<min(characters.count, index + 4)])
                if rest.hasPrefix("(?=") || rest.hasPrefix("(?!") || rest.hasPrefix("(?<=") || rest.hasPrefix("(?<!") {
                    throw PatternProblem(problem: "lookahead and lookbehind are not allowed",
                                         fix: "use several rules in order instead")
                }
                groupStack.append(false)
                index = try Self.skipGroupHeader(characters, at: index)
            case ")":
                let risky = groupStack.popLast() ?? false
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if risky, "*+?{".contains(next) {
                    throw PatternProblem(problem: "a repeated group contains a repetition or '|', which can take exponential time",
                                         fix: "repeat single characters or classes instead, e.g. \\d{4,8}")
                }
                if risky, !groupStack.isEmpty { groupStack[groupStack.count - 1] = true }
            case "*", "+", "{", "|", "?":
                if !groupStack.isEmpty { groupStack[groupStack.count - 1] = true }
            default:
                break
            }
            index += 1
        }
    }
}

/// How a rule recognizes numbers. All forms see the normalized number.
public enum Pattern: Sendable, Hashable {
    /// This number only (normalized when the rule is loaded).
    case exact(String)
    /// Numbers starting with this (normalized when it is written in E.164 or with an
    /// international prefix).
    case prefix(String)
    /// Asterisk-style pattern.
    case asterisk(AsteriskPattern)
    /// Regular expression over the whole number.
    case regex(RegexPattern)

    /// Whether the number matches; named captures for regular expressions.
    public func match(_ number: String) -> [String: String]? {
        switch self {
        case .exact(let text): return number == text ? [:] : nil
        case .prefix(let text): return number.hasPrefix(text) ? [:] : nil
        case .asterisk(let pattern): return pattern.matches(number) ? [:] : nil
        case .regex(let regex): return regex.match(number)
        }
    }

    /// Everything but regular expressions, in the common Asterisk form.
    var simple: AsteriskPattern? {
        switch self {
        case .exact(let text): return .literal(text, tail: .none)
        case .prefix(let text): return .literal(text, tail: .zeroOrMore)
        case .asterisk(let pattern): return pattern
        case .regex: return nil
        }
    }

    /// Characters every match starts with; empty for regular expressions.
    public var literalPrefix: String {
        simple?.literalPrefix ?? ""
    }

    /// How findings name the pattern, as written in the file.
    var displayName: String {
        switch self {
        case .exact(let text): return "exact '\(text)'"
        case .prefix(let text): return "prefix '\(text)'"
        case .asterisk(let pattern): return "pattern '\(pattern.source)'"
        case .regex(let regex): return "regex '\(regex.source)'"
        }
    }
}
