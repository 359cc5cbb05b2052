import Testing
@testable import Dialplan

/// Every dial is checked where it runs: in menus, after goto, with its own number.
@Suite struct ExecutorSafetyTests {
    /// A web context whose only rule opens a menu: option 1 dials the routed number, option
    /// 2 a fixed foreign number, option 3 a premium one, option 4 a foreign one it allows,
    /// option 5 collects digits and dials them.
    static let plan = """
    contexts:
      c:
        country: US
        kind: web
        rules:
          - match: {pattern: "!"}
            menu: m
      trunkside:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            dial: {trunks: [carrier]}
    menus:
      m:
        prompt: [{tone: beep}]
        options:
          "1": {dial: {trunks: [carrier]}}
          "2": {dial: {trunks: [carrier], number: "+442079460018"}}
          "3": {dial: {trunks: [carrier], number: "+19005550100"}}
          "4": {dial: {trunks: [carrier], number: "+442079460018", allow: [international]}}
          "5":
            - collect: {into: target, min: 3, max: 15}
            - dial: {trunks: [carrier], number: "${target}"}
          "6": {goto: {context: trunkside, number: "+33142685300"}}
    """

    private func pressing(_ key: Character, dialed: String = "+12125550100") throws -> [DialplanAction] {
        var call = try CallDriver(load(Self.plan), number: dialed)
        _ = call.start()
        _ = call.send(.playbackFinished)
        return call.send(.digit(key), after: 1)
    }

    @Test func routedNumberInsideAMenuIsCheckedWhenDialed() throws {
        #expect(try pressing("1") == [.cancelTimer, dialing("+12125550100")])
        #expect(try pressing("1", dialed: "+442079460018").last == .hangup(cause: "call_rejected"))
        #expect(try pressing("1", dialed: "1-900-555-0100").last == .hangup(cause: "call_rejected"))
    }

    @Test func fixedForeignAndPremiumNumbersAreRefusedUnlessTheDialAllowsThem() throws {
        #expect(try pressing("2").last == .hangup(cause: "call_rejected"))
        #expect(try pressing("3").last == .hangup(cause: "call_rejected"))
        #expect(try pressing("4").last == dialing("+442079460018"))
    }

    @Test func collectedDigitsAreCheckedBeforeTheyAreDialed() throws {
        var call = try CallDriver(load(Self.plan), number: "+12125550100")
        _ = call.start()
        _ = call.send(.playbackFinished)
        _ = call.send(.digit("5"), after: 1)
        // The 15th key fills `max: 15` and ends the collection.
        let actions = call.press("011442079460018").last ?? []
        #expect(actions.last == .hangup(cause: "call_rejected"))
        #expect(call.run.trace.contains { $0.contains("refused") && $0.contains("international") })
    }

    @Test func aWebCallerKeepsTheWebPolicyAfterAGotoIntoATrunkContext() throws {
        #expect(try pressing("6").last == .hangup(cause: "call_rejected"))
        // The same context entered by a trunk call dials it: the trunk policy allows it.
        var call = try CallDriver(load(Self.plan), context: "trunkside", number: "+33142685300")
        #expect(call.start() == [dialing("+33142685300")])
    }
}
