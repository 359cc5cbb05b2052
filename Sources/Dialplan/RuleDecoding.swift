import Yams

extension NodeReader {
    static let stepKeys = ["answer", "play", "set", "caller", "dial", "agents", "collect", "if", "menu", "goto", "echo", "hangup"]
    static let ruleKeys = ["match", "allow", "steps"] + stepKeys
    static let matchKeys = ["exact", "prefix", "pattern", "regex"]

    mutating func decodeRule(_ node: Node, path: String, country: Country) -> Rule? {
        guard let entries = mapping(node, path: path, keys: Self.ruleKeys) else { return nil }
        var pattern: Pattern?
        var matchSeen = false
        var allow: Set<DestinationClass> = []
        var steps: [Step] = []
        var directSteps: [Step] = []
        var stepsGiven = false
        var ok = true
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "match":
                matchSeen = true
                pattern = decodeMatch(entry.value, path: keyPath, country: country)
                if let pattern, case .regex(let regex) = pattern {
                    assignedVariables.formUnion(regex.captureNames)
                }
                if pattern == nil { ok = false }
            case "allow":
                guard let items = sequence(entry.value, path: keyPath, example: "[international]") else { ok = false; continue }
                for item in items {
                    guard let text = string(item, path: keyPath) else { continue }
                    if let value = DestinationClass(rawValue: text) { allow.insert(value) } else {
                        report(item, keyPath, "unknown destination class '\(text)'",
                               fix: Suggestion.fix(for: text, among: DestinationClass.allCases.map(\.rawValue), listing: "allowed"))
                    }
                }
            case "steps":
                if stepsGiven {
                    report(entry.keyNode, keyPath, "'steps' together with a step key on the rule",
                           fix: "put every step inside the 'steps' list")
                }
                stepsGiven = true
                guard let list = decodeStepList(entry.value, path: keyPath, owner: "the rule") else { ok = false; continue }
                steps += list
            default:
                if stepsGiven {
                    report(entry.keyNode, keyPath, "more than one step written directly on the rule",
                           fix: "list the steps in order under 'steps:'")
                }
                stepsGiven = true
                let decoded = decodeStep(entry.key, entry.value, keyNode: entry.keyNode, path: keyPath) ?? []
                steps += decoded
                directSteps += decoded
            }
        }
        checkStepOrder(directSteps, node: node, path: path, owner: "the rule")
        if !matchSeen {
            report(node, join(path, "match"), "missing 'match'", fix: "add e.g. 'match: {prefix: \"+1\"}'")
            ok = false
        }
        if !stepsGiven {
            report(node, path, "rule has no steps", fix: "add a step such as 'dial:', 'goto:' or 'hangup:'")
            ok = false
        }
        guard ok, let pattern else { return nil }
        return Rule(match: pattern, steps: steps, allow: allow, location: location(node))
    }

    /// A list of one-step mappings: `- answer: {}`, `- play: welcome`, ...
    mutating func decodeStepList(_ node: Node, path: String, owner: String = "these steps") -> [Step]? {
        guard let items = sequence(node, path: path, example: "- answer: {}") else { return nil }
        var steps: [Step] = []
        var ok = true
        for (index, item) in items.enumerated() {
            let itemPath = path + "[\(index)]"
            guard let stepEntries = mapping(item, path: itemPath, keys: Self.stepKeys) else { ok = false; continue }
            if stepEntries.count != 1 {
                report(item, itemPath, "each list item must hold exactly one step", fix: "write one step per '- ' item")
            }
            for stepEntry in stepEntries {
                if let decoded = decodeStep(stepEntry.key, stepEntry.value, keyNode: stepEntry.keyNode,
                                            path: join(itemPath, stepEntry.key)) {
                    steps += decoded
                } else {
                    ok = false
                }
            }
        }
        checkStepOrder(steps, node: node, path: path, owner: owner)
        return ok ? steps : nil
    }

    /// What a menu key or a failure runs: a step list, `{steps: [...]}`, or one step
    /// written as a mapping (`{goto: sales}`).
    mutating func decodeAction(_ node: Node, path: String) -> [Step]? {
        if case .sequence = node { return decodeStepList(node, path: path) }
        guard let entries = mapping(node, path: path, keys: Self.stepKeys + ["steps"]) else { return nil }
        guard entries.count == 1, let entry = entries.first else {
            report(node, path, "expected one step or a 'steps:' list", fix: "write e.g. '{goto: sales}' or 'steps: [...]'")
            return nil
        }
        let keyPath = join(path, entry.key)
        if entry.key == "steps" { return decodeStepList(entry.value, path: keyPath) }
        return decodeStep(entry.key, entry.value, keyNode: entry.keyNode, path: keyPath)
    }

    /// `goto`, `menu`, `echo` and `hangup` hand the call over: anything after them never runs.
    /// `owner` names what the handing-over step ends: "the rule" or "these steps".
    private mutating func checkStepOrder(_ steps: [Step], node: Node, path: String, owner: String) {
        guard let end = steps.firstIndex(where: \.endsSteps), end < steps.count - 1 else { return }
        report(node, path, "steps after step \(end + 1) never run, because it ends \(owner)",
               fix: "move them before it or delete them")
    }

    /// `{exact: ...}`, `{prefix: ...}`, `{pattern: ...}` or `{regex: ...}`: exactly one.
    mutating func decodeMatch(_ node: Node, path: String, country: Country) -> Pattern? {
        guard let entries = mapping(node, path: path, keys: Self.matchKeys) else { return nil }
        guard entries.count == 1, let entry = entries.first else {
            report(node, path, "'match' needs exactly one of: exact, prefix, pattern, regex",
                   fix: "write one rule per pattern")
            return nil
        }
        let keyPath = join(path, entry.key)
        guard let text = string(entry.value, path: keyPath, what: "a number or pattern in quotes") else { return nil }
        do throws(PatternProblem) {
            switch entry.key {
            case "exact":
                do {
                    return .exact(try NumberNormalizer.normalize(text, country: country).number)
                } catch {
                    throw PatternProblem(problem: "'\(text)' is not a number: \(error)", fix: "write a number like \"+15551234567\"")
                }
            case "prefix":
                let prefix = try PatternNormalization.prefix(text, country: country)
                try PatternNormalization.checkSeesNormalizedNumbers(.literal(prefix, tail: .zeroOrMore), written: text, country: country)
                return .prefix(prefix)
            case "pattern":
                let pattern = try AsteriskPattern.parse(text)
                try PatternNormalization.checkSeesNormalizedNumbers(pattern, written: text, country: country)
                return .asterisk(pattern)
            default:
                return .regex(try RegexPattern(text))
            }
        } catch {
            report(entry.value, keyPath, error.problem, fix: error.fix)
            return nil
        }
    }
}
