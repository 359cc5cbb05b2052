import CoreTypes
import Testing
@testable import Dialplan

/// `DialplanRun` on single rules: collecting digits, branches, variables, caller changes,
/// and failed dials.
@Suite struct StepRunTests {
    static let collectAccount = """
    contexts:
      c:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            steps:
              - collect:
                  into: account
                  prompt: enter-account
                  min: 3
                  max: 5
                  timeout_s: 4
                  attempts: 2
                  invalid_prompt: too-short
                  on_failure: {hangup: no_user_response}
              - dial: {trunks: [carrier], number: "${account}"}
    """

    /// A call into `collectAccount` whose prompt has finished at second 2 (timer 1 runs to 6).
    func collecting() throws -> CallDriver {
        var call = try CallDriver(try load(Self.collectAccount), number: "+12125550100")
        #expect(call.start() == [.answer, prompts("enter-account")])
        #expect(call.run.state == .collecting("account"))
        #expect(call.send(.playbackFinished, after: 2) == [timer(1, at: 6)])
        return call
    }

    @Test func collectEndsAtTheMaximumNumberOfDigits() throws {
        var call = try collecting()
        #expect(call.press("12345") == [[timer(2, at: 7)], [timer(3, at: 8)], [timer(4, at: 9)], [timer(5, at: 10)],
                                        [.cancelTimer, dialing("12345")]])
        #expect(call.run.variables["account"] == "12345")
    }

    @Test func theTerminatorEndsCollectionAndIsNotStored() throws {
        var call = try collecting()
        #expect(call.press("123#").last == [.cancelTimer, dialing("123")])
        #expect(call.run.variables["account"] == "123")
        #expect(call.run.trace.contains("collected account = 123"))
    }

    @Test func theTimeoutRunsFromTheLastKey() throws {
        var call = try collecting()
        #expect(call.press("123") == [[timer(2, at: 7)], [timer(3, at: 8)], [timer(4, at: 9)]])
        #expect(call.send(.timer(3)) == [], "replaced by the timer of the third key")
        #expect(call.send(.timer(4), after: 4) == [dialing("123")])
    }

    @Test func tooFewDigitsRetryThenRunTheFailureSteps() throws {
        var call = try collecting()
        #expect(call.press("12#").last == [.cancelTimer, prompts("too-short")])
        #expect(call.send(.digit("7")) == [], "keys during the notice are dropped")
        #expect(call.send(.playbackFinished, after: 2) == [prompts("enter-account")])
        #expect(call.send(.playbackFinished, after: 2) == [timer(4, at: 13)])
        // Second and last attempt: silence, then on_failure.
        #expect(call.send(.timer(4), after: 4) == [.hangup(cause: "no_user_response")])
        #expect(call.run.trace.suffix(3) == [
            "collect account: 2 digits, at least 3 needed",
            "collect account: 0 digits, at least 3 needed",
            "hangup no_user_response",
        ])
    }

    @Test func aKeyDuringTheCollectPromptStopsIt() throws {
        var call = try CallDriver(try load(Self.collectAccount), number: "+12125550100")
        _ = call.start()
        #expect(call.send(.digit("4"), after: 1) == [.stopPlayback, timer(1, at: 5)])
        #expect(call.press("56").last == [timer(3, at: 7)])
        #expect(call.send(.timer(3), after: 4) == [dialing("456")])
    }

    static let officeHours = """
    schedules:
      office:
        time_zone: America/New_York
        weekly:
          - {days: mon-fri, hours: "09:00-17:00"}
        holidays:
          - 2026-12-25
    contexts:
      c:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            if:
              schedule: office
              then: [{dial: {trunks: [carrier], number: "+12125550199"}}]
              else: [{play: closed}, {hangup: normal_clearing}]
    """

    @Test func scheduleBranchFollowsTheWallClock() throws {
        let dialplan = try load(Self.officeHours)
        // Tuesday 2026-06-02 10:00 EDT: open.
        var open = try CallDriver(dialplan, number: "+12125550100", wall: "2026-06-02T14:00:00Z")
        #expect(open.start() == [dialing("+12125550199")])
        #expect(open.run.trace.last(where: { $0.hasPrefix("if ") }) == "if schedule office is open: then")
        // Christmas Day 10:00 EST is a holiday; Saturday 10:00 EDT is outside the weekly hours.
        for wall in ["2026-12-25T15:00:00Z", "2026-06-06T14:00:00Z"] {
            var closed = try CallDriver(dialplan, number: "+12125550100", wall: wall)
            #expect(closed.start() == [.answer, prompts("closed")], "\(wall)")
            #expect(closed.send(.playbackFinished, after: 3) == [.hangup(cause: "normal_clearing")])
            #expect(closed.run.trace.contains("if schedule office is open: else"))
        }
    }

    @Test func callerPatternVariablesAndNot() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {pattern: "!"}
                steps:
                  - if: {caller: {prefix: "+1415"}, then: [{hangup: call_rejected}]}
                  - set: {lang: fr}
                  - if: {variables: {lang: fr}, not: true, then: [{play: english}], else: [{play: french}]}
                  - dial: {trunks: [carrier]}
        """)
        var blocked = try CallDriver(dialplan, number: "2125550100", caller: CallerID(number: "415 555 0123"))
        #expect(blocked.start() == [.hangup(cause: "call_rejected")])
        #expect(blocked.run.trace.contains("if caller matches prefix '+1415': then"))

        let caller = CallerID(number: "2125550199")
        var french = try CallDriver(dialplan, number: "2125550100", caller: caller)
        #expect(french.start() == [.answer, prompts("french")])
        #expect(french.run.trace.contains("if caller matches prefix '+1415': else"))
        #expect(french.run.trace.contains("if not (lang = fr): else"))
        #expect(french.send(.playbackFinished, after: 2) == [dialing("+12125550100", caller: caller)])
    }

    @Test func setVariablesExpandInTheDialNumberAndCallerID() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {exact: "+12125550100"}
                steps:
                  - set: {office: "+1212555", support: "+12125550100", price: "$$5"}
                  - dial: {trunks: [carrier], number: "${office}0142", caller_id: "${support}"}
        """)
        var call = try CallDriver(dialplan, number: "212-555-0100")
        #expect(call.start() == [dialing("+12125550142", caller: CallerID(number: "+12125550100"))])
        #expect(call.run.variables["price"] == "$5")
        #expect(call.run.variables["dialed"] == "212-555-0100")
        #expect(call.run.variables["number"] == "+12125550100")
    }

    @Test func regexCapturesReachTheDialNumber() throws {
        let dialplan = try load(#"""
        contexts:
          c:
            country: US
            rules:
              - match: {regex: '\+1(?<area>\d{3})(?<line>\d{7})'}
                dial: {trunks: [carrier], number: "1${area}${line}", rewrite: {prepend: "9"}}
        """#)
        var call = try CallDriver(dialplan, number: "(212) 555-0100")
        #expect(call.start() == [dialing("912125550100")])
        #expect(call.run.variables["area"] == "212")
        #expect(call.run.variables["line"] == "5550100")
    }

    @Test func callerChangeReachesTheDialRequest() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {pattern: "!"}
                steps:
                  - caller: {number: "+12125550100", name: "Support ${dialed}", privacy: true}
                  - dial: {trunks: [carrier, backup], answer_timeout_s: 30}
        """)
        var call = try CallDriver(dialplan, number: "2125550142")
        let presented = CallerID(number: "+12125550100", name: "Support 2125550142", privacy: true)
        #expect(call.start() == [dialing("+12125550142", trunks: ["carrier", "backup"], caller: presented, answerTimeout: 30)])
        #expect(call.run.caller == presented)
        #expect(call.run.variables["caller"] == "+12125550100")
        #expect(call.run.variables["caller_name"] == "Support 2125550142")
    }

    @Test func aFailedDialGoesOnWithTheNextStepAndEndsWithItsCause() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {exact: "+12125550100"}
                steps:
                  - dial: {trunks: [carrier]}
                  - dial: {trunks: [backup], number: "+12125550199"}
              - match: {exact: "+12125550101"}
                steps:
                  - dial: {trunks: [carrier]}
                  - play: sorry
        """)
        var twoDials = try CallDriver(dialplan, number: "+12125550100")
        #expect(twoDials.start() == [dialing("+12125550100")])
        #expect(twoDials.send(.dialFailed(cause: "no_circuit_available"), after: 2) == [dialing("+12125550199", trunks: ["backup"])])
        #expect(twoDials.send(.dialFailed(cause: "user_busy"), after: 2) == [.hangup(cause: "user_busy")])
        #expect(twoDials.run.state == .finished(cause: "user_busy"))
        #expect(twoDials.run.trace.suffix(2) == ["dial failed: user_busy", "hangup user_busy"])

        var announcement = try CallDriver(dialplan, number: "+12125550101")
        _ = announcement.start()
        #expect(announcement.send(.dialFailed(cause: "no_answer"), after: 30) == [.answer, prompts("sorry")])
        #expect(announcement.send(.playbackFinished, after: 3) == [.hangup(cause: "no_answer")])
    }
}
