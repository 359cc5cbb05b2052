import CoreTypes
import Yams

/// Decoding of the `agents:` section: timers, the roster and the groups
/// (docs/configuration.md, "agents").
extension ConfigDecoder {
    static let agentsKeys = ["wrap_up_s", "ring_timeout_s", "roster", "groups"]
    static let agentKeys = ["identity", "name", "extension"]
    static let agentGroupKeys = ["name", "strategy", "members", "ring_timeout_s", "wrap_up_s"]

    mutating func decodeAgents(_ m: MappingReader) -> AgentsConfig {
        var agents = AgentsConfig()
        agents.wrapUp = .seconds(value(m, "wrap_up_s", default: 10, expecting: "a number of seconds",
                                       ValueParsers.integer(in: AgentsConfig.wrapUpSecondsRange)))
        agents.ringTimeout = .seconds(value(m, "ring_timeout_s", default: 20, expecting: "a number of seconds",
                                            ValueParsers.integer(in: AgentsConfig.ringTimeoutSecondsRange)))
        let rosterPath = m.child("roster")
        agents.roster = sequence(m.node("roster"), path: rosterPath, example: "'- identity: alice' items")
            .enumerated().map { decodeAgent($0.element, path: rosterPath + "[\($0.offset)]") }
        checkRoster(agents.roster, path: rosterPath)

        // Members are checked against the roster only when every identity on it was read:
        // a rejected identity may be the one a member names.
        let rosterIsWhole = !rejected.contains(rosterPath) && agents.roster.indices.allSatisfy {
            !rejected.contains(rosterPath + "[\($0)]") && !rejected.contains(rosterPath + "[\($0)].identity")
        }
        let groupsPath = m.child("groups")
        agents.groups = sequence(m.node("groups"), path: groupsPath, example: "'- name: sales' items")
            .enumerated().map {
                decodeAgentGroup($0.element, path: groupsPath + "[\($0.offset)]",
                                 roster: rosterIsWhole ? agents.roster : nil)
            }
        checkGroupNames(agents.groups, path: groupsPath)
        return agents
    }

