import Testing
@testable import Config

/// Unknown keys, wrong types and missing keys, each at its exact line:column.
@Suite struct KeyFindingTests {
    @Test func misspelledTrunkKeySuggestsTheRightOne() {
        let yaml = """
        media:
          public_address: 192.0.2.10
        calls:
          default_trunk: carrier
        trunks:
          - name: carrier
            adress: "sip.example.net:5060"
        """
        #expect(lines(yaml) == [
            "test.yaml:6:5: trunks[0].address: missing required key; add 'address: sip.example.net:5060' under 'trunks[0]'",
            "test.yaml:7:5: trunks[0].adress: unknown key; did you mean 'address'?",
        ])
    }

    @Test func unknownKeyWithNothingCloseListsTheAllowedKeys() {
        let yaml = minimalYAML + """
        log:
          colour: true
        """
        #expect(lines(yaml) == [
            "test.yaml:4:3: log.colour: unknown key; allowed keys here: level, format",
        ])
    }

    @Test func unknownTopLevelSection() {
        let yaml = minimalYAML + "trunk:\n  - name: x\n"
        #expect(lines(yaml) == ["test.yaml:3:1: trunk: unknown key; did you mean 'trunks'?"])
    }

    @Test(arguments: [
        ("http: 5\n", "test.yaml:3:7: http: expected a mapping of keys to values, got the value '5'; write the keys indented below 'http'"),
        ("trunks: {name: a}\n", "test.yaml:3:9: trunks: expected a list, got a mapping; write a list, e.g. '- name: carrier' items"),
        ("sip:\n  listen: [a, b]\n", "test.yaml:4:11: sip.listen: expected host:port text, got a list"),
        ("sip:\n  timer_t1_ms: fast\n", "test.yaml:4:16: sip.timer_t1_ms: expected a whole number, got 'fast'; write a number from 100 to 5000"),
        ("sip:\n  timer_t1_ms: \"500\"\n", "test.yaml:4:16: sip.timer_t1_ms: expected a number, got the quoted text \"500\"; remove the quotes"),
        ("sip:\n  timer_t1_ms: 1.5\n", "test.yaml:4:16: sip.timer_t1_ms: expected a whole number, got '1.5'; write a number from 100 to 5000"),
        ("log:\n  level: verbose\n", "test.yaml:4:10: log.level: unknown value 'verbose'; allowed values: trace, debug, info, notice, warning, error, critical"),
        ("log:\n  level: warn\n", "test.yaml:4:10: log.level: unknown value 'warn'; did you mean 'warning'?"),
        ("log:\n  format: jsn\n", "test.yaml:4:11: log.format: unknown value 'jsn'; did you mean 'json'?"),
    ])
    func wrongTypes(extra: String, expected: String) {
        #expect(lines(minimalYAML + extra) == [expected])
    }

    @Test func missingRequiredKeyWhenTheSectionIsAbsent() {
        let yaml = """
        http:
          listen: "0.0.0.0:8080"
        """
        #expect(lines(yaml) == [
            "test.yaml:1:1: media.public_address: missing required key; add 'public_address: 203.0.113.10' under 'media'",
        ])
    }

    @Test func missingRequiredKeyPointsAtItsSection() {
        let yaml = """
        http:
          listen: "0.0.0.0:8080"
        media:
          bind_address: 0.0.0.0
        """
        #expect(lines(yaml) == [
            "test.yaml:3:1: media.public_address: missing required key; add 'public_address: 203.0.113.10' under 'media'",
        ])
    }

    @Test func requiredKeyWithoutValue() {
        #expect(lines("media:\n  public_address:\n") == [
            "test.yaml:2:18: media.public_address: needs a value; write e.g. 'public_address: 203.0.113.10'",
        ])
    }

    @Test func emptyFileReportsTheRequiredKey() {
        #expect(lines("") == [
            "test.yaml:1:1: media.public_address: missing required key; add 'public_address: 203.0.113.10' under 'media'",
        ])
    }

    @Test func rootMustBeAMapping() {
        let found = findings("- a\n- b\n")
        #expect(found.first?.description == "test.yaml:1:1: expected a mapping of keys to values, got a list; write the keys indented below 'the top level'")
    }

    @Test func trunkItemWithoutNameAndAddress() {
        let yaml = minimalYAML + """
        trunks:
          - transport: udp
        """
        #expect(lines(yaml) == [
            "test.yaml:1:1: calls.default_trunk: missing required key; dialed numbers need a trunk when trunks are configured; add 'default_trunk: carrier' under 'calls'",
            "test.yaml:4:5: trunks[0].name: missing required key; add 'name: carrier' under 'trunks[0]'",
            "test.yaml:4:5: trunks[0].address: missing required key; add 'address: sip.example.net:5060' under 'trunks[0]'",
        ])
    }
}
