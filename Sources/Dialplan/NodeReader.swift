import Yams

/// Collects findings while the YAML tree of one file is turned into typed values.
///
/// Nothing stops at the first problem: a rejected value is skipped and the walk goes on,
/// so one check shows everything that needs fixing.
struct NodeReader {
    let file: String
    var findings: [DialplanFinding] = []
    /// Names of contexts, trunks, prompts, menus and schedules used, checked once every file is read.
    var references: [NameReference] = []
    /// `${name}` references, checked against `assignedVariables` of every file.
    var variableUses: [NameReference] = []
    /// `announce_position` keys of `agents` steps: each needs the position prompts.
    var positionAnnouncements: [NameReference] = []
    /// Variables some step sets, collects or captures.
    var assignedVariables: Set<String> = []
    /// The country of the context being read, for caller patterns in `if` steps.
    var currentCountry: Country?
    /// Bounds "did you mean" searches among long lists (time zones) in this file.
    var suggestions = SuggestionBudget()

    init(file: String) {
        self.file = file
    }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    mutating func report(_ node: Node?, _ path: String, _ problem: String, fix: String? = nil) {
        report(at: location(node), path, problem, fix: fix)
    }

    mutating func report(at location: SourceLocation, _ path: String, _ problem: String, fix: String? = nil) {
        findings.append(DialplanFinding(file: location.file, line: location.line, column: location.column,
                                        path: path, problem: problem, fix: fix))
    }

    /// The entries of a mapping, in file order, with unknown keys reported (and dropped).
    mutating func mapping(_ node: Node, path: String, keys: [String]) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            report(node, path, "expected a mapping of keys to values, got \(node.kindDescription)",
                   fix: "write keys indented below '\(path.isEmpty ? "the top level" : path)'")
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(keyNode, path, "keys must be plain names")
                continue
            }
            let key = scalar.string
            if keys.isEmpty || keys.contains(key) {
                entries.append((key, keyNode, value))
            } else {
                report(keyNode, join(path, key), "unknown key '\(key)'",
                       fix: Suggestion.fix(for: key, among: keys, listing: "allowed keys here"))
            }
        }
        return entries
    }

    mutating func sequence(_ node: Node, path: String, example: String) -> [Node]? {
        guard case .sequence(let items) = node else {
            report(node, path, "expected a list, got \(node.kindDescription)", fix: "write a list, e.g. \(example)")
            return nil
        }
        return Array(items)
    }

    /// A text value. Numbers and booleans written unquoted are accepted as their text.
    mutating func string(_ node: Node, path: String, what: String = "text") -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            report(node, path, "expected \(what), got \(node.kindDescription)")
            return nil
        }
        return scalar.string
    }

    /// A whole number in `range`.
    mutating func integer(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, !node.isNull, scalar.style == .plain || scalar.style == .any,
              let value = Int(scalar.string) else {
            report(node, path, "expected a whole number, got \(node.kindDescription)",
                   fix: "write a number between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        guard range.contains(value) else {
            report(node, path, "\(value) is out of range", fix: "write a number between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A text value with `${name}` references; each reference is recorded for checking.
    mutating func template(_ node: Node, path: String, what: String = "text") -> Template? {
        guard let text = string(node, path: path, what: what) else { return nil }
        do {
            let template = try Template(parsing: text)
            for name in template.variables where !Template.builtins.contains(name) {
                variableUses.append(NameReference(kind: .variable, name: name, location: location(node), path: path))
            }
            return template
        } catch {
            report(node, path, error.problem, fix: error.fix)
            return nil
        }
    }

    /// Records a name that must exist (a context, trunk, prompt, menu or schedule).
    mutating func refer(_ kind: NameReference.Kind, _ name: String, _ node: Node, _ path: String) {
        references.append(NameReference(kind: kind, name: name, location: location(node), path: path))
    }

    mutating func boolean(_ node: Node, path: String) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        report(node, path, "expected true or false, got \(node.kindDescription)")
        return nil
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}

extension Node {
    /// A plain `null`, `~` or empty scalar (quoted "null" is text).
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "nothing" : "'\(scalar.string)'"
        }
    }
}
