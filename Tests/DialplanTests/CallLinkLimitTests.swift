import Testing
import Dialplan

/// `max_calls` and `calls_per_minute` of `entry.web.call_links.<link>`: decoded when in
/// bounds, findings at the value's line and column otherwise.
@Suite struct CallLinkLimitTests {
    /// A link `sales` whose extra lines (each `key: value`) follow `number:` on line 7.
    static func link(_ extra: [String]) -> String {
        """
        entry:
          web:
            call_links:
              sales:
                context: web
                number: "+12125550100"
        \(extra.map { "        " + $0 }.joined(separator: "\n"))
        contexts:
          web:
            country: US
            rules:
              - match: {pattern: "!"}
                hangup: normal_clearing
        """
    }

    @Test func aLinkMayLimitItsConcurrentCallsAndItsCallsPerMinute() throws {
        let dialplan = try load(Self.link(["max_calls: 20", "calls_per_minute: 60", "disconnect_interval: 30"]))
        let sales = try #require(dialplan.entry.callLinks["sales"])
        #expect(sales.maxCalls == 20)
        #expect(sales.callsPerMinute == 60)
        #expect(sales.disconnectIntervalSeconds == 30)
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        let low = try load(Self.link(["max_calls: 1", "calls_per_minute: 1"])).entry.callLinks["sales"]
        #expect(low?.maxCalls == 1)
        #expect(low?.callsPerMinute == 1)
        let high = try load(Self.link(["max_calls: 10000", "calls_per_minute: 100000"])).entry.callLinks["sales"]
        #expect(high?.maxCalls == 10_000)
        #expect(high?.callsPerMinute == 100_000)
    }

    @Test func withoutThemALinkHasNoLimitOfItsOwn() throws {
        let sales = try load(Self.link(["disconnect_interval: 30"])).entry.callLinks["sales"]
        #expect(sales?.maxCalls == nil)
        #expect(sales?.callsPerMinute == nil)
        // Code that builds links without the limits still compiles and gets none.
        let built = EntryPoints.CallLink(context: "web", number: "+12125550100", disconnectIntervalSeconds: 30)
        #expect(built.maxCalls == nil)
        #expect(built.callsPerMinute == nil)
        #expect(built == EntryPoints.CallLink(context: "web", number: "+12125550100", disconnectIntervalSeconds: 30,
                                               maxCalls: nil, callsPerMinute: nil))
    }

    @Test func valuesOutOfBoundsAreFindingsAtTheValue() {
        let found = findings(Self.link(["max_calls: 0", "calls_per_minute: 100001"]))
        #expect(found.map(\.description) == [
            "test.yaml:7:20: entry.web.call_links.sales.max_calls: 0 is out of range; write a number between 1 and 10000",
            "test.yaml:8:27: entry.web.call_links.sales.calls_per_minute: 100001 is out of range; write a number between 1 and 100000",
        ])
        let over = findings(Self.link(["max_calls: 10001", "calls_per_minute: 0"]))
        #expect(over.map(\.path) == ["entry.web.call_links.sales.max_calls", "entry.web.call_links.sales.calls_per_minute"])
        #expect(over.map(\.line) == [7, 8])
    }

    @Test func valuesThatAreNotWholeNumbersAreFindings() {
        let found = findings(Self.link(["max_calls: many", "calls_per_minute: 99999999999999999999999"]))
        #expect(found.map(\.path) == ["entry.web.call_links.sales.max_calls", "entry.web.call_links.sales.calls_per_minute"])
        #expect(found.map(\.line) == [7, 8])
        #expect(found.map { $0.problem.hasPrefix("expected a whole number") } == [true, true])
        #expect(findings(Self.link(["max_calls: -3"])).map(\.problem) == ["-3 is out of range"])
        #expect(findings(Self.link(["calls_per_minute: 2.5"])).map(\.line) == [7])
        #expect(findings(Self.link(["max_calls: \"5\""])).map(\.line) == [7])
    }

    @Test func aMisspelledLimitIsAnUnknownKeyWithASuggestion() {
        let found = findings(Self.link(["max_call: 5"]))
        #expect(found.count == 1)
        #expect(found.first?.path == "entry.web.call_links.sales.max_call")
        #expect(found.first?.line == 7)
        #expect(found.first?.column == 9)
        #expect(found.first?.problem == "unknown key 'max_call'")
        #expect(found.first?.fix == "did you mean 'max_calls'?")
    }
}
