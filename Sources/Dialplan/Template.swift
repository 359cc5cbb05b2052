/// Text with `${name}` references to call variables, filled in when the step runs.
///
/// Variables are regex captures of the matched rule, `set` and `collect` results, and the
/// built-ins in `Template.builtins`. A reference to a variable with no value gives empty
/// text (the loader already refuses names that nothing ever sets).
public struct Template: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case text(String)
        case variable(String)
    }

    public var parts: [Part]

    /// Variables every call has: the routed number, what was dialed, the caller.
    public static let builtins: Set<String> = ["number", "dialed", "caller", "caller_name", "context"]

    public init(parts: [Part]) {
        self.parts = parts
    }

    public init(literal: String) {
        self.parts = literal.isEmpty ? [] : [.text(literal)]
    }

    /// Parses `text`; `$$` is a literal `$`. Throws on `${` without `}` or a bad name.
    public init(parsing text: String) throws(PatternProblem) {
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex else {
                literal.append(character)
                index = next
                continue
            }
            if text[next] == "$" {
                literal.append("$")
                index = text.index(after: next)
            } else if text[next] == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw PatternProblem(problem: "'${' without a closing '}' in '\(text)'", fix: "write ${name}")
                }
                let name = String(text[text.index(after: next)..<close])
                guard Template.isVariableName(name) else {
                    throw PatternProblem(problem: "'\(name)' is not a variable name in '\(text)'",
                                         fix: "use lower-case letters, digits and '_', starting with a letter")
                }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                parts.append(.variable(name))
                index = text.index(after: close)
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    public var variables: [String] {
        parts.compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
    }

    public func expand(_ variables: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .variable(let name): return variables[name] ?? ""
            }
        }.joined()
    }

    public var description: String {
        parts.map { part in
            switch part {
            case .text(let text): return text.replacingDollars()
            case .variable(let name): return "${\(name)}"
            }
        }.joined()
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase else { return false }
        return name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}

private extension String {
    func replacingDollars() -> String {
        var out = ""
        for character in self {
            if character == "$" { out += "$$" } else { out.append(character) }
        }
        return out
    }
}
