import Testing
@testable import Dialplan

/// `DialplanRun` driven event by event with a manual clock: an IVR menu reached through a
/// DID, barge-in, wrong keys, silence, stale timers and hanging up at any point.
@Suite struct MenuRunTests {
    /// A DID that opens a menu: 1 collects an extension and dials it, 2 goes to a context
    /// that hangs up busy, 3 plays the hours and comes back to the menu.
    static let ivr = """
    entry:
      dids:
        "+12125550100": main-line
    contexts:
      main-line:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            menu: main
      closed:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            hangup: user_busy
    menus:
      main:
        prompt: main-menu
        invalid_prompt: invalid
        timeout_prompt: timeout
        attempts: 2
        options:
          "1":
            - collect: {into: ext, min: 4, max: 4, prompt: enter-extension}
            - dial: {trunks: [carrier], number: "+1212555${ext}"}
          "2": {goto: closed}
          "3": {play: hours}
        on_failure: {hangup: no_user_response}
    """

    /// A call to the DID as the carrier sends it (national form), its prompt already asked for.
    func callTheDID() throws -> CallDriver {
        let dialplan = try load(Self.ivr)
        let entry = dialplan.entry(for: .trunk(name: "carrier", did: "2125550100"), dialed: "2125550100")
        #expect(entry == EntryDecision(context: "main-line", number: "+12125550100", reason: "DID +12125550100"))
        var call = try CallDriver(dialplan, context: try #require(entry.context), number: entry.number)
        #expect(call.start() == [.answer, prompts("main-menu")])
        #expect(call.run.state == .inMenu("main"))
        return call
    }

    @Test func keyTwoGoesToAContextThatHangsUpWithItsCause() throws {
        var call = try callTheDID()
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.send(.digit("2"), after: 2) == [.cancelTimer, .hangup(cause: "user_busy")])
        #expect(call.run.state == .finished(cause: "user_busy"))
        #expect(call.run.trace == [
            "main-line: +12125550100 matched rule 0 at test.yaml:9:9",
            "menu main",
            "menu main: key 2",
            "goto closed",
            "closed: +12125550100 matched rule 0 at test.yaml:15:9",
            "hangup user_busy",
        ])
    }

    @Test func keyOneCollectsAnExtensionAndDialsTheNumberBuiltFromIt() throws {
        var call = try callTheDID()
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.send(.digit("1"), after: 1) == [.cancelTimer, prompts("enter-extension")])
        #expect(call.run.state == .collecting("ext"))
        #expect(call.send(.playbackFinished, after: 2) == [timer(2, at: 11)])
        #expect(call.press("0142") == [[timer(3, at: 12)], [timer(4, at: 13)], [timer(5, at: 14)],
                                       [.cancelTimer, dialing("+12125550142")]])
        #expect(call.run.variables["ext"] == "0142")
        #expect(call.run.state == .dialing)
        #expect(call.run.trace.suffix(2) == ["collected ext = 0142", "dial +12125550142 via carrier"])
        // Answered: the call is handed over and the dialplan has nothing more to do.
        #expect(call.send(.dialAnswered, after: 4) == [])
        #expect(call.run.state == .connected)
        #expect(call.send(.digit("5")) == [])
        #expect(call.send(.callEnded, after: 60) == [])
        #expect(call.run.state == .finished(cause: "normal_clearing"))
    }

    @Test func aKeyDuringThePromptStopsItFirst() throws {
        var call = try callTheDID()
        #expect(call.send(.digit("3"), after: 1) == [.stopPlayback, prompts("hours")])
        #expect(call.run.state == .playing)
        // Option 3 ends without handing the call over: the menu is offered again.
        #expect(call.send(.playbackFinished, after: 4) == [prompts("main-menu")])
        #expect(call.run.state == .inMenu("main"))
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 13)])
    }

    @Test func aWrongKeyPlaysTheInvalidPromptThenTheMenuAgain() throws {
        var call = try callTheDID()
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.send(.digit("9"), after: 1) == [.cancelTimer, prompts("invalid")])
        // The cancelled timer firing late (it was already on its way) changes nothing.
        #expect(call.send(.timer(1), after: 4) == [])
        #expect(call.send(.playbackFinished) == [prompts("main-menu")])
        #expect(call.send(.playbackFinished, after: 3) == [timer(2, at: 16)])
        #expect(call.run.trace.contains("menu main: key 9 is not an option"))
    }

    @Test func silencePlaysTheTimeoutPromptAndFailsAfterTheLastAttempt() throws {
        var call = try callTheDID()
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.send(.timer(1), after: 5) == [prompts("timeout")])
        #expect(call.send(.playbackFinished, after: 2) == [prompts("main-menu")])
        #expect(call.send(.playbackFinished, after: 3) == [timer(2, at: 18)])
        // attempts: 2, both used: on_failure runs.
        #expect(call.send(.timer(2), after: 5) == [.hangup(cause: "no_user_response")])
        #expect(call.run.state == .finished(cause: "no_user_response"))
        #expect(call.run.trace.suffix(3) == [
            "menu main: no key within 5 s",
            "menu main: 2 tries used, running on_failure",
            "hangup no_user_response",
        ])
    }

    @Test func aWrongKeyAndThenSilenceUseUpBothAttempts() throws {
        var call = try callTheDID()
        #expect(call.send(.digit("*"), after: 1) == [.stopPlayback, prompts("invalid")])
        #expect(call.send(.playbackFinished, after: 2) == [prompts("main-menu")])
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 11)])
        #expect(call.send(.timer(1), after: 5) == [.hangup(cause: "no_user_response")])
    }

    @Test func timersThatAreNotTheCurrentOneAreIgnored() throws {
        var call = try callTheDID()
        #expect(call.send(.timer(1)) == [], "no timer is running while the prompt plays")
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.send(.timer(7), after: 5) == [])
        #expect(call.send(.timer(0)) == [])
        #expect(call.run.state == .inMenu("main"))
        #expect(call.send(.timer(1)) == [prompts("timeout")])
        #expect(call.send(.timer(1)) == [], "a timer fires once")
    }

    @Test func hangingUpEndsTheRunWhereverItIs() throws {
        var inMenu = try callTheDID()
        #expect(inMenu.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(inMenu.send(.callEnded, after: 1) == [])
        #expect(inMenu.run.state == .finished(cause: "normal_clearing"))
        #expect(inMenu.send(.timer(1), after: 4) == [])
        #expect(inMenu.send(.digit("1")) == [])
        #expect(inMenu.send(.playbackFinished) == [])

        var collecting = try callTheDID()
        #expect(collecting.send(.digit("1"), after: 1) == [.stopPlayback, prompts("enter-extension")])
        #expect(collecting.send(.callEnded, after: 1) == [])
        #expect(collecting.send(.digit("2")) == [])
        #expect(collecting.run.state == .finished(cause: "normal_clearing"))

        var dialing = try callTheDID()
        _ = dialing.send(.digit("1"), after: 1)
        _ = dialing.press("0100")
        #expect(dialing.run.state == .dialing)
        #expect(dialing.send(.callEnded, after: 1) == [])
        #expect(dialing.send(.dialFailed(cause: "user_busy")) == [])
        #expect(dialing.run.state == .finished(cause: "normal_clearing"))

        var hungUp = try callTheDID()
        _ = hungUp.send(.digit("2"), after: 1)
        #expect(hungUp.send(.callEnded, after: 1) == [])
        #expect(hungUp.run.state == .finished(cause: "user_busy"), "the dialplan's own cause is kept")
    }
}

