import Testing
import Dialplan

@Suite struct BoundsTests {
    @Test func hugeFileIsRefusedBeforeParsing() throws {
        let text = "# " + String(repeating: "x", count: 1 << 20)
        let found = findings(text)
        #expect(found.count == 1)
        #expect(found.first?.line == 0)
        #expect(found.first?.problem == "file is \(text.utf8.count) bytes, more than the limit of 1048576")
    }

    @Test func deepFlowNestingIsRefusedBeforeParsing() throws {
        let text = "contexts: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let finding = try #require(findings(text).first)
        #expect(finding.problem == "nesting is deeper than 24 levels")
        #expect(finding.line == 1 && finding.column == 35)   // the 25th '['
    }

    @Test func deepBlockNestingIsRefusedBeforeParsing() throws {
        let text = "contexts:\n" + String(repeating: "- ", count: 5_000) + "x\n"
        let finding = try #require(findings(text).first)
        #expect(finding.problem == "nesting is deeper than 24 levels")
        #expect(finding.line == 2)
    }

    @Test func moderateNestingStillCheckedAfterParsing() throws {
        var limits = DialplanLimits()
        limits.maxDepth = 4
        let text = "contexts: {a: {rules: [{match: {exact: '1'}}]}}"
        // Flow depth 4 passes the pre-check; the tree has 6 levels with keys and values.
        let found = findings(text, limits: limits)
        #expect(found.map(\.problem) == ["nesting is deeper than 4 levels"])
    }

    @Test func longRegexIsRefused() throws {
        let regex = "\\+1" + String(repeating: "[0-9]", count: 60)
        let found = findings(plan("""
              - match: {regex: '\(regex)'}
                dial: {trunks: [carrier]}
        """))
        #expect(found.map(\.problem) == ["regular expression is longer than 256 characters"])
    }

    @Test func tooManyRules() throws {
        var limits = DialplanLimits()
        limits.maxRulesPerContext = 2
        let found = findings(plan("""
              - match: {exact: "1"}
                hangup: call_rejected
              - match: {exact: "2"}
                hangup: call_rejected
              - match: {exact: "3"}
                hangup: call_rejected
        """), limits: limits)
        #expect(found.map { "\($0.line):\($0.column) \($0.problem)" } == ["6:7 3 rules, more than the limit of 2"])
    }

    @Test func anchorsAndAliasesAreRefused() throws {
        // A "billion laughs" expansion stays a few bytes of text.
        let text = """
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        contexts: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        """
        let found = findings(text)
        #expect(found.map { "\($0.line):\($0.column) \($0.problem)" } ==
                ["1:4 YAML anchors and aliases (&name, *name) are not supported"])
    }
}

@Suite struct GarbageTests {
    @Test func syntaxErrorPointsAtTheSpot() throws {
        let finding = try #require(findings("contexts:\n  c: [unclosed\n  d: 1\n").first)
        #expect(finding.problem.hasPrefix("YAML syntax error: "))
        #expect(finding.line == 3)
    }

    @Test func unquotedStarCodeGetsAHint() throws {
        let finding = try #require(findings(plan("""
              - match: {exact: *43}
                echo: {}
        """)).first)
        #expect(finding.line == 6)
        #expect(finding.fix == "quote values that start with '*' or '&', e.g. \"*43\"")
    }

    @Test func nonMappingDocuments() {
        #expect(findings("just words").map(\.problem) == ["expected a mapping of keys to values, got 'just words'"])
        #expect(findings("").map(\.problem) == ["the file is empty"])
        #expect(findings("- 1\n- 2").map(\.problem) == ["expected a mapping of keys to values, got a list"])
        #expect(findings("contexts:\n  c: 5\n").map { "\($0.line):\($0.column)" } == ["2:6"])
    }

    @Test func binaryNoiseNeverTraps() {
        var state: UInt32 = 12345
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<64 {
                state = state &* 1_103_515_245 &+ 12345
                bytes.append(UInt8(truncatingIfNeeded: state >> 16))
            }
            let text = String(decoding: bytes, as: UTF8.self)
            // Random bytes never form a valid dialplan; the point is that nothing traps.
            #expect(!findings(text).isEmpty)
        }
    }
}
