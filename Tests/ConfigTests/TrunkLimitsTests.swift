import CoreTypes
import Testing
@testable import Config

/// `trunks[].max_calls` and `trunks[].calls_per_minute`: 0 or absent is no limit.
@Suite struct TrunkLimitsTests {
    private func trunkYAML(_ extra: String) -> String {
        """
        media: {public_address: 192.0.2.10}
        calls: {default_trunk: pbx}
        trunks:
          - name: pbx
            address: pbx.example.net
        \(extra)
        """
    }

    @Test func absentMeansNoLimit() throws {
        let trunk = try #require(GatewayConfig.parse(yaml: trunkYAML(""), source: testSource).trunks.first)
        #expect(trunk.maxCalls == nil)
        #expect(trunk.callsPerMinute == nil)
    }

    @Test func zeroMeansNoLimit() throws {
        let yaml = trunkYAML("    max_calls: 0\n    calls_per_minute: 0\n")
        let trunk = try #require(GatewayConfig.parse(yaml: yaml, source: testSource).trunks.first)
        #expect(trunk == TrunkConfig(name: "pbx", address: Endpoint(host: "pbx.example.net", port: 5060)))
        #expect(trunk.maxCalls == nil && trunk.callsPerMinute == nil)
    }

    @Test(arguments: [(1, 1), (30, 60), (100_000, 100_000)])
    func limitsAreReadAsWritten(maxCalls: Int, perMinute: Int) throws {
        let yaml = trunkYAML("    max_calls: \(maxCalls)\n    calls_per_minute: \(perMinute)\n")
        let trunk = try #require(GatewayConfig.parse(yaml: yaml, source: testSource).trunks.first)
        #expect(trunk.maxCalls == maxCalls)
        #expect(trunk.callsPerMinute == perMinute)
    }

    @Test(arguments: [
        ("max_calls: -1", "test.yaml:6:16: trunks[0].max_calls: -1 is out of range; use a number from 0 to 100000"),
        ("max_calls: 100001", "test.yaml:6:16: trunks[0].max_calls: 100001 is out of range; use a number from 0 to 100000"),
        ("max_calls: \"5\"", "test.yaml:6:16: trunks[0].max_calls: expected a number, got the quoted text \"5\"; remove the quotes"),
        ("max_calls: [5]", "test.yaml:6:16: trunks[0].max_calls: expected a number of calls (0 = no limit), got a list"),
        ("calls_per_minute: 100001", "test.yaml:6:23: trunks[0].calls_per_minute: 100001 is out of range; use a number from 0 to 100000"),
        ("calls_per_minute: 2.5", "test.yaml:6:23: trunks[0].calls_per_minute: expected a whole number, got '2.5'; write a number from 0 to 100000"),
        ("max_call: 5", "test.yaml:6:5: trunks[0].max_call: unknown key; did you mean 'max_calls'?"),
        ("calls_per_min: 5", "test.yaml:6:5: trunks[0].calls_per_min: unknown key; did you mean 'calls_per_minute'?"),
    ])
    func badLimits(line: String, expected: String) {
        #expect(lines(trunkYAML("    " + line + "\n")) == [expected])
    }
}
