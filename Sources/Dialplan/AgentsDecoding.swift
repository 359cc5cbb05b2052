import Yams

extension NodeReader {
    static let agentsKeys = ["group", "agent", "max_wait", "music", "announce_position"]

    /// `agents: sales`, or `agents: {group: sales, max_wait: 120, music: hold-music, announce_position: 30}`
    /// or `agents: {agent: "${ext}"}`: exactly one of `group` and `agent`.
    mutating func decodeAgents(_ node: Node, keyNode: Node, path: String) -> AgentsStep? {
        switch node {
        case .scalar:
            return agentGroupName(node, path: path).map { AgentsStep(target: .group($0)) }
        case .mapping:
            break
        default:
            report(node, path, "expected a group name or a mapping, got \(node.kindDescription)",
                   fix: "write 'agents: sales' or 'agents: {group: sales, max_wait: 120}'")
            return nil
        }
        guard let entries = mapping(node, path: path, keys: Self.agentsKeys) else { return nil }
        var step = AgentsStep(target: .group(""))
        var targets = 0
        var ok = true
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "group":
                targets += 1
                if let name = agentGroupName(entry.value, path: keyPath) { step.target = .group(name) } else { ok = false }
            case "agent":
                targets += 1
                if let agent = agentTemplate(entry.value, path: keyPath) { step.target = .agent(agent) } else { ok = false }
            case "max_wait":
                if let seconds = integer(entry.value, path: keyPath, range: AgentsStep.maxWaitRange) {
                    step.maxWaitSeconds = seconds
                } else {
                    ok = false
                }
            case "music":
                guard let name = string(entry.value, path: keyPath, what: "a prompt name") else { ok = false; continue }
                refer(.prompt, name, entry.value, keyPath)
                step.music = name
            default:
                guard let seconds = integer(entry.value, path: keyPath, range: AgentsStep.announceRange) else { ok = false; continue }
                positionAnnouncements.append(NameReference(kind: .prompt, name: "announce_position",
                                                           location: location(entry.value), path: keyPath))
                step.announceEverySeconds = seconds
            }
        }
        if targets == 0 {
            report(keyNode, path, "'agents' names no one to ring",
                   fix: "add 'group: <name>' for a group or 'agent: <identity or extension>' for one agent")
            return nil
        }
        if targets > 1 {
            report(node, path, "'group' and 'agent' together",
                   fix: "keep one: 'group' rings a group, 'agent' one agent; use two steps to try both")
            return nil
        }
        return ok ? step : nil
    }

    /// A group name as gateway.yaml's `agents.groups` spells them: letters, digits, '_' and '-'.
    private mutating func agentGroupName(_ node: Node, path: String) -> String? {
        guard let name = string(node, path: path, what: "a group name") else { return nil }
        let valid = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard valid, !name.isEmpty, name.count <= 64 else {
            report(node, path, "'\(name)' is not a group name",
                   fix: "write the name of a group of agents.groups in gateway.yaml: letters, digits, '_' and '-', at most 64")
            return nil
        }
        refer(.agentGroup, name, node, path)
        return name
    }

    /// An identity or extension, or a template giving one (`"${ext}"`): the written text may
    /// hold only what identities do (letters, digits and `._-@+`).
    private mutating func agentTemplate(_ node: Node, path: String) -> Template? {
        guard let agent = template(node, path: path, what: "an agent's identity or extension") else { return nil }
        let written = agent.parts.compactMap { part -> String? in
            if case .text(let text) = part { return text }
            return nil
        }.joined()
        let valid = written.count <= 64
            && written.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-@+".contains($0)) }
        guard !agent.parts.isEmpty, valid else {
            report(node, path, agent.parts.isEmpty ? "no agent named" : "'\(agent.description)' is not an identity or extension",
                   fix: "write an identity of agents.roster (letters, digits and ._-@+), an extension such as \"201\", "
                       + "or a variable such as \"${ext}\"")
            return nil
        }
        return agent
    }
}
