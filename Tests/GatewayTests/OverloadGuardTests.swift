import CoreTypes
import Testing
@testable import Gateway

@Suite struct OverloadGuardTests {
    private let settings = OverloadGuard.Settings(enterDelay: .milliseconds(200), hold: .milliseconds(500))

    /// Samples every 10 ms from `start` for `length`, each having waited `delay`.
    private func feed(_ guardian: inout OverloadGuard, from start: Instant, for length: Duration, delay: Duration) {
        var now = start
        while now < start + length {
            guardian.observe(delay: delay, now: now)
            now += .milliseconds(10)
        }
    }

    @Test func aSustainedQueueRefusesNewCallsUntilItDrains() {
        var guardian = OverloadGuard(settings: settings)
        let t0 = Instant.seconds(100)
        // Waits above the entry level for less than the hold: still admitting.
        feed(&guardian, from: t0, for: .milliseconds(500), delay: .milliseconds(300))
        #expect(guardian.admitsNewCalls)
        // Past the hold: refusing.
        guardian.observe(delay: .milliseconds(300), now: t0 + .milliseconds(500))
        #expect(!guardian.admitsNewCalls)
        // The queue shrinks but stays above half the entry level: still refusing, long after.
        feed(&guardian, from: t0 + .milliseconds(510), for: .seconds(3), delay: .milliseconds(150))
        #expect(!guardian.admitsNewCalls)
        // At or below half the entry level for the hold: admitting again.
        feed(&guardian, from: t0 + .milliseconds(3510), for: .milliseconds(500), delay: .milliseconds(100))
        #expect(!guardian.admitsNewCalls)
        guardian.observe(delay: .milliseconds(1), now: t0 + .milliseconds(4010))
        #expect(guardian.admitsNewCalls)
    }

    @Test func oneStallDoesNotTripIt() {
        var guardian = OverloadGuard(settings: settings)
        let t0 = Instant.seconds(100)
        // A 2 s stall: what queued behind it is taken within a few milliseconds.
        for index in 0..<200 {
            guardian.observe(delay: .milliseconds(2000 - 10 * Int64(index)), now: t0 + .microseconds(20 * Int64(index)))
        }
        #expect(guardian.admitsNewCalls)
        // A run above the entry level that is broken before the hold starts over.
        feed(&guardian, from: t0 + .seconds(1), for: .milliseconds(400), delay: .milliseconds(300))
        guardian.observe(delay: .milliseconds(5), now: t0 + .milliseconds(1400))
        feed(&guardian, from: t0 + .milliseconds(1410), for: .milliseconds(400), delay: .milliseconds(300))
        #expect(guardian.admitsNewCalls)
    }

    @Test func silenceIsNoSignThatItKeepsUp() {
        var guardian = OverloadGuard(settings: settings)
        let t0 = Instant.seconds(100)
        feed(&guardian, from: t0, for: .seconds(1), delay: .milliseconds(400))
        #expect(!guardian.admitsNewCalls)
        // Starved of CPU, the engine runs nothing for two seconds; its first samples after
        // are low (taken the moment they were posted), but not for the hold yet.
        feed(&guardian, from: t0 + .seconds(3), for: .milliseconds(300), delay: .milliseconds(1))
        #expect(!guardian.admitsNewCalls)
        // A high sample in between starts the low run over.
        guardian.observe(delay: .milliseconds(900), now: t0 + .milliseconds(3300))
        feed(&guardian, from: t0 + .milliseconds(3310), for: .milliseconds(400), delay: .milliseconds(1))
        #expect(!guardian.admitsNewCalls)
        feed(&guardian, from: t0 + .milliseconds(3710), for: .milliseconds(110), delay: .milliseconds(1))
        #expect(guardian.admitsNewCalls)
    }

    @Test func withoutAnEntryLevelItNeverRefuses() {
        var guardian = OverloadGuard(settings: OverloadGuard.Settings(enterDelay: nil))
        let t0 = Instant.seconds(100)
        feed(&guardian, from: t0, for: .seconds(5), delay: .seconds(3))
        #expect(guardian.admitsNewCalls)
        // The longest wait is still measured, and each read starts a new period.
        let first = guardian.takeLongestDelay()
        let second = guardian.takeLongestDelay()
        #expect(first == .seconds(3))
        #expect(second == .zero)
    }
}
