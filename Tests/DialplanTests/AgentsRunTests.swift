import CoreTypes
import Foundation
import Testing
@testable import Dialplan

/// `DialplanRun` at an `agents` step: the request it asks for (with the keys pressed so
/// far), the fallback after a failure, the connection after an answer; then the `tests:`
/// expectation and the explanation.
@Suite struct AgentsRunTests {
    static let yaml = """
    entry:
      dids: {"+12125550100": front}
    contexts:
      front:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            menu: main
      direct:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            steps:
              - collect: {into: ext, min: 3, max: 3, attempts: 1, on_failure: {play: sorry}}
              - agents: {agent: "${ext}"}
      long-keys:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            steps:
              - collect: {into: account, max: 32, terminator: none}
              - collect: {into: pin, max: 8}
              - agents: support
    menus:
      main:
        prompt: main-menu
        options:
          "1":
            - caller: {name: Sales line}
            - agents: {group: sales, max_wait: 120, music: hold-music, announce_position: 30}
            - play: nobody-available
            - hangup: normal_clearing
          "2":
            - collect: {into: ext, min: 3, max: 3, prompt: enter-extension}
            - agents: {agent: "${ext}"}
          "3":
            - agents: sales
    tests:
      - {from: front, to: "+12125550100", keys: "1", expect: {menu: main, agents: sales}}
      - {from: front, to: "+12125550100", keys: "2201", expect: {agents: "201"}}
      - {from: front, to: "+12125550100", keys: "3", expect: {agents: sales}}
      - {from: front, to: "+12125550100", keys: "2201", expect: {agents: "202"}}
      - {from: front, to: "+12125550100", expect: {agents: sales}}
      - {from: front, to: "+12125550100", keys: "12", expect: {agents: sales}}
    """

    static let caller = CallerID(number: "+14155550123")

    func driver(_ context: String = "front") throws -> CallDriver {
        try CallDriver(try load(Self.yaml), context: context, number: "+12125550100")
    }

    /// A call that pressed 1 in the menu while its prompt played, now waiting for agents.
    func ringingSales() throws -> CallDriver {
        var call = try driver()
        #expect(call.start() == [.answer, prompts("main-menu")])
        let request = AgentsRequest(target: .group("sales"), maxWaitSeconds: 120, music: "hold-music", announceEverySeconds: 30,
                                    caller: CallerID(number: "+14155550123", name: "Sales line"), keys: "1")
        #expect(call.send(.digit("1"), after: 2) == [.stopPlayback, .agents(request)])
        #expect(call.run.state == .dialing)
        #expect(call.run.trace.contains("agents group sales, max wait 120 s"))
        return call
    }

    @Test func aFailedAgentsStepRunsTheFallbackSteps() throws {
        var call = try ringingSales()
        #expect(call.send(.dialFailed(cause: "no_answer"), after: 120) == [prompts("nobody-available")])
        #expect(call.run.trace.last == "agents failed: no_answer")
        #expect(call.send(.playbackFinished, after: 3) == [.hangup(cause: "normal_clearing")])
        #expect(call.run.state == .finished(cause: "normal_clearing"))
    }

    @Test func anAnsweredAgentsStepConnectsTheCall() throws {
        var call = try ringingSales()
        #expect(call.send(.dialAnswered, after: 8) == [])
        #expect(call.run.state == .connected)
        #expect(call.run.trace.last == "agents: an agent answered")
        #expect(call.send(.dialFailed(cause: "no_answer"), after: 1) == [], "nothing runs after the call is connected")
        #expect(call.send(.digit("5")) == [])
        #expect(call.run.keys == "1", "keys during the call are not menu or collect keys")
    }

