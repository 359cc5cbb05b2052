import CoreTypes
import Foundation
import Testing
@testable import Dialplan

/// Drives one `DialplanRun` with a manual clock: whole seconds for timers, and a wall
/// clock that only moves when a test sets it (schedules read it).
struct CallDriver {
    var run: DialplanRun
    /// Seconds since the call started.
    var now: Int64 = 0
    var wall: Date

    /// A call from `caller` into `context` with `number` dialed; the wall clock defaults to
    /// Tuesday 2026-06-02 10:00 in New York.
    init(_ dialplan: Dialplan, context: String = "c", number: String, caller: CallerID = CallerID(number: "+14155550123"),
         wall: String = "2026-06-02T14:00:00Z") throws {
        self.run = DialplanRun(dialplan: dialplan, context: context, number: number, caller: caller)
        self.wall = try isoDate(wall)
    }

    var time: DialplanTime { DialplanTime(instant: .seconds(now), wall: wall) }

    mutating func start() -> [DialplanAction] {
        run.start(at: time)
    }

    /// Lets `seconds` pass, then delivers `event`.
    mutating func send(_ event: DialplanEvent, after seconds: Int64 = 0) -> [DialplanAction] {
        now += seconds
        return run.handle(event, at: time)
    }

    /// Presses each key of `keys` one second apart; returns the actions of each key.
    mutating func press(_ keys: String) -> [[DialplanAction]] {
        keys.map { send(.digit($0), after: 1) }
    }
}

func isoDate(_ text: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: text), "bad test instant \(text)")
}

/// A timer the run asks for, `seconds` after `now`.
func timer(_ id: Int, at seconds: Int64) -> DialplanAction {
    .startTimer(id: id, deadline: .seconds(seconds))
}

func prompts(_ names: String...) -> DialplanAction {
    .play(names.map { .prompt($0) })
}

/// What a `dial` step asks for, with the caller of `CallDriver` unless told otherwise.
func dialing(_ number: String, trunks: [String] = ["carrier"], caller: CallerID = CallerID(number: "+14155550123"),
             answerTimeout: Int? = nil) -> DialplanAction {
    .dial(DialRequest(trunks: trunks, number: number, caller: caller, answerTimeoutSeconds: answerTimeout, maxDurationSeconds: nil))
}
