import CoreTypes
import Testing
@testable import Gateway

@Suite struct OverloadGuardTests {
    private let settings = OverloadGuard.Settings(enterDelay: .milliseconds(200), hold: .milliseconds(500))

    /// Items taken every 10 ms from `start` for `length`, each having waited `delay`.
    private func feed(_ guardian: inout OverloadGuard, from start: Instant, for length: Duration, delay: Duration) {
        var now = start
        while now < start + length {
            guardian.observe(delay: delay, now: now)
            now += .milliseconds(10)
        }
    }

    @Test func aSustainedQueueRefusesNewCallsUntilItDrains() {
        var guardian = OverloadGuard(settings: settings)
        var admitted = true
        let t0 = Instant.seconds(100)
        // Waits above the entry level for less than the hold: still admitting.
        feed(&guardian, from: t0, for: .milliseconds(490), delay: .milliseconds(300))
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(490))
        #expect(admitted)
        // Past the hold: refusing.
        guardian.observe(delay: .milliseconds(300), now: t0 + .milliseconds(500))
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(500))
        #expect(!admitted)
        // The queue shrinks but stays above half the entry level: still refusing, long after.
        feed(&guardian, from: t0 + .milliseconds(510), for: .seconds(3), delay: .milliseconds(150))
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(3510))
        #expect(!admitted)
        // Below half the entry level for the hold: admitting again.
        feed(&guardian, from: t0 + .milliseconds(3510), for: .milliseconds(490), delay: .milliseconds(50))
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(3990))
        #expect(!admitted)
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(4010))
        #expect(admitted)
    }

    @Test func oneStallDoesNotTripIt() {
        var guardian = OverloadGuard(settings: settings)
        var admitted = true
        let t0 = Instant.seconds(100)
        // A 2 s stall: the items that queued behind it are taken within a few milliseconds.
        for index in 0..<200 {
            guardian.observe(delay: .milliseconds(2000 - 10 * Int64(index)), now: t0 + .microseconds(20 * Int64(index)))
        }
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(5))
        #expect(admitted)
        // A run above the entry level that is broken before the hold starts over.
        feed(&guardian, from: t0 + .seconds(1), for: .milliseconds(400), delay: .milliseconds(300))
        guardian.observe(delay: .milliseconds(5), now: t0 + .milliseconds(1400))
        feed(&guardian, from: t0 + .milliseconds(1410), for: .milliseconds(400), delay: .milliseconds(300))
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(1810))
        #expect(admitted)
    }

    @Test func aQuietInboxEndsTheOverload() {
        var guardian = OverloadGuard(settings: settings)
        var admitted = true
        let t0 = Instant.seconds(100)
        feed(&guardian, from: t0, for: .seconds(1), delay: .milliseconds(400))
        admitted = guardian.admitsNewCall(now: t0 + .seconds(1))
        #expect(!admitted)
        // Nothing more arrives (every call was refused and the rest ended).
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(1400))
        #expect(!admitted)
        admitted = guardian.admitsNewCall(now: t0 + .milliseconds(1500))
        #expect(admitted)
    }

    @Test func withoutAnEntryLevelItNeverRefuses() {
        var guardian = OverloadGuard(settings: OverloadGuard.Settings(enterDelay: nil))
        var admitted = true
        let t0 = Instant.seconds(100)
        feed(&guardian, from: t0, for: .seconds(5), delay: .seconds(3))
        admitted = guardian.admitsNewCall(now: t0 + .seconds(5))
        #expect(admitted)
        // The longest wait is still measured, and each read starts a new period.
        let first = guardian.takeLongestDelay()
        let second = guardian.takeLongestDelay()
        #expect(first == .seconds(3))
        #expect(second == .zero)
    }
}
