import CoreTypes
import Testing
@testable import Config

/// The `agents:` section read into its typed values.
@Suite struct AgentsConfigTests {
    @Test func fullSectionDecodesToExactValues() throws {
        let yaml = minimalYAML + """
        agents:
          wrap_up_s: 0
          ring_timeout_s: 300
          roster:
            - identity: alice
              name: "Alice Martin"
              extension: "201"
            - identity: "bob.smith@example.com"
              name: ""
              extension: 20202020
            - identity: carol+1
          groups:
            - name: sales
              strategy: Round_Robin
              members: [carol+1, alice]
              ring_timeout_s: 5
              wrap_up_s: 600
            - name: support-2
              members:
                - bob.smith@example.com
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        #expect(config.agents == AgentsConfig(
            wrapUp: .seconds(0),
            ringTimeout: .seconds(300),
            roster: [
                AgentEntry(identity: "alice", name: "Alice Martin", extension: "201"),
                AgentEntry(identity: "bob.smith@example.com", name: nil, extension: "20202020"),
                AgentEntry(identity: "carol+1"),
            ],
            groups: [
                AgentGroupConfig(name: "sales", strategy: .roundRobin, members: ["carol+1", "alice"],
                                 ringTimeout: .seconds(5), wrapUp: .seconds(600)),
                AgentGroupConfig(name: "support-2", strategy: .ringAll, members: ["bob.smith@example.com"]),
            ]))
        #expect(config.agents.group(named: "sales")?.members == ["carol+1", "alice"])
        #expect(config.agents.group(named: "support-2")?.ringTimeout == nil)
        #expect(config.agents.group(named: "Sales") == nil)
        #expect(config.agents.agent(identity: "alice")?.extension == "201")
        #expect(config.agents.agent(extension: "20202020")?.identity == "bob.smith@example.com")
        #expect(config.agents.agent(extension: "202") == nil)
    }

    @Test func absentSectionIsEmptyWithDefaultTimers() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML, source: testSource)
        #expect(config.agents == AgentsConfig())
        #expect(config.agents.wrapUp == .seconds(10))
        #expect(config.agents.ringTimeout == .seconds(20))
        #expect(config.agents.roster.isEmpty && config.agents.groups.isEmpty)
    }

    @Test(arguments: ["agents:\n", "agents: ~\n", "agents: {}\n", "agents:\n  roster:\n  groups: []\n"])
    func emptySectionTakesDefaults(extra: String) throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML + extra, source: testSource)
        #expect(config.agents == AgentsConfig())
    }

    @Test func boundaryValuesAreAccepted() throws {
        let longIdentity = String(repeating: "a", count: 64)
        let yaml = minimalYAML + """
        agents:
          wrap_up_s: 600
          ring_timeout_s: 5
          roster:
            - identity: b
              extension: 10
            - identity: "\(longIdentity)"
              extension: "00000000"
            - identity: "@desk_1-x.y+z"
          groups:
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        #expect(config.agents.wrapUp == .seconds(600) && config.agents.ringTimeout == .seconds(5))
        #expect(config.agents.roster.map(\.identity) == ["b", longIdentity, "@desk_1-x.y+z"])
        #expect(config.agents.roster.map(\.extension) == ["10", "00000000", nil])
    }

    @Test(arguments: RingStrategy.allCases)
    func everyStrategyWordIsAccepted(strategy: RingStrategy) throws {
        let yaml = minimalYAML + """
        agents:
          roster: [{identity: alice}]
          groups:
            - name: g
              strategy: \(strategy.rawValue)
              members: [alice]
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        #expect(config.agents.groups == [AgentGroupConfig(name: "g", strategy: strategy, members: ["alice"])])
    }
}
