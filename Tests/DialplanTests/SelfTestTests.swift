import Foundation
import Testing
import Dialplan

@Suite struct SelfTestTests {
    @Test func testsSectionReportsPassAndFailPerCase() throws {
        let dialplan = try load("""
        contexts:
          web:
            country: GB
            rules:
              - match: {prefix: "+4420"}
                dial: {trunks: [carrier, backup]}
              - match: {pattern: "!"}
                hangup: unallocated_number
        tests:
          - {from: web, to: "020 7946 0018", expect: {dial: carrier, number: "+442079460018"}}
          - {from: web, to: "0161 496 0000", expect: {dial: carrier}}
          - {from: web, to: "0909 879 0000", expect: {refused: premium}}
        """)
        let results = DialplanTests.run(dialplan)
        #expect(results.map(\.passed) == [true, false, false])
        #expect(results[1].failures == ["expected dial carrier, got none"])
        #expect(results[2].failures == ["expected refused premium, got none"])
        #expect(results[1].testCase.location == SourceLocation(file: "test.yaml", line: 11, column: 5))
    }

    @Test func testCasesAreValidatedToo() {
        let found = findings("""
        contexts:
          web:
            country: US
            rules:
              - match: {pattern: "!"}
                hangup: unallocated_number
        tests:
          - {from: wbe, to: "911", expect: {refused: premum}}
          - {to: "911", expect: {}}
        """)
        #expect(found.map { "\($0.line):\($0.column) \($0.problem)" } == [
            "8:12 unknown context 'wbe'",
            "8:46 unknown refusal 'premum'",
            "9:5 missing 'from'",
            "9:25 nothing to check",
        ])
    }

    @Test func shippedDefaultDialplanLoadsAndPassesItsOwnTests() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Dialplans/default.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let dialplan = try DialplanLoader.load(files: [DialplanFile(name: "Dialplans/default.yaml", contents: text)],
                                               references: DialplanReferences(trunks: ["carrier"]))
        let results = DialplanTests.run(dialplan)
        #expect(results.count == 7)
        #expect(dialplan.entry(for: .trunk(name: "carrier", did: "+12125550100"), dialed: "+12125550100").context == "from-carrier")
        #expect(dialplan.entry(for: .web(identity: "alice", classes: [], callLink: nil), dialed: "911").context == "web-default")
        #expect(results.allSatisfy { $0.passed }, "\(results.filter { !$0.passed }.map(\.failures))")
        #expect(dialplan.route(context: "web-default", number: "*43").steps == [.answer, .echo])
        #expect(dialplan.route(context: "web-default", number: "+1 900 555 0100").steps == [.hangup(cause: "call_rejected")])
    }
}

/// The worked examples of docs/dialplans.md, kept in step with the document.
@Suite struct DocumentedExampleTests {
    @Test func primaryAndBackupTrunks() throws {
        let dialplan = try load("""
        contexts:
          web-uk:
            country: GB
            rules:
              - match: {pattern: "+44[1-37]XXXXXXXXX"}
                dial:
                  trunks: [carrier, backup]
                  rewrite: {strip: 3, prepend: "0"}
                  answer_timeout_s: 45
              - match: {pattern: "!"}
                hangup: unallocated_number
        tests:
          - {from: web-uk, to: "020 7946 0018", expect: {dial: carrier, number: "+442079460018"}}
          - {from: web-uk, to: "07700 900123", expect: {dial: carrier}}
          - {from: web-uk, to: "0909 879 0000", expect: {hangup: unallocated_number}}
        """)
        #expect(DialplanTests.run(dialplan).map(\.failures) == [[], [], []])
        let route = dialplan.route(context: "web-uk", number: "020 7946 0018")
        guard case .dial(let dial) = route.steps.first else {
            Issue.record("expected dial, got \(route.steps)")
            return
        }
        #expect(dial.trunks == ["carrier", "backup"])
        #expect(dial.rewrite.apply(to: "+442079460018") == "02079460018")
    }

    @Test func blockingPremiumAndInternational() throws {
        let dialplan = try load("""
        contexts:
          web-us:
            country: US
            kind: web
            rules:
              - match: {prefix: "+1900"}
                hangup: call_rejected
              - match: {prefix: "+44"}
                dial: {trunks: [carrier]}
              - match: {pattern: "+!"}
                dial: {trunks: [carrier]}
        tests:
          - {from: web-us, to: "1 900 555 0100", expect: {hangup: call_rejected}}
          - {from: web-us, to: "011 44 20 7946 0018", expect: {dial: carrier}}
          - {from: web-us, to: "011 33 1 23 45 67 89", expect: {refused: international}}
          - {from: web-us, to: "1 976 555 0100", expect: {refused: premium}}
        """)
        #expect(DialplanTests.run(dialplan).map(\.failures) == [[], [], [], []])
    }
}