/// `goto` with and without a number, refusals and loops.
@Suite struct GotoRunTests {
    @Test func gotoWithANumberRoutesCollectedDigitsInAnotherContext() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            kind: trunk
            rules:
              - match: {pattern: "!"}
                steps:
                  - collect: {into: ext, min: 3, max: 3}
                  - goto: {context: extensions, number: "${ext}"}
          extensions:
            country: US
            kind: trunk
            rules:
              - match: {exact: "101"}
                dial: {trunks: [carrier], number: "+12125550101"}
              - match: {pattern: "!"}
                hangup: unallocated_number
        """)
        var known = try CallDriver(dialplan, number: "+12125550100")
        #expect(known.start() == [.answer, timer(1, at: 5)])
        #expect(known.press("101") == [[timer(2, at: 6)], [timer(3, at: 7)], [.cancelTimer, dialing("+12125550101")]])
        #expect(known.run.variables["number"] == "101")
        #expect(known.run.variables["context"] == "extensions")
        #expect(known.run.trace.suffix(4) == [
            "collected ext = 101", "goto extensions",
            "extensions: 101 matched rule 0 at test.yaml:14:9", "dial +12125550101 via carrier",
        ])

        var unknown = try CallDriver(dialplan, number: "+12125550100")
        _ = unknown.start()
        #expect(unknown.press("999").last == [.cancelTimer, .hangup(cause: "unallocated_number")])
    }

    @Test func aRefusedNumberHangsUpWithTheRefusalCause() throws {
        let dialplan = try load("""
        contexts:
          c:
            country: US
            rules:
              - match: {pattern: "+!"}
                dial: {trunks: [carrier]}
        """)
        var call = try CallDriver(dialplan, number: "011 44 20 7946 0018")
        #expect(call.start() == [.hangup(cause: "call_rejected")])
        #expect(call.run.trace == [
            "c: 011 44 20 7946 0018 refused: international number outside +1 refused; a rule must allow international",
            "hangup call_rejected",
        ])
        var nowhere = try CallDriver(dialplan, context: "missing", number: "+12125550100")
        #expect(nowhere.start() == [.hangup(cause: "interworking")])
    }

    @Test func aGotoLoopEndsTheCallInsteadOfRunningForever() throws {
        let dialplan = try load("""
        contexts:
          a:
            country: US
            kind: trunk
            rules:
              - match: {pattern: "!"}
                goto: b
          b:
            country: US
            kind: trunk
            rules:
              - match: {pattern: "!"}
                goto: {context: a, number: "${number}"}
        """)
        var call = try CallDriver(dialplan, context: "a", number: "+12125550100")
        #expect(call.start() == [.hangup(cause: "interworking")])
        #expect(call.run.state == .finished(cause: "interworking"))
        #expect(call.run.trace.count == 200)
        #expect(call.run.trace.first == "a: +12125550100 matched rule 0 at test.yaml:6:9")
        #expect(call.run.trace.suffix(2) == [
            "more than 1000 steps without waiting for the caller: a goto or menu loop",
            "hangup interworking",
        ])
        #expect(call.send(.digit("1")) == [])
    }
}
