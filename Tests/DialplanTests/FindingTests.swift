import Testing
import Dialplan

/// Each finding with its exact place. Rule lines start at line 6; a rule's first key is
/// at column 9 ("      - match").
@Suite struct FindingTests {
    func only(_ found: [DialplanFinding]) throws -> DialplanFinding {
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }

    @Test func unknownKeySuggestsTheNearestOne() throws {
        let found = findings(plan("""
              - match: {prefix: "+1"}
                dial: {trunks: [carrier], answer_timout_s: 30}
        """))
        let finding = try only(found)
        #expect(finding.line == 7 && finding.column == 35)
        #expect(finding.path == "contexts.c.rules[0].dial.answer_timout_s")
        #expect(finding.problem == "unknown key 'answer_timout_s'")
        #expect(finding.fix == "did you mean 'answer_timeout_s'?")
        #expect(finding.description.hasPrefix("test.yaml:7:35: contexts.c.rules[0].dial.answer_timout_s: unknown key"))
    }

    @Test func misspelledStepLeavesTheRuleWithoutSteps() {
        let found = findings(plan("""
              - match: {prefix: "+1"}
                dail: {trunks: [carrier]}
        """))
        #expect(found.map { "\($0.line):\($0.column) \($0.problem) \($0.fix ?? "")" } == [
            "6:9 rule has no steps add a step such as 'dial:', 'goto:' or 'hangup:'",
            "7:9 unknown key 'dail' did you mean 'dial'?",
        ])
    }

    @Test func wrongTypes() {
        let found = findings(plan("""
              - match: {prefix: "+1"}
                dial: {trunks: carrier, answer_timeout_s: soon}
              - match: [exact, "+1"]
                hangup: call_rejected
        """))
        #expect(found.map { "\($0.line):\($0.column) \($0.path)" } == [
            "7:24 contexts.c.rules[0].dial.trunks",
            "7:51 contexts.c.rules[0].dial.answer_timeout_s",
            "8:16 contexts.c.rules[1].match",
        ])
        #expect(found.first?.problem == "expected a list, got 'carrier'")
        #expect(found.last?.problem == "expected a mapping of keys to values, got a list")
    }

    @Test func unknownNamesAreFoundWithSuggestions() {
        let found = findings(plan("""
              - match: {prefix: "+1"}
                dial: {trunks: [carier]}
              - match: {prefix: "+44"}
                goto: elsewhere
              - match: {prefix: "+33"}
                play: welcom
        """), prompts: ["welcome"])
        #expect(found.map { "\($0.line):\($0.column) \($0.problem); \($0.fix ?? "")" } == [
            "7:25 unknown trunk 'carier'; did you mean 'carrier'?",
            "9:15 unknown context 'elsewhere'; known contexts: c",
            "11:15 unknown prompt 'welcom'; did you mean 'welcome'?",
        ])
    }

    @Test func badPatternsAndCauses() {
        let found = findings(plan("""
              - match: {pattern: "+1nxx"}
                hangup: busy
              - match: {regex: "(\\\\d+)+"}
                hangup: user_busy
        """))
        #expect(found.map { "\($0.line):\($0.column) \($0.problem)" } == [
            "6:26 'n' is not a pattern letter",
            "7:17 unknown hangup cause 'busy'",
            "8:24 a repeated group contains a repetition or '|', which can take exponential time",
        ])
        #expect(found.dropFirst().first?.fix == "did you mean 'user_busy'?")
    }

    @Test func nationalFormPatternsThatNeverMatch() {
        let found = findings(plan("""
              - match: {pattern: "NXXNXXXXXX"}
                dial: {trunks: [carrier]}
              - match: {prefix: "1900"}
                hangup: call_rejected
        """))
        #expect(found.map { "\($0.line):\($0.column) \($0.fix ?? "")" } == [
            "6:26 write '+1NXXNXXXXXX'",
            "8:25 write '+1900'",
        ])
        #expect(found.first?.problem ==
                "never matches: numbers like 2002000000 are normalized to +12002000000 before rules see them")
        let gb = findings(plan(country: "GB", """
              - match: {prefix: "020"}
                dial: {trunks: [carrier]}
        """))
        #expect(gb.map(\.fix) == ["write '+4420'"])
    }

    @Test func contextLevelFindings() {
        let found = findings("""
        contexts:
          a:
            country: UK
            rules: []
          b:
            kind: browser
            rules:
              - match: {exact: "911"}
                hangup: call_rejected
                goto: a
        """)
        #expect(found.map { "\($0.line):\($0.column) \($0.problem)" } == [
            "3:14 unknown country 'UK'",
            "4:12 context has no rules, so every call to it fails",
            "5:3 missing 'country'",
            "6:11 unknown kind 'browser'",
            "8:9 steps after step 1 never run, because it ends the rule",
            "10:9 more than one step written directly on the rule",
        ])
    }

    @Test func duplicateContextAcrossFiles() {
        let text = plan("""
              - match: {exact: "911"}
                hangup: call_rejected
        """)
        do {
            _ = try DialplanLoader.load(files: [DialplanFile(name: "a.yaml", contents: text),
                                                DialplanFile(name: "b.yaml", contents: text)])
            Issue.record("duplicate context loaded")
        } catch {
            #expect(error.findings.map(\.description) == [
                "b.yaml:2:3: contexts.c: context 'c' is already defined at a.yaml:2:3; rename one of them",
            ])
        }
    }
}

@Suite struct ShadowingTests {
    @Test func exactAfterCoveringPrefix() throws {
        let found = findings(plan("""
              - match: {prefix: "+1"}
                dial: {trunks: [carrier]}
              - match: {exact: "+15551234567"}
                dial: {trunks: [backup]}
        """))
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.line == 8 && finding.column == 9)
        #expect(finding.path == "contexts.c.rules[1]")
        #expect(finding.problem == "never matches: every number exact '+15551234567' matches is taken first by rule 0 (prefix '+1' at test.yaml:6:9)")
        #expect(finding.fix == "move it above rule 0 or delete it")
    }

    @Test func identicalAndNarrowerPatterns() {
        let found = findings(plan(#"""
              - match: {pattern: "+1NXXNXXXXXX"}
                dial: {trunks: [carrier]}
              - match: {pattern: "+1212NXXXXXX"}
                dial: {trunks: [backup]}
              - match: {regex: '\+44\d+'}
                dial: {trunks: [carrier]}
              - match: {regex: '\+44\d+'}
                dial: {trunks: [backup]}
              - match: {exact: "+442079460018"}
                dial: {trunks: [backup]}
              - match: {pattern: "!"}
                hangup: unallocated_number
              - match: {regex: '\+33\d+'}
                dial: {trunks: [backup]}
        """#))
        // Each later rule's line, and where the earlier rule that takes its numbers is.
        #expect(found.map { "\($0.line) \($0.problem.split(separator: " ").last ?? "")" } == [
            "8 test.yaml:6:9)",
            "12 test.yaml:10:9)",
            "14 test.yaml:10:9)",
            "18 test.yaml:16:9)",
        ])
        #expect(found[2].problem.hasPrefix("never matches: every number exact '+442079460018' matches is taken first by rule 2"))
    }

    @Test func broaderLaterRuleIsNotShadowed() {
        #expect(findings(plan("""
              - match: {exact: "+15551234567"}
                dial: {trunks: [backup]}
              - match: {prefix: "+1"}
                dial: {trunks: [carrier]}
        """)).isEmpty)
    }
}
