import Yams

extension NodeReader {
    static let gotoKeys = ["context", "number"]
    static let callerKeys = ["number", "name", "privacy"]

    /// One step key and its value; `set` gives one step per variable.
    mutating func decodeStep(_ key: String, _ value: Node, keyNode: Node, path: String) -> [Step]? {
        switch key {
        case "answer", "echo":
            guard value.isNull || value.isEmptyMapping else {
                report(value, path, "'\(key)' takes no value", fix: "write '\(key): {}'")
                return nil
            }
            return [key == "echo" ? .echo : .answer]
        case "play":
            return decodePlayItems(value, path: path).map { [.play($0)] }
        case "menu":
            guard let name = string(value, path: path, what: "a menu name") else { return nil }
            refer(.menu, name, value, path)
            return [.menu(name: name)]
        case "goto":
            return decodeGoto(value, path: path).map { [$0] }
        case "hangup":
            guard let cause = value.isNull ? "normal_clearing" : string(value, path: path, what: "a hangup cause") else { return nil }
            guard HangupCauses.all.contains(cause) else {
                report(value, path, "unknown hangup cause '\(cause)'",
                       fix: Suggestion.fix(for: cause, among: HangupCauses.all, listing: "causes (docs/hangup-causes.md)"))
                return nil
            }
            return [.hangup(cause: cause)]
        case "set":
            return decodeSet(value, path: path)
        case "caller":
            return decodeCaller(value, path: path).map { [.caller($0)] }
        case "agents":
            return decodeAgents(value, keyNode: keyNode, path: path).map { [.agents($0)] }
        case "collect":
            return decodeCollect(value, keyNode: keyNode, path: path).map { [.collect($0)] }
        case "if":
            return decodeBranch(value, keyNode: keyNode, path: path).map { [$0] }
        default:
            return decodeDial(value, keyNode: keyNode, path: path).map { [.dial($0)] }
        }
    }

    /// `goto: sales` or `goto: {context: sales, number: "${ext}"}`.
    private mutating func decodeGoto(_ node: Node, path: String) -> Step? {
        if case .scalar = node {
            guard let context = string(node, path: path, what: "a context name") else { return nil }
            refer(.context, context, node, path)
            return .goto(context: context, number: nil)
        }
        guard let entries = mapping(node, path: path, keys: Self.gotoKeys) else { return nil }
        var context: String?
        var number: Template?
        for entry in entries {
            let keyPath = join(path, entry.key)
            if entry.key == "context" {
                context = string(entry.value, path: keyPath, what: "a context name")
                if let context { refer(.context, context, entry.value, keyPath) }
            } else {
                number = template(entry.value, path: keyPath, what: "a number")
                if number == nil { return nil }
            }
        }
        guard let context else {
            report(node, join(path, "context"), "missing 'context'", fix: "add 'context: <name>'")
            return nil
        }
        return .goto(context: context, number: number)
    }

    private mutating func decodeSet(_ node: Node, path: String) -> [Step]? {
        guard let entries = mapping(node, path: path, keys: []) else { return nil }
        var steps: [Step] = []
        for entry in entries {
            guard Template.isVariableName(entry.key), !Template.builtins.contains(entry.key) else {
                let problem = Template.builtins.contains(entry.key)
                    ? "'\(entry.key)' is a built-in variable and cannot be set"
                    : "'\(entry.key)' is not a variable name"
                report(entry.keyNode, join(path, entry.key), problem,
                       fix: "use lower-case letters, digits and '_', starting with a letter; change the caller with 'caller:'")
                continue
            }
            assignedVariables.insert(entry.key)
            if let value = template(entry.value, path: join(path, entry.key)) {
                steps.append(.set(variable: entry.key, value: value))
            }
        }
        return steps
    }

    /// `caller: {number: "+12125550100", name: Support, privacy: false}`.
    private mutating func decodeCaller(_ node: Node, path: String) -> CallerChange? {
        guard let entries = mapping(node, path: path, keys: Self.callerKeys) else { return nil }
        var change = CallerChange()
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "number": change.number = template(entry.value, path: keyPath, what: "a caller number")
            case "name": change.name = template(entry.value, path: keyPath, what: "a display name")
            default: change.privacy = boolean(entry.value, path: keyPath)
            }
        }
        if entries.isEmpty {
            report(node, path, "nothing to change", fix: "give number, name or privacy")
            return nil
        }
        return change
    }
}

extension Node {
    var isEmptyMapping: Bool {
        if case .mapping(let mapping) = self { return mapping.count == 0 }
        return false
    }
}
