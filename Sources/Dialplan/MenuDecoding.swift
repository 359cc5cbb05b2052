import Yams

extension NodeReader {
    static let menuKeys = ["prompt", "options", "timeout_s", "attempts", "invalid_prompt", "timeout_prompt", "on_failure"]
    static let menuOptionKeys: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]

    mutating func decodeMenu(name: String, nameNode: Node, _ node: Node) -> Menu? {
        let path = "menus." + name
        guard let entries = mapping(node, path: path, keys: Self.menuKeys) else { return nil }
        var menu = Menu(name: name, prompt: [], options: [:], location: location(nameNode))
        var ok = true
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "prompt": menu.prompt = decodePlayItems(entry.value, path: keyPath) ?? []
            case "invalid_prompt": menu.invalidPrompt = decodePlayItems(entry.value, path: keyPath) ?? []
            case "timeout_prompt": menu.timeoutPrompt = decodePlayItems(entry.value, path: keyPath) ?? []
            case "timeout_s": menu.timeoutSeconds = integer(entry.value, path: keyPath, range: 1...60) ?? menu.timeoutSeconds
            case "attempts": menu.attempts = integer(entry.value, path: keyPath, range: 1...10) ?? menu.attempts
            case "on_failure":
                if let steps = decodeAction(entry.value, path: keyPath) { menu.onFailure = steps } else { ok = false }
            default:
                guard let options = mapping(entry.value, path: keyPath, keys: []) else { ok = false; continue }
                for option in options {
                    let optionPath = join(keyPath, option.key)
                    guard option.key.count == 1, let key = option.key.first, Self.menuOptionKeys.contains(key) else {
                        report(option.keyNode, optionPath, "'\(option.key)' is not a key of the dial pad",
                               fix: "use one of 0-9, \"*\" or \"#\" (quote * and #)")
                        ok = false
                        continue
                    }
                    if let steps = decodeAction(option.value, path: optionPath) { menu.options[key] = steps } else { ok = false }
                }
            }
        }
        if !entries.contains(where: { $0.key == "prompt" }) {
            report(nameNode, join(path, "prompt"), "missing 'prompt'", fix: "add 'prompt: <name>' so callers know what to press")
            ok = false
        }
        if menu.options.isEmpty, ok {
            report(nameNode, join(path, "options"), "the menu has no options", fix: "add e.g. 'options: {\"1\": {goto: sales}}'")
            ok = false
        }
        return ok ? menu : nil
    }
}
