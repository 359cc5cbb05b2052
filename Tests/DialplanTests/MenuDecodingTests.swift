import Testing
import Dialplan

/// Findings of the IVR keys (menus, collect, if, play, templates, entry points) with their
/// exact `line:column`. A rule's first key is at column 9 ("      - match").
@Suite struct MenuDecodingTests {
    func lines(_ found: [DialplanFinding]) -> [String] {
        found.map { "\($0.line):\($0.column) \($0.path): \($0.problem); \($0.fix ?? "")" }
    }

    @Test func aWellFormedMenuLoadsWithItsDefaults() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            rules:
              - match: {exact: "+12125550100"}
                menu: main
        menus:
          main:
            prompt: [welcome, {tone: beep}, {silence_ms: 500}]
            options:
              "1": {goto: c}
              "*": [{play: {tone: busy, duration_s: 2}}, {hangup: user_busy}]
              0: {steps: [{play: bye}]}
        tests:
          - {from: c, to: "+12125550100", expect: {menu: main}}
        """)
        let menu = try #require(dialplan.menus["main"])
        #expect(menu.prompt == [.prompt("welcome"), .tone(name: "beep", milliseconds: 250), .silence(milliseconds: 500)])
        #expect(menu.options["1"] == [.goto(context: "c", number: nil)])
        #expect(menu.options["*"] == [.play([.tone(name: "busy", milliseconds: 2000)]), .hangup(cause: "user_busy")])
        #expect(menu.options["0"] == [.play([.prompt("bye")])])
        #expect(menu.timeoutSeconds == 5 && menu.attempts == 3)
        #expect(menu.onFailure == [.hangup(cause: "normal_clearing")])
        #expect(menu.location == SourceLocation(file: "test.yaml", line: 8, column: 3))
        #expect(DialplanTests.run(dialplan).map(\.failures) == [[]])
    }

    @Test func unknownMenuAndScheduleSuggestTheNearestName() {
        let found = findings("""
        contexts:
          c:
            country: US
            rules:
              - match: {exact: "+12125550100"}
                menu: mian
              - match: {exact: "+12125550101"}
                if: {schedule: ofice, then: [{menu: main}]}
        menus:
          main:
            prompt: welcome
            options: {"1": {hangup: normal_clearing}}
        schedules:
          office:
            time_zone: America/New_York
            weekly: [{days: mon-fri, hours: "09:00-17:00"}]
        """)
        #expect(lines(found) == [
            "6:15 contexts.c.rules[0].menu: unknown menu 'mian'; did you mean 'main'?",
            "8:24 contexts.c.rules[1].if.schedule: unknown schedule 'ofice'; did you mean 'office'?",
        ])
    }

    @Test func menuKeysMustBeOnTheDialPadAndThePromptIsRequired() {
        let found = findings("""
        contexts:
          c:
            country: US
            rules:
              - match: {pattern: "!"}
                menu: main
        menus:
          main:
            prompt: welcome
            options:
              "12": {goto: c}
              x: {goto: c}
          silent:
            options: {"1": {goto: c}}
        """)
        #expect(lines(found) == [
            "11:7 menus.main.options.12: '12' is not a key of the dial pad; use one of 0-9, \"*\" or \"#\" (quote * and #)",
            "12:7 menus.main.options.x: 'x' is not a key of the dial pad; use one of 0-9, \"*\" or \"#\" (quote * and #)",
            "13:3 menus.silent.prompt: missing 'prompt'; add 'prompt: <name>' so callers know what to press",
        ])
    }

    @Test func variablesNeverSetAndUnclosedReferences() {
        let found = findings("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {exact: "+12125550100"}
                dial: {trunks: [carrier], caller_id: "+1${ext"}
              - match: {pattern: "!"}
                steps:
                  - collect: {into: ext, max: 4}
                  - dial: {trunks: [carrier], number: "+1212555${extn}"}
        """)
        #expect(lines(found) == [
            "7:46 contexts.c.rules[0].dial.caller_id: '${' without a closing '}' in '+1${ext'; write ${name}",
            "11:47 contexts.c.rules[1].steps[1].dial.number: variable 'extn' is never set, so it is always empty; did you mean 'ext'?",
        ])
    }

    @Test func collectAndIfShapes() {
        let found = findings("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {exact: "+12125550100"}
                collect: {into: pin, min: 6, max: 4}
              - match: {exact: "+12125550101"}
                if: {then: [{hangup: normal_clearing}]}
              - match: {exact: "+12125550102"}
                if: {caller: {prefix: "+1415"}}
              - match: {exact: "+12125550103"}
                play: {tone: bussy}
        """)
        #expect(lines(found) == [
            "7:18 contexts.c.rules[0].collect: min 6 is more than max 4; swap them",
            "9:9 contexts.c.rules[1].if: 'if' tests nothing; add schedule, caller or variables",
            "11:9 contexts.c.rules[2].if.then: missing 'then'; add the steps to run when the test holds",
            "13:22 contexts.c.rules[3].play.tone: unknown tone 'bussy'; did you mean 'busy'?",
        ])
    }

    @Test func stepsAfterAMenuNeverRun() {
        let found = findings("""
        contexts:
          c:
            country: US
            rules:
              - match: {pattern: "!"}
                steps:
                  - menu: main
                  - hangup: normal_clearing
        menus:
          main:
            prompt: welcome
            options:
              "1": [{goto: c}, {play: bye}]
        """)
        #expect(lines(found) == [
            "7:11 contexts.c.rules[0].steps: steps after step 1 never run, because it ends the rule; move them before it or delete them",
            "13:12 menus.main.options.1: steps after step 1 never run, because it ends these steps; move them before it or delete them",
        ])
    }

    @Test func aMenuWithAFindingIsNotAlsoReportedAsUnknown() {
        // The menu itself is wrong; the `menu:` step naming it must not add a second finding.
        let found = findings("""
        contexts:
          c:
            country: US
            rules:
              - match: {pattern: "!"}
                menu: main
        menus:
          main:
            prompt: welcome
            options: {"1": {goto: c}, "12": {goto: c}}
        """)
        #expect(lines(found) == [
            "10:31 menus.main.options.12: '12' is not a key of the dial pad; use one of 0-9, \"*\" or \"#\" (quote * and #)",
        ])
    }

    @Test func theSameMenuNameInTwoFiles() {
        let text = """
        menus:
          main:
            prompt: welcome
            options: {"1": {hangup: normal_clearing}}
        """
        do {
            _ = try DialplanLoader.load(files: [DialplanFile(name: "a.yaml", contents: text),
                                                DialplanFile(name: "b.yaml", contents: text)])
            Issue.record("a menu defined twice loaded")
        } catch {
            #expect(error.findings.map(\.description) == [
                "b.yaml:2:3: menus.main: menu 'main' is already defined at a.yaml:2:3; rename one of them",
            ])
        }
    }
}
