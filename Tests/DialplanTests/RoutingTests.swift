import Testing
import Dialplan

@Suite struct RoutingTests {
    @Test func threeSpellingsMeetTheSameRule() throws {
        let dialplan = try load(plan("""
              - match: {exact: "+1 (212) 555-0100"}
                dial: {trunks: [backup]}
              - match: {pattern: "+1NXXNXXXXXX"}
                dial: {trunks: [carrier]}
        """))
        for spelling in ["+1 (212) 555-0100", "12125550100", "2125550100"] {
            let result = dialplan.route(context: "c", number: spelling)
            #expect(result.ruleIndex == 0, "\(spelling)")
            #expect(result.normalized == "+12125550100")
            #expect(firstTrunk(result) == "backup")
        }
        #expect(firstTrunk(dialplan.route(context: "c", number: "(646) 555-0199")) == "carrier")
    }

    @Test func firstMatchWinsAndPositionIsReported() throws {
        let dialplan = try load(plan("""
              - match: {prefix: "+1212"}
                dial: {trunks: [backup]}
              - match: {prefix: "+1"}
                dial: {trunks: [carrier]}
        """))
        let result = dialplan.route(context: "c", number: "2125550100")
        #expect(result.ruleIndex == 0)
        #expect(result.ruleLocation == SourceLocation(file: "test.yaml", line: 6, column: 9))
        #expect(dialplan.route(context: "c", number: "3125550100").ruleIndex == 1)
    }

    @Test func refusalsBecomeHangups() throws {
        let dialplan = try load(plan("""
              - match: {exact: "*43"}
                echo: {}
        """))
        let none = dialplan.route(context: "c", number: "411")
        #expect(none.refusal == .noMatchingRule)
        #expect(none.steps == [.hangup(cause: "unallocated_number")])
        #expect(dialplan.route(context: "c", number: "55x").refusal == .invalidNumber(.invalidCharacter("x")))
        #expect(dialplan.route(context: "nope", number: "1").refusal == .unknownContext("nope"))
        #expect(dialplan.route(context: "c", number: "*43").steps == [.echo])
    }

    @Test func regexCapturesReachTheResult() throws {
        let dialplan = try load(plan(#"""
              - match: {regex: '\+1(?<area>\d{3})\d{7}'}
                set: {area_code: "from-regex"}
        """#))
        let result = dialplan.route(context: "c", number: "2125550100")
        #expect(result.captures == ["area": "212"])
        #expect(result.steps == [.set(variable: "area_code", value: Template(literal: "from-regex"))])
    }

    @Test func dialStepCarriesEverySetting() throws {
        let dialplan = try load(plan("""
              - match: {prefix: "+1"}
                dial:
                  trunks: [carrier, backup]
                  rewrite: {strip: 2, prepend: "9"}
                  caller_id: "+12125550000"
                  answer_timeout_s: 45
                  max_duration_s: 3600
        """))
        let result = dialplan.route(context: "c", number: "2125550100")
        guard case .dial(let dial) = result.steps.first else {
            Issue.record("expected a dial step, got \(result.steps)")
            return
        }
        #expect(dial == DialStep(trunks: ["carrier", "backup"], rewrite: NumberRewrite(strip: 2, prepend: "9"),
                                 callerId: Template(literal: "+12125550000"), answerTimeoutSeconds: 45, maxDurationSeconds: 3600))
        #expect(dial.rewrite.apply(to: "+12125550100") == "92125550100")
    }
}

@Suite struct SafetyTests {
    let catchAll = """
          - match: {pattern: "!"}
            dial: {trunks: [carrier]}
    """

    @Test func premiumIsRefusedByACatchAll() throws {
        let result = try load(plan(catchAll)).route(context: "c", number: "1-900-555-0100")
        #expect(result.refusal == .premium(prefix: "+1900"))
        #expect(result.steps == [.hangup(cause: "call_rejected")])
        #expect(try load(plan(catchAll)).route(context: "c", number: "976 555 0100").refusal == .premium(prefix: "+1976"))
    }

    @Test func premiumPassesWhenARuleNamesItOrAllowsIt() throws {
        let named = try load(plan("""
              - match: {prefix: "+1900"}
                dial: {trunks: [carrier]}
        """))
        #expect(named.route(context: "c", number: "19005550100").refusal == nil)
        let allowed = try load(plan("""
              - match: {pattern: "!"}
                allow: [premium]
                dial: {trunks: [carrier]}
        """))
        #expect(allowed.route(context: "c", number: "19005550100").refusal == nil)
    }

    @Test func internationalFromWebNeedsAnExplicitRule() throws {
        let number = "011 44 20 7946 0018"
        #expect(try load(plan(catchAll)).route(context: "c", number: number).refusal == .international(homeCode: "+1"))
        let plus = try load(plan("""
              - match: {prefix: "+"}
                dial: {trunks: [carrier]}
        """))
        #expect(plus.route(context: "c", number: number).refusal == .international(homeCode: "+1"))
        let named = try load(plan("""
              - match: {prefix: "+44"}
                dial: {trunks: [carrier]}
        """))
        #expect(named.route(context: "c", number: number).refusal == nil)
        let allowed = try load(plan("""
              - match: {pattern: "+."}
                allow: [international]
                dial: {trunks: [carrier]}
        """))
        #expect(allowed.route(context: "c", number: number).refusal == nil)
        // Trunk contexts are not held to the web policy.
        #expect(try load(plan(kind: "trunk", catchAll)).route(context: "c", number: number).refusal == nil)
    }

    @Test func nonDialingRulesAreNotRefused() throws {
        let dialplan = try load(plan("""
              - match: {pattern: "!"}
                hangup: user_busy
        """))
        let result = dialplan.route(context: "c", number: "19005550100")
        #expect(result.refusal == nil)
        #expect(result.steps == [.hangup(cause: "user_busy")])
    }
}
