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
    /// Names of `agents.groups` in gateway.yaml, for `agents` steps.
    public var agentGroups: Set<String>?

    public init(trunks: Set<String>? = nil, prompts: Set<String>? = nil, agentGroups: Set<String>? = nil) {
        self.trunks = trunks
        self.prompts = prompts
        self.agentGroups = agentGroups
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
        var plan = Dialplan(contexts: [:])
        var names: [NameReference] = []
        var variableUses: [NameReference] = []
        var announcements: [NameReference] = []
        var assigned: Set<String> = []
        var declared = Declared()
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
            let decoded = reader.decodeFile(root, limits: limits, entry: &plan.entry)
            for context in decoded.contexts {
                reader.addUnique(context, named: context.name, kind: "context", at: context.location, to: &plan.contexts) { $0.location }
            }
            for menu in decoded.menus {
                reader.addUnique(menu, named: menu.name, kind: "menu", at: menu.location, to: &plan.menus) { $0.location }
            }
            for schedule in decoded.schedules {
                reader.addUnique(schedule, named: schedule.name, kind: "schedule", at: schedule.location, to: &plan.schedules) { $0.location }
            }
            plan.testCases += decoded.tests
            names += reader.references
            variableUses += reader.variableUses
            announcements += reader.positionAnnouncements
            assigned.formUnion(reader.assignedVariables)
            declared.contexts.formUnion(decoded.declaredContexts)
            declared.menus.formUnion(decoded.declaredMenus)
            declared.schedules.formUnion(decoded.declaredSchedules)
            findings += reader.findings
        }
        var suggestions = SuggestionBudget()
        findings += checkNames(names, plan: plan, declared: declared, references: references, suggestions: &suggestions)
        findings += checkVariables(variableUses, assigned: assigned, suggestions: &suggestions)
        findings += checkPositionPrompts(announcements, prompts: references.prompts)
        for context in plan.contexts.values {
            findings += Shadowing.findings(in: context)
        }
        guard findings.isEmpty else {
            throw DialplanError(findings: sorted(findings, fileOrder: files.map(\.name)))
        }
        return plan
    }

    /// Names defined in the files, including definitions rejected for their own findings.
    private struct Declared {
        var contexts: Set<String> = []
        var menus: Set<String> = []
        var schedules: Set<String> = []
    }

    /// Every `goto`, `menu`, `from`, entry point, trunk, prompt, schedule and agent group name must exist,
    /// and an entry point must lead to a context of its kind.
    private static func checkNames(_ names: [NameReference], plan: Dialplan, declared: Declared,
                                   references: DialplanReferences, suggestions: inout SuggestionBudget) -> [DialplanFinding] {
        var findings: [DialplanFinding] = []
        for name in names {
            let known: Set<String>?
            switch name.kind {
            case .context: known = declared.contexts
            case .trunk: known = references.trunks
            case .prompt: known = references.prompts
            case .menu: known = declared.menus
            case .schedule: known = declared.schedules
            case .agentGroup: known = references.agentGroups
            case .variable: known = nil
            }
            if let known, !known.contains(name.name) {
                var fix = suggestions.fix(for: name.name, among: known, listing: "known \(name.kind.rawValue)s")
                if name.kind == .agentGroup, known.isEmpty { fix = "define it under 'agents: groups:' in gateway.yaml" }
                findings.append(finding(name, problem: "unknown \(name.kind.rawValue) '\(name.name)'", fix: fix))
            } else if let expected = name.contextKind, let context = plan.contexts[name.name], context.kind != expected {
                let who = expected == .web ? "web users" : "calls from trunks"
                findings.append(finding(name, problem: "\(who) enter context '\(name.name)', which is of kind '\(context.kind.rawValue)'",
                                        fix: "set 'kind: \(expected.rawValue)' on it (the kind decides which safety checks apply)"))
            }
        }
        return findings
    }

    /// A `${name}` that nothing sets, collects or captures would always be empty.
    private static func checkVariables(_ uses: [NameReference], assigned: Set<String>,
                                       suggestions: inout SuggestionBudget) -> [DialplanFinding] {
        let candidates = Array(assigned) + Array(Template.builtins)
        return uses.filter { !assigned.contains($0.name) }.map { use in
            finding(use, problem: "variable '\(use.name)' is never set, so it is always empty",
                    fix: suggestions.fix(for: use.name, among: candidates, listing: "variables set, collected or captured"))
        }
    }

    /// Announcing a caller's place in the queue plays `queue-position` and the digits of the
    /// place, so every one of those prompts must exist; one finding lists those missing.
    private static func checkPositionPrompts(_ uses: [NameReference], prompts: Set<String>?) -> [DialplanFinding] {
        guard let prompts else { return [] }
        let missing = AgentsStep.positionPrompts.filter { !prompts.contains($0) }
        guard !missing.isEmpty else { return [] }
        let files = missing.map { $0 + ".wav" }.joined(separator: ", ")
        return uses.map { use in
            finding(use, problem: "missing prompts for announcing the queue position: \(missing.joined(separator: ", "))",
                    fix: "add \(files) to Dialplans/prompts, or remove announce_position")
        }
    }

    private static func finding(_ name: NameReference, problem: String, fix: String) -> DialplanFinding {
        DialplanFinding(file: name.location.file, line: name.location.line, column: name.location.column,
                        path: name.path, problem: problem, fix: fix)
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

extension NodeReader {
    /// Adds a named definition, reporting a second one with the same name.
    mutating func addUnique<Value>(_ value: Value, named name: String, kind: String, at location: SourceLocation,
                                   to table: inout [String: Value], locationOf: (Value) -> SourceLocation) {
        if let earlier = table[name] {
            report(at: location, kind + "s." + name, "\(kind) '\(name)' is already defined at \(locationOf(earlier))",
                   fix: "rename one of them")
        } else {
            table[name] = value
        }
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
