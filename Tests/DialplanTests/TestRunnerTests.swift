import Testing
@testable import Dialplan

/// `tests:` cases are simulated calls: keys pressed at menus and collects, timers run out,
/// schedules read the case's time.
@Suite struct TestRunnerTests {
    static let ivrPlan = """
    schedules:
      office:
        time_zone: America/New_York
        weekly:
          - {days: mon-fri, hours: "09:00-17:00"}
    contexts:
      ivr:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            steps:
              - if:
                  schedule: office
                  then: [{menu: main}]
                  else: [{hangup: normal_clearing}]
      sales:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            echo: {}
    menus:
      main:
        prompt: welcome
        attempts: 2
        on_failure: {hangup: no_user_response}
        options:
          "1":
            - collect: {into: ext, min: 4, max: 4}
            - dial: {trunks: [carrier], number: "+1212555${ext}"}
          "2": {goto: sales}
    tests:
      - {from: ivr, to: "+12125550100", keys: "2", expect: {menu: main, goto: sales, echo: true}}
      - {from: ivr, to: "+12125550100", keys: "10142", expect: {dial: carrier, dialed: "+12125550142"}}
      - {from: ivr, to: "+12125550100", expect: {menu: main, hangup: no_user_response}}
      - {from: ivr, to: "+12125550100", at: "2026-12-26T15:00:00Z", expect: {hangup: normal_clearing}}
      - {from: ivr, to: "+12125550100", keys: "2", expect: {dialed: "+12125550142"}}
      - {from: ivr, to: "+12125550100", keys: "29", expect: {goto: sales}}
      - {from: ivr, to: "+12125550100", at: "2026-12-26T15:00:00Z", expect: {menu: main}}
    """

    private func results() throws -> [DialplanTests.Result] {
        DialplanTests.run(try load(Self.ivrPlan, prompts: ["welcome"]))
    }

    @Test func keysDriveMenusAndCollects() throws {
        let results = try results()
        #expect(results[0].passed, "\(results[0].failures)")
        #expect(results[0].outcome.contexts == ["ivr", "sales"])
        #expect(results[1].passed, "\(results[1].failures)")
        #expect(results[1].outcome.dialed == "+12125550142")
    }

    @Test func withoutKeysTheMenuTimesOutIntoItsFailureSteps() throws {
        let result = try results()[2]
        #expect(result.passed, "\(result.failures)")
        #expect(result.outcome.menus == ["main"])
    }

    @Test func theCaseTimeDecidesSchedules() throws {
        // 2026-12-26 is a Saturday: the office schedule is closed.
        #expect(try results()[3].passed)
    }

    @Test func wrongExpectationsAndUnusedKeysFailWithAReason() throws {
        let results = try results()
        #expect(results[4].failures == ["expected dialed +12125550142, got none"])
        #expect(results[5].failures == ["keys 9 were never asked for"])
        #expect(results[6].failures == ["expected menu main, got none"])
    }

    @Test func badKeysAndTimesAreFindings() {
        let found = findings(plan(#"      - match: {pattern: "!"}"# + "\n        hangup: normal_clearing\n")
            + "\ntests:\n  - {from: c, to: \"1\", keys: \"12a\", at: \"tomorrow\", expect: {hangup: normal_clearing}}\n")
        #expect(found.map(\.path) == ["tests[0].keys", "tests[0].at"])
        #expect(found.map(\.line) == [10, 10])
        #expect(found.allSatisfy { $0.fix != nil })
    }
}
