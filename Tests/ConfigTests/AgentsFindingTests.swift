import Testing
@testable import Config

/// Every mistake in `agents:` is a finding at its line:column with its key path.
@Suite struct AgentsFindingTests {
    @Test func unknownKeysSuggestTheRightOne() {
        let yaml = minimalYAML + """
        agents:
          wrapup_s: 5
          roster:
            - identity: alice
              extention: "201"
          groups:
            - name: sales
              members: [alice]
              strategie: in_order
        agnets: {}
        """
        #expect(lines(yaml) == [
            "test.yaml:4:3: agents.wrapup_s: unknown key; did you mean 'wrap_up_s'?",
            "test.yaml:7:7: agents.roster[0].extention: unknown key; did you mean 'extension'?",
            "test.yaml:11:7: agents.groups[0].strategie: unknown key; did you mean 'strategy'?",
            "test.yaml:12:1: agnets: unknown key; did you mean 'agents'?",
        ])
    }

    @Test(arguments: [
        ("agents: [a]\n", "test.yaml:3:9: agents: expected a mapping of keys to values, got a list; write the keys indented below 'agents'"),
        ("agents:\n  roster: {identity: alice}\n", "test.yaml:4:11: agents.roster: expected a list, got a mapping; write a list, e.g. '- identity: alice' items"),
        ("agents:\n  groups: sales\n", "test.yaml:4:11: agents.groups: expected a list, got the value 'sales'; write a list, e.g. '- name: sales' items"),
        ("agents:\n  roster:\n    - alice\n", "test.yaml:5:7: agents.roster[0]: expected a mapping of keys to values, got the value 'alice'; write the keys indented below 'agents.roster[0]'"),
        ("agents:\n  wrap_up_s: \"10\"\n", "test.yaml:4:14: agents.wrap_up_s: expected a number, got the quoted text \"10\"; remove the quotes"),
        ("agents:\n  ring_timeout_s: soon\n", "test.yaml:4:19: agents.ring_timeout_s: expected a whole number, got 'soon'; write a number from 5 to 300"),
        ("agents:\n  roster:\n    - identity: [alice]\n", "test.yaml:5:17: agents.roster[0].identity: expected an agent identity, got a list"),
        ("agents:\n  roster:\n    - identity: alice\n      name: {first: Alice}\n", "test.yaml:6:13: agents.roster[0].name: expected a display name, got a mapping"),
        ("agents:\n  groups:\n    - name: sales\n      members: alice\n", "test.yaml:6:16: agents.groups[0].members: expected a list, got the value 'alice'; write a list, e.g. [alice, bob]"),
    ])
    func wrongTypes(extra: String, expected: String) {
        #expect(lines(minimalYAML + extra) == [expected])
    }

    @Test(arguments: [
        ("agents:\n  wrap_up_s: 601\n", "test.yaml:4:14: agents.wrap_up_s: 601 is out of range; use a number from 0 to 600"),
        ("agents:\n  wrap_up_s: -1\n", "test.yaml:4:14: agents.wrap_up_s: -1 is out of range; use a number from 0 to 600"),
        ("agents:\n  ring_timeout_s: 4\n", "test.yaml:4:19: agents.ring_timeout_s: 4 is out of range; use a number from 5 to 300"),
        ("agents:\n  ring_timeout_s: 301\n", "test.yaml:4:19: agents.ring_timeout_s: 301 is out of range; use a number from 5 to 300"),
    ])
    func sectionNumbersOutOfRange(extra: String, expected: String) {
        #expect(lines(minimalYAML + extra) == [expected])
    }

    @Test func groupOverridesHaveTheSameRanges() {
        let yaml = minimalYAML + """
        agents:
          roster: [{identity: alice}]
          groups:
            - name: sales
              members: [alice]
              ring_timeout_s: 3
              wrap_up_s: 700
        """
        #expect(lines(yaml) == [
            "test.yaml:8:23: agents.groups[0].ring_timeout_s: 3 is out of range; use a number from 5 to 300",
            "test.yaml:9:18: agents.groups[0].wrap_up_s: 700 is out of range; use a number from 0 to 600",
        ])
    }

    @Test(arguments: [
        ("\"alice smith\"", "'alice smith' contains ' '; use letters, digits and . _ - @ +, e.g. alice"),
        ("alice/desk", "'alice/desk' contains '/'; use letters, digits and . _ - @ +, e.g. alice"),
        ("\"zoë\"", "'zoë' contains 'U+EB'; use letters, digits and . _ - @ +, e.g. alice"),
        ("\"\"", "must not be empty; use letters, digits and . _ - @ +, e.g. alice"),
        (String(repeating: "a", count: 65), "is longer than 64 characters; use letters, digits and . _ - @ +, e.g. alice"),
    ])
    func badIdentitySyntax(value: String, message: String) {
        let yaml = minimalYAML + "agents:\n  roster:\n    - identity: \(value)\n"
        #expect(lines(yaml) == ["test.yaml:5:17: agents.roster[0].identity: " + message])
    }

    @Test func missingIdentity() {
        let yaml = minimalYAML + "agents:\n  roster:\n    - name: Alice\n"
        #expect(lines(yaml) == [
            "test.yaml:5:7: agents.roster[0].identity: missing required key; add 'identity: alice' under 'agents.roster[0]'",
        ])
    }

    @Test(arguments: [
        ("\"2a1\"", "'2a1' contains 'a'; write 2 to 8 digits, e.g. \"201\", or leave the key out"),
        ("\"+201\"", "'+201' contains '+'; write 2 to 8 digits, e.g. \"201\", or leave the key out"),
        ("20.1", "'20.1' contains '.'; write 2 to 8 digits, e.g. \"201\", or leave the key out"),
        ("7", "'7' is too short; an extension has 2 to 8 digits; write 2 to 8 digits, e.g. \"201\", or leave the key out"),
        ("123456789", "is longer than 8 characters; write 2 to 8 digits, e.g. \"201\", or leave the key out"),
        ("\"\"", "must not be empty; write 2 to 8 digits, e.g. \"201\", or leave the key out"),
    ])
    func badExtension(value: String, message: String) {
        let yaml = minimalYAML + "agents:\n  roster:\n    - identity: alice\n      extension: \(value)\n"
        #expect(lines(yaml) == ["test.yaml:6:18: agents.roster[0].extension: " + message])
    }

    @Test func duplicateIdentitiesAndExtensions() {
        let yaml = minimalYAML + """
        agents:
          roster:
            - identity: alice
              extension: "201"
            - identity: bob
              extension: 201
            - identity: alice
            - identity: "202"
            - identity: carol
              extension: "202"
        """
        #expect(lines(yaml) == [
            "test.yaml:8:18: agents.roster[1].extension: extension '201' is already used by agents.roster[0]; give every agent its own extension, or none",
            "test.yaml:9:17: agents.roster[2].identity: identity 'alice' is already used by agents.roster[0]; give every agent its own identity",
            "test.yaml:12:18: agents.roster[4].extension: extension '202' is the identity of agents.roster[3]; dialing it would be ambiguous; choose another extension",
        ])
    }

    @Test func badMissingAndDuplicateGroupNames() {
        let yaml = minimalYAML + """
        agents:
          roster: [{identity: alice}]
          groups:
            - name: sales
              members: [alice]
            - name: "sales team"
              members: [alice]
            - name: sales
              members: [alice]
            - members: [alice]
            - name: "\(String(repeating: "g", count: 65))"
              members: [alice]
        """
        #expect(lines(yaml) == [
            "test.yaml:8:13: agents.groups[1].name: 'sales team' contains ' '; use letters, digits, '_' and '-', e.g. sales",
            "test.yaml:10:13: agents.groups[2].name: group name 'sales' is already used by agents.groups[0]; give every group its own name",
            "test.yaml:12:7: agents.groups[3].name: missing required key; add 'name: sales' under 'agents.groups[3]'",
            "test.yaml:13:13: agents.groups[4].name: is longer than 64 characters; use letters, digits, '_' and '-', e.g. sales",
        ])
    }

    @Test(arguments: [
        ("randomly", "unknown strategy 'randomly'; strategies: ring_all, round_robin, longest_idle, in_order"),
        ("roundrobin", "unknown strategy 'roundrobin'; did you mean 'round_robin'? strategies: ring_all, round_robin, longest_idle, in_order"),
        ("\"\"", "unknown strategy ''; strategies: ring_all, round_robin, longest_idle, in_order"),
    ])
    func unknownStrategyListsAllFour(value: String, message: String) {
        let yaml = minimalYAML + """
        agents:
          roster: [{identity: alice}]
          groups:
            - name: sales
              strategy: \(value)
              members: [alice]
        """
        #expect(lines(yaml) == ["test.yaml:7:17: agents.groups[0].strategy: " + message])
    }

    @Test func emptyOrMissingMembers() {
        let yaml = minimalYAML + """
        agents:
          roster: [{identity: alice}, {identity: bob}, {identity: carol}]
          groups:
            - name: a
            - name: b
              members: []
            - name: c
              members: ~
        """
        #expect(lines(yaml) == [
            "test.yaml:6:7: agents.groups[0].members: missing required key; add 'members: [alice, bob]' under 'agents.groups[0]'",
            "test.yaml:8:16: agents.groups[1].members: needs at least one member; e.g. members: [alice, bob]",
            "test.yaml:10:16: agents.groups[2].members: needs at least one member; e.g. members: [alice, bob]",
        ])
    }

    @Test func membersMustBeOnTheRosterAndListedOnce() {
        let yaml = minimalYAML + """
        agents:
          roster:
            - identity: alice
              extension: "201"
            - identity: bob
          groups:
            - name: sales
              members: [alice, alcie, bob, alice, "201", dave, "x y"]
        """
        let prefix = "test.yaml:10:"
        #expect(lines(yaml) == [
            prefix + "24: agents.groups[0].members[1]: no agent on the roster has the identity 'alcie'; did you mean 'alice'?",
            prefix + "36: agents.groups[0].members[3]: 'alice' is already listed as agents.groups[0].members[0]; list each member once",
            prefix + "43: agents.groups[0].members[4]: no agent on the roster has the identity '201'; '201' is the extension of 'alice'; members are identities: write alice",
            prefix + "50: agents.groups[0].members[5]: no agent on the roster has the identity 'dave'; agents on the roster: alice, bob",
            prefix + "56: agents.groups[0].members[6]: 'x y' contains ' '; use letters, digits and . _ - @ +, e.g. alice",
        ])
    }

    @Test func memberWithAnEmptyRoster() {
        let yaml = minimalYAML + "agents:\n  groups:\n    - name: sales\n      members: [alice]\n"
        #expect(lines(yaml) == [
            "test.yaml:6:17: agents.groups[0].members[0]: no agent on the roster has the identity 'alice'; add '- identity: alice' under 'agents.roster'",
        ])
    }

    @Test func aRejectedRosterEntryDoesNotCascadeIntoMemberFindings() {
        let yaml = minimalYAML + """
        agents:
          roster:
            - identity: "al ice"
            - bob
          groups:
            - name: sales
              members: [alice, bob]
        """
        #expect(lines(yaml) == [
            "test.yaml:5:17: agents.roster[0].identity: 'al ice' contains ' '; use letters, digits and . _ - @ +, e.g. alice",
            "test.yaml:6:7: agents.roster[1]: expected a mapping of keys to values, got the value 'bob'; write the keys indented below 'agents.roster[1]'",
        ])
    }

    @Test func everyMistakeInTheSectionIsReportedAtOnce() {
        let yaml = minimalYAML + """
        agents:
          ring_timeout_s: 1
          roster:
            - identity: alice
            - identity: alice
          groups:
            - name: sales
              strategy: fifo
              members: [alice, bobby]
        """
        #expect(findings(yaml).map { "\($0.line):\($0.column) \($0.keyPath)" } == [
            "4:19 agents.ring_timeout_s",
            "7:17 agents.roster[1].identity",
            "10:17 agents.groups[0].strategy",
            "11:24 agents.groups[0].members[1]",
        ])
    }
}
