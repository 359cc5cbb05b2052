import Testing
@testable import Config

/// Checks across keys: unique trunk names and references to trunks.
@Suite struct ReferenceFindingTests {
    @Test func duplicateTrunkNames() {
        let yaml = minimalYAML + """
        calls: {default_trunk: carrier}
        trunks:
          - name: carrier
            address: 192.0.2.20
          - name: backup
            address: 192.0.2.21
          - name: carrier
            address: 192.0.2.22
        """
        #expect(lines(yaml) == [
            "test.yaml:9:11: trunks[2].name: trunk name 'carrier' is already used by trunks[0]; give every trunk its own name",
        ])
    }

    @Test func defaultTrunkMustNameATrunk() {
        let yaml = minimalYAML + """
        calls:
          default_trunk: carier
        trunks:
          - name: carrier
            address: 192.0.2.20
        """
        #expect(lines(yaml) == [
            "test.yaml:4:18: calls.default_trunk: no trunk is named 'carier'; did you mean 'carrier'?",
        ])
    }

    @Test func defaultTrunkWithoutAnyTrunk() {
        let yaml = minimalYAML + "calls:\n  default_trunk: carrier\n"
        #expect(lines(yaml) == [
            "test.yaml:4:18: calls.default_trunk: no trunk is named 'carrier'; define it under 'trunks' or remove this key",
        ])
    }

    @Test func defaultTrunkRequiredWhenTrunksExist() {
        let yaml = minimalYAML + """
        calls:
          answer_timeout_s: 30
        trunks:
          - name: pbx
            address: 192.0.2.20
        """
        #expect(lines(yaml) == [
            "test.yaml:3:1: calls.default_trunk: missing required key; dialed numbers need a trunk when trunks are configured; add 'default_trunk: pbx' under 'calls'",
        ])
    }

    @Test func badTrunkNameDoesNotCascadeIntoReferenceFindings() {
        let yaml = minimalYAML + """
        calls: {default_trunk: "my trunk"}
        trunks:
          - name: "my trunk"
            address: 192.0.2.20
        """
        #expect(lines(yaml) == [
            "test.yaml:3:24: calls.default_trunk: 'my trunk' contains ' '; use letters, digits, '_' and '-', e.g. carrier",
            "test.yaml:5:11: trunks[0].name: 'my trunk' contains ' '; use letters, digits, '_' and '-', e.g. carrier",
        ])
    }
}