    @Test func directDialExpandsTheAgentAndCarriesEveryKey() throws {
        var call = try driver()
        _ = call.start()
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.send(.digit("2"), after: 1) == [.cancelTimer, prompts("enter-extension")])
        let request = AgentsRequest(target: .agent("201"), caller: Self.caller, keys: "2201")
        #expect(call.press("201").last == [.cancelTimer, .agents(request)])
        #expect(call.run.keys == "2201")
        // Nobody has that extension: the option's steps are done, so the menu is offered again.
        #expect(call.send(.dialFailed(cause: "unallocated_number"), after: 1) == [prompts("main-menu")])
        #expect(call.run.trace.contains("agents failed: unallocated_number"))
        #expect(call.run.state == .inMenu("main"))
    }

    @Test func aFailedStepWithNothingAfterItEndsWithItsCause() throws {
        var call = try driver()
        _ = call.start()
        #expect(call.send(.digit("3"), after: 1) == [.stopPlayback, .agents(AgentsRequest(target: .group("sales"),
                                                                                         caller: Self.caller, keys: "3"))])
        // The option's steps end without handing over: back to the menu, which then times out.
        #expect(call.send(.dialFailed(cause: "user_busy"), after: 1) == [prompts("main-menu")])
        var direct = try driver("direct")
        #expect(direct.start() == [.answer, timer(1, at: 5)])
        #expect(direct.send(.timer(1), after: 5) == [prompts("sorry")])
        // The collect gave nothing, so "${ext}" is empty: nobody is rung and the step fails at once.
        #expect(direct.send(.playbackFinished, after: 1) == [.hangup(cause: "unallocated_number")])
        #expect(direct.run.trace.contains("agents: no agent named, the step fails with unallocated_number"))
    }

    @Test func keysAreKeptUpToThirtyTwo() throws {
        var call = try driver("long-keys")
        _ = call.start()
        let account = String(repeating: "0123456789", count: 3) + "12"
        _ = call.press(account)
        #expect(call.run.variables["account"] == account)
        let last = call.press("987#").last ?? []
        #expect(call.run.keys == account, "the oldest 32 keys are kept")
        #expect(last == [.cancelTimer, .agents(AgentsRequest(target: .group("support"), caller: Self.caller, keys: account))])
    }

    @Test func theTestRunnerExpectsTheFirstAgentsStep() throws {
        let results = DialplanTests.run(try load(Self.yaml))
        #expect(results.map(\.failures) == [
            [], [], [],
            ["expected agents 202, got 201"],
            ["expected agents sales, got none"],
            ["keys 2 were never asked for"],
        ])
        #expect(results[0].outcome.agents == "sales")
        #expect(results[0].outcome.hangup == nil, "the simulated call stops where the agents step rings")
        #expect(results[1].outcome.agents == "201")
        #expect(results[4].outcome.hangup == "normal_clearing")
    }

    @Test func theExplanationSaysWhoIsRungAndForHowLong() throws {
        let dialplan = try load(Self.yaml)
        let lines = dialplan.explain(from: "did:+12125550100", to: "", at: Date(timeIntervalSince1970: 1_780_408_800)).lines
        let key1 = try #require(lines.firstIndex(of: "    key 1:"))
        #expect(Array(lines[key1...].prefix(8)) == [
            "    key 1:",
            "      caller: name \"Sales line\"",
            "      agents: ring group sales, the caller waits up to 120 s",
            "        while no agent rings: music hold-music, looped",
            "        queue position announced every 30 s (queue-position, then digit-0 … digit-9)",
            "        an agent answers: connected; nobody takes the call: the steps after this one run",
            "      play nobody-available",
            "      hangup normal_clearing",
        ])
        #expect(lines.contains("      agents: ring agent ${ext}, the caller waits up to 300 s"))
        #expect(lines.contains("        while no agent rings: ringback tone"))
        let direct = dialplan.explain(from: "long-keys", to: "100", at: Date(timeIntervalSince1970: 1_780_408_800)).lines
        #expect(direct.suffix(4) == [
            "  agents: ring group support, the caller waits up to 300 s",
            "    while no agent rings: ringback tone",
            "    an agent answers: connected; nobody takes the call: the steps after this one run",
            "  end of steps (reached when no agent takes the call): hangup with the agents step's cause",
        ])
    }
}
