import Yams

extension NodeReader {
    static let dialKeys = ["trunks", "number", "rewrite", "caller_id", "answer_timeout_s", "max_duration_s", "allow"]
    static let rewriteKeys = ["strip", "prepend"]

    mutating func decodeDial(_ node: Node, keyNode: Node, path: String) -> DialStep? {
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
                    refer(.trunk, name, item, keyPath + "[\(index)]")
                    dial.trunks.append(name)
                }
            case "number":
                dial.number = template(entry.value, path: keyPath, what: "a number")
                if dial.number == nil { ok = false }
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
                dial.callerId = template(entry.value, path: keyPath, what: "a caller ID number")
            case "allow":
                guard let items = sequence(entry.value, path: keyPath, example: "[international]") else { ok = false; continue }
                for item in items {
                    guard let text = string(item, path: keyPath) else { ok = false; continue }
                    if let value = DestinationClass(rawValue: text) { dial.allow.insert(value) } else {
                        report(item, keyPath, "unknown destination class '\(text)'",
                               fix: Suggestion.fix(for: text, among: DestinationClass.allCases.map(\.rawValue), listing: "allowed"))
                        ok = false
                    }
                }
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
}
