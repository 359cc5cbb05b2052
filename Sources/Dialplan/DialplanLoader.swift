import Yams

/// One dialplan file's name (used in findings) and text; the runtime reads the disk.
public struct DialplanFile: Sendable, Hashable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// Names defined outside the dialplan that steps may refer to; nil skips that check.
public struct DialplanReferences: Sendable, Hashable {
    public var trunks: Set<String>?
    public var prompts: Set<String>?

    public init(trunks: Set<String>? = nil, prompts: Set<String>? = nil) {
        self.trunks = trunks
        self.prompts = prompts
    }
}

/// Loads dialplan files into one `Dialplan`, or throws every finding at once.
///
/// Contexts from all files share one namespace. Includes are not supported: every file
/// in `Dialplans/` is loaded, which gives the same reuse without include cycles.
public enum DialplanLoader {
    public static func load(files: [DialplanFile], references: DialplanReferences = DialplanReferences(),
                            limits: DialplanLimits = DialplanLimits()) throws(DialplanError) -> Dialplan {
        var findings: [DialplanFinding] = []
        var contexts: [String: Context] = [:]
        var tests: [DialplanTestCase] = []
        var names: [NameReference] = []
        var declared: Set<String> = []
        for file in files {
            if let finding = InputBounds.precheck(file.contents, file: file.name, limits: limits) {
                findings.append(finding)
                continue
            }
            let root: Node?
            do {
                root = try Yams.compose(yaml: file.contents)
            } catch {
                findings.append(YAMLErrorFinding.finding(for: error, file: file.name))
                continue
            }
            guard let root else {
                findings.append(DialplanFinding(file: file.name, line: 0, column: 0, path: "",
                                                problem: "the file is empty", fix: "add a 'contexts:' mapping"))
                continue
            }
            if let finding = InputBounds.checkTree(root, file: file.name, limits: limits) {
                findings.append(finding)
                continue
            }
            var reader = NodeReader(file: file.name)
            let decoded = reader.decodeFile(root, limits: limits)
            for context in decoded.contexts {
                if let earlier = contexts[context.name] {
                    reader.report(at: context.location, "contexts." + context.name,
                                  "context '\(context.name)' is already defined at \(earlier.location)",
                                  fix: "rename one of them")
                } else {
                    contexts[context.name] = context
                }
            }
            tests += decoded.tests
            names += decoded.references
            declared.formUnion(decoded.declaredContexts)
            findings += reader.findings
        }
        findings += checkNames(names, contexts: declared, references: references)
        for context in contexts.values {
            findings += Shadowing.findings(in: context)
        }
        guard findings.isEmpty else {
            throw DialplanError(findings: sorted(findings, fileOrder: files.map(\.name)))
        }
        return Dialplan(contexts: contexts, testCases: tests)
    }

    /// Every `goto`, `from`, trunk and prompt name must exist.
    private static func checkNames(_ names: [NameReference], contexts: Set<String>,
                                   references: DialplanReferences) -> [DialplanFinding] {
        var findings: [DialplanFinding] = []
        for name in names {
            let known: Set<String>?
            switch name.kind {
            case .context: known = contexts
            case .trunk: known = references.trunks
            case .prompt: known = references.prompts
            }
            guard let known, !known.contains(name.name) else { continue }
            findings.append(DialplanFinding(
                file: name.location.file, line: name.location.line, column: name.location.column, path: name.path,
                problem: "unknown \(name.kind.rawValue) '\(name.name)'",
                fix: Suggestion.fix(for: name.name, among: Array(known), listing: "known \(name.kind.rawValue)s")))
        }
        return findings
    }

    /// Files in the order given, then line and column, so output reads top to bottom.
    private static func sorted(_ findings: [DialplanFinding], fileOrder: [String]) -> [DialplanFinding] {
        let rank = Dictionary(fileOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return findings.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            return (rank[x.file] ?? 0, x.line, x.column, a.offset) < (rank[y.file] ?? 0, y.line, y.column, b.offset)
        }.map(\.element)
    }
}

/// Turns a Yams parse error into a finding at the offending spot.
enum YAMLErrorFinding {
    static func finding(for error: any Error, file: String) -> DialplanFinding {
        guard let yamlError = error as? YamlError else {
            return DialplanFinding(file: file, line: 0, column: 0, path: "", problem: "cannot parse YAML (\(error))")
        }
        switch yamlError {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            let fix = problem.contains("alias") || problem.contains("anchor")
                ? "quote values that start with '*' or '&', e.g. \"*43\""
                : "check the indentation and quoting on this line and the one before"
            return DialplanFinding(file: file, line: mark.line, column: mark.column, path: "",
                                   problem: "YAML syntax error: " + problem, fix: fix)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return DialplanFinding(file: file, line: context.mark.line, column: context.mark.column, path: "",
                                   problem: "key \(keys) appears more than once in the same mapping",
                                   fix: "keep only one of them")
        case .reader(let problem, _, _, _):
            return DialplanFinding(file: file, line: 0, column: 0, path: "",
                                   problem: "cannot read YAML text: \(problem)", fix: "save the file as UTF-8")
        default:
            return DialplanFinding(file: file, line: 0, column: 0, path: "", problem: "cannot parse YAML (\(yamlError))")
        }
    }
}