    /// Identities are what a browser connects with (`?identity=...`), so they stay
    /// within characters that need no escaping in a URL query or a log line.
    static func agentIdentity(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 64, describe: "use letters, digits and . _ - @ +, e.g. alice") {
            $0.isASCIILetter || $0.isASCIIDigit || "._-@+".contains($0)
        }(scalar)
    }

    /// Extensions are dialed, so only digits; quoted or not (`"201"` and `201` are the same).
    static func agentExtension(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        let describe = "write 2 to 8 digits, e.g. \"201\", or leave the key out"
        let digits = try ValueParsers.restrictedText(maxLength: 8, describe: describe) { $0.isASCIIDigit }(scalar)
        guard digits.count >= 2 else {
            throw ValueProblem("'\(digits)' is too short; an extension has 2 to 8 digits", fix: describe)
        }
        return digits
    }

    /// Group names appear in dialplans and logs: letters, digits, '_' and '-'.
    static func agentGroupName(_ scalar: Node.Scalar) throws(ValueProblem) -> String {
        try ValueParsers.restrictedText(maxLength: 64, describe: "use letters, digits, '_' and '-', e.g. sales") {
            $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == "-"
        }(scalar)
    }

    /// A display name: any text without control characters; `""` means none.
    static func agentDisplayName(_ scalar: Node.Scalar) throws(ValueProblem) -> String? {
        let text = try ValueParsers.restrictedText(
            maxLength: 64, allowEmpty: true, describe: "use at most 64 characters on one line, e.g. \"Alice Martin\""
        ) { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }(scalar)
        return text.isEmpty ? nil : text
    }

    /// One of the four ring strategies, case-insensitive; a mistake lists all four.
    static func ringStrategy(_ scalar: Node.Scalar) throws(ValueProblem) -> RingStrategy {
        let word = scalar.string.lowercased()
        if let strategy = RingStrategy(rawValue: word) { return strategy }
        let allowed = RingStrategy.allCases.map(\.rawValue)
        let list = "strategies: " + allowed.joined(separator: ", ")
        let fix = Suggestion.closest(to: word, among: allowed).map { "did you mean '\($0)'? \(list)" } ?? list
        throw ValueProblem("unknown strategy '\(scalar.string)'", fix: fix)
    }

    mutating func decodeAgent(_ node: Node, path: String) -> AgentEntry {
        let m = mapping(node, path: path, anchor: nil, keys: Self.agentKeys)
        // An item that is not a mapping was reported; its keys are not missing on top of that.
        if rejected.contains(path) { return AgentEntry(identity: "") }
        return AgentEntry(
            identity: requiredValue(m, "identity", expecting: "an agent identity", example: "alice",
                                    Self.agentIdentity) ?? "",
            name: optionalValue(m, "name", expecting: "a display name", Self.agentDisplayName) ?? nil,
            extension: optionalValue(m, "extension", expecting: "2 to 8 digits", Self.agentExtension))
    }

    /// `roster` is nil when it cannot be trusted to be complete; members are then not
    /// looked up in it.
    mutating func decodeAgentGroup(_ node: Node, path: String, roster: [AgentEntry]?) -> AgentGroupConfig {
        let m = mapping(node, path: path, anchor: nil, keys: Self.agentGroupKeys)
        if rejected.contains(path) { return AgentGroupConfig(name: "", members: []) }
        let seconds = { (range: ClosedRange<Int>) in ValueParsers.integer(in: range) }
        return AgentGroupConfig(
            name: requiredValue(m, "name", expecting: "a group name", example: "sales", Self.agentGroupName) ?? "",
            strategy: value(m, "strategy", default: .ringAll, expecting: "a ring strategy", Self.ringStrategy),
            members: decodeMembers(m, roster: roster),
            ringTimeout: optionalValue(m, "ring_timeout_s", expecting: "a number of seconds",
                                       seconds(AgentsConfig.ringTimeoutSecondsRange)).map { .seconds($0) },
            wrapUp: optionalValue(m, "wrap_up_s", expecting: "a number of seconds",
                                  seconds(AgentsConfig.wrapUpSecondsRange)).map { .seconds($0) })
    }

    /// The members of one group: required, non-empty, each on the roster and listed once.
    private mutating func decodeMembers(_ m: MappingReader, roster: [AgentEntry]?) -> [String] {
        let path = m.child("members")
        let identities = (roster ?? []).map(\.identity).filter { !$0.isEmpty }
        let shown = identities.isEmpty ? ["alice", "bob"] : Array(identities.prefix(2))
        let example = "[" + shown.joined(separator: ", ") + "]"
        guard let node = m.node("members") else {
            report(m.anchor, path, "missing required key", fix: "add 'members: \(example)' under '\(m.path)'")
            reject(path)
            return []
        }
        let items = sequence(node, path: path, example: example)
        if rejected.contains(path) { return [] }
        if items.isEmpty {
            report(SourcePosition(node.mark), path, "needs at least one member", fix: "e.g. members: \(example)")
            reject(path)
            return []
        }
        var members: [String] = []
        var firstIndex: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = path + "[\(index)]"
            guard case .found(let identity) = lookup(item, path: itemPath, expecting: "an agent identity",
                                                      Self.agentIdentity) else { continue }
            if let earlier = firstIndex[identity] {
                report(SourcePosition(item.mark), itemPath, "'\(identity)' is already listed as \(path)[\(earlier)]",
                       fix: "list each member once")
                continue
            }
            firstIndex[identity] = index
            if let roster, !roster.contains(where: { $0.identity == identity }) {
                report(SourcePosition(item.mark), itemPath, "no agent on the roster has the identity '\(identity)'",
                       fix: Self.unknownMemberFix(identity, roster: roster))
                continue
            }
            members.append(identity)
        }
        return members
    }

    private static func unknownMemberFix(_ identity: String, roster: [AgentEntry]) -> String {
        if let owner = roster.first(where: { $0.extension == identity }), !owner.identity.isEmpty {
            return "'\(identity)' is the extension of '\(owner.identity)'; members are identities: write \(owner.identity)"
        }
        var seen: Set<String> = []
        let identities = roster.map(\.identity).filter { !$0.isEmpty && seen.insert($0).inserted }
        if identities.isEmpty { return "add '- identity: \(identity)' under 'agents.roster'" }
        return Suggestion.fix(for: identity, among: identities, listing: "agents on the roster")
    }

    /// Identities and extensions are unique, and an extension must not be another
    /// agent's identity: direct dialing by either could not tell them apart.
    private mutating func checkRoster(_ roster: [AgentEntry], path: String) {
        var identityIndex: [String: Int] = [:]
        var extensionIndex: [String: Int] = [:]
        for (index, agent) in roster.enumerated() where !agent.identity.isEmpty {
            let identityPath = path + "[\(index)].identity"
            if let earlier = identityIndex[agent.identity] {
                report(positions[identityPath], identityPath,
                       "identity '\(agent.identity)' is already used by \(path)[\(earlier)]",
                       fix: "give every agent its own identity")
            } else {
                identityIndex[agent.identity] = index
            }
        }
        for (index, agent) in roster.enumerated() {
            guard let number = agent.extension else { continue }
            let extensionPath = path + "[\(index)].extension"
            if let earlier = extensionIndex[number] {
                report(positions[extensionPath], extensionPath,
                       "extension '\(number)' is already used by \(path)[\(earlier)]",
                       fix: "give every agent its own extension, or none")
            } else if let other = identityIndex[number], other != index {
                report(positions[extensionPath], extensionPath,
                       "extension '\(number)' is the identity of \(path)[\(other)]; dialing it would be ambiguous",
                       fix: "choose another extension")
                extensionIndex[number] = index
            } else {
                extensionIndex[number] = index
            }
        }
    }

    private mutating func checkGroupNames(_ groups: [AgentGroupConfig], path: String) {
        var firstIndex: [String: Int] = [:]
        for (index, group) in groups.enumerated() where !group.name.isEmpty {
            let namePath = path + "[\(index)].name"
            if let earlier = firstIndex[group.name] {
                report(positions[namePath], namePath, "group name '\(group.name)' is already used by \(path)[\(earlier)]",
                       fix: "give every group its own name")
            } else {
                firstIndex[group.name] = index
            }
        }
    }
}
