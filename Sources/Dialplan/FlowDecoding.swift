import Yams

extension NodeReader {
    static let collectKeys = ["into", "prompt", "min", "max", "terminator", "timeout_s", "attempts", "invalid_prompt", "on_failure"]
    static let branchKeys = ["schedule", "caller", "variables", "not", "then", "else"]

    /// `collect: {into: account, min: 4, max: 8, prompt: enter-account}`.
    mutating func decodeCollect(_ node: Node, keyNode: Node, path: String) -> CollectStep? {
        guard let entries = mapping(node, path: path, keys: Self.collectKeys) else { return nil }
        var step = CollectStep(variable: "")
        var ok = true
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "into":
                guard let name = string(entry.value, path: keyPath, what: "a variable name") else { ok = false; continue }
                guard Template.isVariableName(name), !Template.builtins.contains(name) else {
                    report(entry.value, keyPath, "'\(name)' is not a variable name that can be set",
                           fix: "use lower-case letters, digits and '_', starting with a letter")
                    ok = false
                    continue
                }
                assignedVariables.insert(name)
                step.variable = name
            case "prompt": step.prompt = decodePlayItems(entry.value, path: keyPath) ?? []
            case "invalid_prompt": step.invalidPrompt = decodePlayItems(entry.value, path: keyPath) ?? []
            case "min": step.minDigits = integer(entry.value, path: keyPath, range: 1...32) ?? step.minDigits
            case "max": step.maxDigits = integer(entry.value, path: keyPath, range: 1...32) ?? step.maxDigits
            case "timeout_s": step.timeoutSeconds = integer(entry.value, path: keyPath, range: 1...60) ?? step.timeoutSeconds
            case "attempts": step.attempts = integer(entry.value, path: keyPath, range: 1...10) ?? step.attempts
            case "terminator":
                guard let text = string(entry.value, path: keyPath, what: "\"#\", \"*\" or none") else { ok = false; continue }
                switch text {
                case "#", "*": step.terminator = text.first
                case "none": step.terminator = nil
                default:
                    report(entry.value, keyPath, "terminator '\(text)' is not \"#\", \"*\" or none", fix: "write terminator: \"#\"")
                    ok = false
                }
            default:
                guard let steps = decodeAction(entry.value, path: keyPath) else { ok = false; continue }
                step.onFailure = steps
            }
        }
        if step.variable.isEmpty {
            if ok { report(keyNode, join(path, "into"), "missing 'into'", fix: "name the variable the digits go into") }
            return nil
        }
        if step.minDigits > step.maxDigits {
            report(node, path, "min \(step.minDigits) is more than max \(step.maxDigits)", fix: "swap them")
            return nil
        }
        return ok ? step : nil
    }

    /// `if: {schedule: office-hours, then: [...], else: [...]}`.
    mutating func decodeBranch(_ node: Node, keyNode: Node, path: String) -> Step? {
        guard let entries = mapping(node, path: path, keys: Self.branchKeys) else { return nil }
        var condition = Condition()
        var then: [Step]?
        var otherwise: [Step] = []
        var tests = 0
        var ok = true
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "schedule":
                tests += 1
                condition.schedule = string(entry.value, path: keyPath, what: "a schedule name")
                if let name = condition.schedule { refer(.schedule, name, entry.value, keyPath) } else { ok = false }
            case "caller":
                tests += 1
                condition.caller = decodeMatch(entry.value, path: keyPath, country: currentCountry ?? Country.fallback)
                if condition.caller == nil { ok = false }
            case "variables":
                tests += 1
                guard let pairs = mapping(entry.value, path: keyPath, keys: []) else { ok = false; continue }
                for pair in pairs {
                    if let value = string(pair.value, path: join(keyPath, pair.key)) {
                        condition.variables[pair.key] = value
                        if !Template.builtins.contains(pair.key) {
                            variableUses.append(NameReference(kind: .variable, name: pair.key, location: location(pair.keyNode),
                                                              path: join(keyPath, pair.key)))
                        }
                    }
                }
            case "not":
                condition.negated = boolean(entry.value, path: keyPath) ?? false
            case "then":
                then = decodeStepList(entry.value, path: keyPath)
                if then == nil { ok = false }
            default:
                guard let steps = decodeStepList(entry.value, path: keyPath) else { ok = false; continue }
                otherwise = steps
            }
        }
        if tests == 0 {
            report(keyNode, path, "'if' tests nothing", fix: "add schedule, caller or variables")
            return nil
        }
        guard ok else { return nil }
        guard let then else {
            report(keyNode, join(path, "then"), "missing 'then'", fix: "add the steps to run when the test holds")
            return nil
        }
        return .branch(condition, then: then, else: otherwise)
    }
}
