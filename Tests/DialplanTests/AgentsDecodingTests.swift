import Testing
@testable import Dialplan

/// The `agents` step: both forms, every finding with its place, and the names it refers to.
/// Rule lines start at line 6; a rule's first key is at column 9 ("      - match").
@Suite struct AgentsDecodingTests {
    func steps(_ rules: String, agentGroups: Set<String>? = nil) throws -> [Step] {
        let dialplan = try DialplanLoader.load(files: [DialplanFile(name: "test.yaml", contents: plan(kind: "trunk", rules))],
                                               references: DialplanReferences(trunks: ["carrier"], agentGroups: agentGroups))
        return try #require(dialplan.contexts["c"]?.rules.first).steps
    }

    /// "line:column path: problem; fix" of each finding.
    func placed(_ rules: String, prompts: Set<String>? = nil, agentGroups: Set<String>? = nil) -> [String] {
        do {
            _ = try DialplanLoader.load(files: [DialplanFile(name: "test.yaml", contents: plan(kind: "trunk", rules))],
                                        references: DialplanReferences(trunks: ["carrier"], prompts: prompts,
                                                                       agentGroups: agentGroups))
            return []
        } catch {
            return error.findings.map { "\($0.line):\($0.column) \($0.path): \($0.problem); \($0.fix ?? "")" }
        }
    }

    @Test func theShortFormRingsAGroupWithTheDefaults() throws {
        let found = try steps("""
              - match: {pattern: "!"}
                agents: sales
        """, agentGroups: ["sales"])
        #expect(found == [.agents(AgentsStep(target: .group("sales")))])
        #expect(found.first.map { if case .agents(let step) = $0 { step.maxWaitSeconds } else { 0 } } == 300)
    }

