import Yams

extension NodeReader {
    static let dialKeys = ["trunks", "rewrite", "caller_id", "answer_timeout_s", "max_duration_s"]
    static let rewriteKeys = ["strip", "prepend"]

    /// One step key and its value; `set` gives one step per variable.
    mutating func decodeStep(_ key: String, _ value: Node, keyNode: Node, path: String,
                             references: inout [NameReference]) -> [Step]? {
        switch key {
        case "answer", "echo":
            guard value.isNull || value.isEmptyMapping else {
                report(value, path, "'\(key)' takes no value", fix: "write '\(key): {}'")
                return nil
            }
            return [key == "echo" ? .echo : .answer]
        case "play":
            guard let prompt = string(value, path: path, what: "a prompt name") else { return nil }
            references.append(NameReference(kind: .prompt, name: prompt, location: location(value), path: path))
            return [.play(prompt: prompt)]
        case "goto":
            guard let context = string(value, path: path, what: "a context name") else { return nil }
            references.append(NameReference(kind: .context, name: context, location: location(value), path: path))
            return [.goto(context: context)]
        case "hangup":
            guard let cause = value.isNull ? "normal_clearing" : string(value, path: path, what: "a hangup cause") else { return nil }
            guard HangupCauses.all.contains(cause) else {
                report(value, path, "unknown hangup cause '\(cause)'",
                       fix: Suggestion.fix(for: cause, among: HangupCauses.all, listing: "causes (docs/hangup-causes.md)"))
                return nil
            }
            return [.hangup(cause: cause)]
        case "set":
            guard let entries = mapping(value, path: path, keys: []) else { return nil }
            var steps: [Step] = []
            for entry in entries {
                guard isVariableName(entry.key) else {
                    report(entry.keyNode, join(path, entry.key), "'\(entry.key)' is not a variable name",
                           fix: "use lower-case letters, digits and '_', starting with a letter")
                    continue
                }
                if let text = string(entry.value, path: join(path, entry.key)) {
                    steps.append(.set(variable: entry.key, value: text))
                }
            }
            return steps
        default:
            return decodeDial(value, keyNode: keyNode, path: path, references: &references).map { [.dial($0)] }
        }
    }

    private mutating func decodeDial(_ node: Node, keyNode: Node, path: String,
                                     references: inout [NameReference]) -> DialStep? {
        guard let entries = mapping(node, path: path, keys: Self.dialKeys) else { return nil }
        var dial = DialStep(trunks: [])
        var ok = true
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "trunks":
                guard let items = sequence(entry.value, path: keyPath, example: "[carrier, backup]") else { ok = false; continue }
                for (index, item) in items.enumerated() {
                    guard let name = string(item, path: keyPath + "[\(index)]", what: "a trunk name") else { ok = false; continue }
                    references.append(NameReference(kind: .trunk, name: name, location: location(item), path: keyPath + "[\(index)]"))
                    dial.trunks.append(name)
                }
            case "rewrite":
                guard let rewrite = mapping(entry.value, path: keyPath, keys: Self.rewriteKeys) else { ok = false; continue }
                for part in rewrite {
                    if part.key == "strip" {
                        if let strip = integer(part.value, path: join(keyPath, "strip"), range: 0...16) { dial.rewrite.strip = strip }
                    } else if let prepend = string(part.value, path: join(keyPath, "prepend")) {
                        if prepend.allSatisfy({ $0.isASCII && ($0.isNumber || "+*#".contains($0)) }) {
                            dial.rewrite.prepend = prepend
                        } else {
                            report(part.value, join(keyPath, "prepend"), "'\(prepend)' is not digits", fix: "write digits, e.g. \"0\"")
                        }
                    }
                }
            case "caller_id":
                dial.callerId = string(entry.value, path: keyPath, what: "a caller ID number")
            case "answer_timeout_s":
                dial.answerTimeoutSeconds = integer(entry.value, path: keyPath, range: 1...600)
            default:
                dial.maxDurationSeconds = integer(entry.value, path: keyPath, range: 1...86_400)
            }
        }
        if ok, dial.trunks.isEmpty {
            report(keyNode, path, "dial needs at least one trunk", fix: "add 'trunks: [carrier]'")
            return nil
        }
        return ok ? dial : nil
    }

    private func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase else { return false }
        return name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}

extension Node {
    var isEmptyMapping: Bool {
        if case .mapping(let mapping) = self { return mapping.count == 0 }
        return false
    }
}
