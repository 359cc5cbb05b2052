import Testing
@testable import Dialplan

@Suite struct AsteriskPatternTests {
    func pattern(_ source: String) throws -> AsteriskPattern {
        try AsteriskPattern.parse(source)
    }

    @Test func lettersAndSets() throws {
        let nanp = try pattern("+1NXXNXXXXXX")
        #expect(nanp.matches("+12125550100"))
        #expect(!nanp.matches("+12121550100"))      // exchange starts with 1
        #expect(!nanp.matches("+1212555010"))       // one digit short
        #expect(try pattern("Z").matches("1") && !pattern("Z").matches("0"))
        #expect(try pattern("N").matches("2") && !pattern("N").matches("1"))
        #expect(try pattern("X").matches("0") && !pattern("X").matches("*"))
        let set = try pattern("[13-5]X")
        #expect(set.matches("10") && set.matches("39") && set.matches("59"))
        #expect(!set.matches("20") && !set.matches("60"))
    }

    @Test func tails() throws {
        let dot = try pattern("9.")
        #expect(dot.matches("91") && dot.matches("9123"))
        #expect(!dot.matches("9"))
        let bang = try pattern("9!")
        #expect(bang.matches("9") && bang.matches("9123"))
        #expect(try pattern("!").matches("*43"))
        // Asterisk's leading '_' and readability dashes are ignored.
        #expect(try pattern("_+1-NXX-NXX-XXXX").matches("+12125550100"))
    }

    @Test func refusedPatterns() {
        let cases = ["+1nxx", "9.1", "[1-5", "[5-1]", "[]", "+1A", "_", String(repeating: "X", count: 65)]
        for source in cases {
            #expect(throws: PatternProblem.self, "\(source)") { try AsteriskPattern.parse(source) }
        }
    }

    @Test func coverage() throws {
        #expect(try pattern("+1212NXXXXXX").isCovered(by: pattern("+1NXXNXXXXXX")))
        #expect(try !pattern("+1NXXNXXXXXX").isCovered(by: pattern("+1212NXXXXXX")))
        #expect(try pattern("+1212!").isCovered(by: pattern("+1!")))
        #expect(try !pattern("+1!").isCovered(by: pattern("+1.")))      // "+1" alone
        #expect(try pattern("+1.").isCovered(by: pattern("+1!")))
        #expect(try !pattern("[2-6]").isCovered(by: pattern("[2-5]")))
    }
}

@Suite struct RegexPatternTests {
    @Test func namedCapturesComeBack() throws {
        let regex = try RegexPattern(#"\+1(?<area>\d{3})(?<line>\d{7})"#)
        #expect(regex.match("+12125550100") == ["area": "212", "line": "5550100"])
        // Whole-number match: a longer number does not match.
        #expect(regex.match("+121255501009") == nil)
    }

    @Test func catastrophicAndUnsupportedConstructsAreRefused() {
        let refused = [#"(\d+)+"#, #"(1|11)*"#, #"((\d)*)+$"#, #"(\d)\1"#, #"(?=1)\d+"#, #"(?<!1)2"#,
                       #"(?i)1"#, String(repeating: "1", count: 257), "(unclosed"]
        for source in refused {
            #expect(throws: PatternProblem.self, "\(source)") { try RegexPattern(source) }
        }
    }

    @Test func safeRepetitionIsAccepted() throws {
        let regex = try RegexPattern(#"\+44(?:20|7\d)\d{8}"#)
        #expect(regex.match("+442079460018") == [:])
        #expect(regex.match("+447912345678") == [:])
    }
}