    @Test func theMappingFormTakesEveryOption() throws {
        let found = try steps("""
              - match: {pattern: "!"}
                steps:
                  - agents:
                      group: sales
                      max_wait: 120
                      music: hold-music
                      announce_position: 30
                  - collect: {into: ext, min: 3, max: 3}
                  - agents: {agent: "${ext}", max_wait: 5}
                  - agents: {agent: alice@example.com, max_wait: 3600, announce_position: 600}
                  - hangup: no_answer
        """)
        #expect(found == [
            .agents(AgentsStep(target: .group("sales"), maxWaitSeconds: 120, music: "hold-music", announceEverySeconds: 30)),
            .collect(CollectStep(variable: "ext", minDigits: 3, maxDigits: 3)),
            .agents(AgentsStep(target: .agent(Template(parts: [.variable("ext")])), maxWaitSeconds: 5)),
            .agents(AgentsStep(target: .agent(Template(literal: "alice@example.com")), maxWaitSeconds: 3600,
                               announceEverySeconds: 600)),
            .hangup(cause: "no_answer"),
        ])
    }

    @Test func aFailedAgentsStepDoesNotEndTheSteps() throws {
        #expect(Step.agents(AgentsStep(target: .group("sales"))).endsSteps == false)
        // Steps after an agents step are its fallback: no "never run" finding.
        #expect(placed("""
              - match: {pattern: "!"}
                steps: [{agents: sales}, {play: sorry}, {hangup: normal_clearing}]
        """) == [])
    }

    @Test func groupAndAgentTogetherOrNeither() {
        #expect(placed("""
              - match: {prefix: "+1"}
                agents: {group: sales, agent: "201"}
              - match: {prefix: "+2"}
                agents: {max_wait: 60}
        """) == [
            "7:17 contexts.c.rules[0].agents: 'group' and 'agent' together; "
                + "keep one: 'group' rings a group, 'agent' one agent; use two steps to try both",
            "9:9 contexts.c.rules[1].agents: 'agents' names no one to ring; "
                + "add 'group: <name>' for a group or 'agent: <identity or extension>' for one agent",
        ])
    }

    @Test func rangesAreChecked() {
        #expect(placed("""
              - match: {prefix: "+1"}
                agents: {group: sales, max_wait: 4, announce_position: 9}
              - match: {prefix: "+2"}
                agents: {group: sales, max_wait: 3601, announce_position: 601}
        """) == [
            "7:42 contexts.c.rules[0].agents.max_wait: 4 is out of range; write a number between 5 and 3600",
            "7:64 contexts.c.rules[0].agents.announce_position: 9 is out of range; write a number between 10 and 600",
            "9:42 contexts.c.rules[1].agents.max_wait: 3601 is out of range; write a number between 5 and 3600",
            "9:67 contexts.c.rules[1].agents.announce_position: 601 is out of range; write a number between 10 and 600",
        ])
    }

    @Test func unknownKeysAndWrongTypes() {
        #expect(placed("""
              - match: {prefix: "+1"}
                agents: {group: sales, max_wiat: 60}
              - match: {prefix: "+2"}
                agents: {group: [sales, support]}
              - match: {prefix: "+3"}
                agents: [sales]
              - match: {prefix: "+4"}
                agents:
              - match: {prefix: "+5"}
                agents: {group: sales, max_wait: soon, music: {prompt: jazz}}
        """) == [
            "7:32 contexts.c.rules[0].agents.max_wiat: unknown key 'max_wiat'; did you mean 'max_wait'?",
            "9:25 contexts.c.rules[1].agents.group: expected a group name, got a list; ",
            "11:17 contexts.c.rules[2].agents: expected a group name or a mapping, got a list; "
                + "write 'agents: sales' or 'agents: {group: sales, max_wait: 120}'",
            "13:16 contexts.c.rules[3].agents: expected a group name, got nothing; ",
            "15:42 contexts.c.rules[4].agents.max_wait: expected a whole number, got 'soon'; write a number between 5 and 3600",
            "15:55 contexts.c.rules[4].agents.music: expected a prompt name, got a mapping; ",
        ])
    }

    @Test func badGroupNamesAndAgents() {
        #expect(placed("""
              - match: {prefix: "+1"}
                agents: "sales team"
              - match: {prefix: "+2"}
                agents: {agent: "bob smith"}
              - match: {prefix: "+3"}
                agents: {agent: "${Ext}"}
              - match: {prefix: "+4"}
                agents: {agent: ""}
        """) == [
            "7:17 contexts.c.rules[0].agents: 'sales team' is not a group name; "
                + "write the name of a group of agents.groups in gateway.yaml: letters, digits, '_' and '-', at most 64",
            "9:25 contexts.c.rules[1].agents.agent: 'bob smith' is not an identity or extension; "
                + "write an identity of agents.roster (letters, digits and ._-@+), an extension such as \"201\", "
                + "or a variable such as \"${ext}\"",
            "11:25 contexts.c.rules[2].agents.agent: 'Ext' is not a variable name in '${Ext}'; "
                + "use lower-case letters, digits and '_', starting with a letter",
            "13:25 contexts.c.rules[3].agents.agent: no agent named; "
                + "write an identity of agents.roster (letters, digits and ._-@+), an extension such as \"201\", "
                + "or a variable such as \"${ext}\"",
        ])
    }

    @Test func groupsAreCheckedAgainstGatewayYAMLWhenKnown() {
        let rules = """
              - match: {prefix: "+1"}
                agents: salse
              - match: {prefix: "+2"}
                agents: {group: support}
        """
        #expect(placed(rules, agentGroups: ["sales", "support"]) == [
            "7:17 contexts.c.rules[0].agents: unknown agent group 'salse'; did you mean 'sales'?",
        ])
        #expect(placed(rules, agentGroups: nil) == [], "nil skips the check")
        #expect(placed(rules, agentGroups: []) == [
            "7:17 contexts.c.rules[0].agents: unknown agent group 'salse'; define it under 'agents: groups:' in gateway.yaml",
            "9:25 contexts.c.rules[1].agents.group: unknown agent group 'support'; "
                + "define it under 'agents: groups:' in gateway.yaml",
        ])
        #expect(placed(rules, agentGroups: ["billing", "marketing"]) == [
            "7:17 contexts.c.rules[0].agents: unknown agent group 'salse'; known agent groups: billing, marketing",
            "9:25 contexts.c.rules[1].agents.group: unknown agent group 'support'; known agent groups: billing, marketing",
        ])
    }

    @Test func musicAndPositionPromptsAreCheckedWhenPromptsAreKnown() {
        let rules = """
              - match: {pattern: "!"}
                agents: {group: sales, music: hold-musik, announce_position: 30}
        """
        let positionPrompts = Set(["queue-position"] + (0...9).map { "digit-\($0)" })
        #expect(placed(rules, prompts: positionPrompts.union(["hold-music"])) == [
            "7:39 contexts.c.rules[0].agents.music: unknown prompt 'hold-musik'; did you mean 'hold-music'?",
        ])
        #expect(placed(rules, prompts: positionPrompts.union(["hold-musik"])) == [])
        #expect(placed(rules, prompts: ["hold-musik", "digit-0", "digit-1", "digit-2", "digit-3", "digit-4",
                                        "digit-5", "digit-6", "digit-8", "digit-9"]) == [
            "7:70 contexts.c.rules[0].agents.announce_position: missing prompts for announcing the queue position: "
                + "queue-position, digit-7; add queue-position.wav, digit-7.wav to Dialplans/prompts, or remove announce_position",
        ])
        #expect(placed(rules, prompts: nil) == [], "nil skips the check")
        // Without announce_position the digit prompts are not needed.
        #expect(placed("""
              - match: {pattern: "!"}
                agents: {group: sales, music: hold-music}
        """, prompts: ["hold-music"]) == [])
    }

    @Test func agentTemplatesNeedVariablesThatAreSet() {
        #expect(placed("""
              - match: {pattern: "!"}
                steps:
                  - collect: {into: ext, min: 3, max: 3}
                  - agents: {agent: "${extn}"}
        """) == [
            "9:29 contexts.c.rules[0].steps[1].agents.agent: variable 'extn' is never set, so it is always empty; "
                + "did you mean 'ext'?",
        ])
    }
}
