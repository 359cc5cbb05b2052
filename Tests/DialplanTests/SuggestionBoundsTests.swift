import Foundation
import Testing
import Dialplan

/// "Did you mean" searches are bounded per file and per load, so a file full of misspelled
/// names is checked in linear time. Before the bound, the two inputs in
/// Fuzz/crashes/dialplan/ (20 unknown 1 KB time zones; 1000 gotos to unknown contexts among
/// 1000 defined ones) each ran past the fuzzer's 5 s timeout, and 176 KB of unknown
/// variables among 8000 set ones took a minute in a release build.
@Suite struct SuggestionBoundsTests {
    @Test func timeZoneSuggestionsStopWhenTheBudgetIsSpent() {
        let text = "schedules:\n" + (0..<150).map { "  s\($0): {time_zone: Europe/Pairs, weekly: []}\n" }.joined()
        let fixes = findings(text).filter { $0.problem == "unknown time zone 'Europe/Pairs'" }.map(\.fix)
        #expect(fixes.count == 150)
        // Each search looks at every known zone; the budget covers 50,000 comparisons.
        let searches = 50_000 / TimeZone.knownTimeZoneIdentifiers.count
        #expect(fixes.prefix(searches).allSatisfy { $0 == "did you mean 'Europe/Paris'?" })
        #expect(fixes.dropFirst(searches).allSatisfy {
            $0 == "write an IANA name such as 'America/New_York' or 'Europe/Paris', which follows daylight saving time"
        })
    }

    @Test func unknownContextsAmongManyListAFewThenStopSearching() throws {
        let text = "contexts:\n" + (0..<1000).map { index in
            let name = String(index + 10_000)
            return "  c\(name): {country: US, rules: [{match: {exact: \"1\"}, goto: bad\(name)}]}\n"
        }.joined()
        let gotos = findings(text).filter { $0.problem.hasPrefix("unknown context") }
        #expect(gotos.count == 1000)
        let listed = (10_000..<10_030).map { "c\($0)" }.joined(separator: ", ")
        #expect(gotos.first?.fix == "known contexts: \(listed) and 970 more")
        // 1000 candidates per search: 50 searches, then no search.
        #expect(gotos.prefix(50).allSatisfy { $0.fix == gotos.first?.fix })
        #expect(gotos.dropFirst(50).allSatisfy { $0.fix == "define it first or correct the name" })
    }

    @Test func veryLongNamesAreNotCompared() throws {
        // The shape of Fuzz/crashes/dialplan/timeout-time-zone-suggestions.yaml: comparing
        // each 1 KB name with every known zone took seconds; now it is not compared at all.
        let zone = String(repeating: "Amerika/New_Yorkk", count: 60)
        let text = "schedules:\n" + (0..<20).map { "  s\($0): {time_zone: \(zone), weekly: []}\n" }.joined()
        let clock = ContinuousClock()
        let started = clock.now
        let fixes = findings(text).filter { $0.problem.hasPrefix("unknown time zone") }.map(\.fix)
        #expect(clock.now - started < .seconds(2))
        #expect(fixes == Array(repeating: "write an IANA name such as 'America/New_York' or 'Europe/Paris', which follows daylight saving time",
                               count: 20))
    }

    @Test func closeNamesAreStillSuggested() throws {
        let text = """
        contexts:
          sales-east: {country: US, rules: [{match: {exact: "1"}, goto: sales-esat}]}
          c: {country: US, rules: [{match: {exact: "1"}, set: {ext: "1"}}, {match: {exact: "2"}, set: {x: "${extn}"}}]}
        """
        #expect(findings(text).map { $0.fix ?? "" } == [
            "did you mean 'sales-east'?",
            "did you mean 'ext'?",
        ])
    }
}
