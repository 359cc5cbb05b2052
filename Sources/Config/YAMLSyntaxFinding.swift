import Yams

/// Turns a Yams parse error into a finding that points at the offending spot.
enum YAMLSyntaxFinding {
    static func finding(for error: any Error, source: String) -> ConfigFinding {
        guard let yamlError = error as? YamlError else {
            return ConfigFinding(source: source, line: 0, column: 0, keyPath: "",
                                 problem: "cannot parse YAML (\(error))")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var text = "YAML syntax error: " + problem
            if let context { text += " (\(context.text))" }
            return ConfigFinding(source: source, line: mark.line, column: mark.column, keyPath: "",
                                 problem: text, fix: syntaxFix(for: problem))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ConfigFinding(source: source, line: context.mark.line, column: context.mark.column,
                                 keyPath: "", problem: "key \(keys) appears more than once in the same mapping",
                                 fix: "keep only one of them")
        case let .reader(problem, _, _, _):
            return ConfigFinding(source: source, line: 0, column: 0, keyPath: "",
                                 problem: "cannot read YAML text: \(problem)", fix: "save the file as UTF-8")
        default:
            return ConfigFinding(source: source, line: 0, column: 0, keyPath: "",
                                 problem: "cannot parse YAML (\(yamlError))")
        }
    }

    private static func syntaxFix(for problem: String) -> String {
        if problem.contains("alias") || problem.contains("anchor") {
            // `*43` unquoted is a YAML alias, a common trap for star codes.
            return "quote values that start with '*' or '&', e.g. \"*43\""
        }
        if problem.contains("tab") {
            return "indent with spaces, not tabs"
        }
        return "check the indentation and quoting on this line and the one before"
    }
}
