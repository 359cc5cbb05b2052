import CoreTypes
import Testing
@testable import Gateway

@Suite struct SourceGuardTests {
    private let limits = SourceGuard.Limits(requestsPerSecond: 10, burst: 5, failuresBeforeBan: 3,
                                            failureWindow: .seconds(60), banDuration: .seconds(600))

    @Test func aBurstThenTheSustainedRate() {
        var guardian = SourceGuard(limits: limits)
        let t0 = Instant.seconds(100)
        let first = (0..<7).map { _ in guardian.admit("203.0.113.5", now: t0) }
        #expect(first == Array(repeating: .allowed, count: 5) + [.rateLimited, .rateLimited])
        // 10 per second: one more token every 100 ms.
        #expect(guardian.admit("203.0.113.5", now: t0 + .milliseconds(100)) == .allowed)
        #expect(guardian.admit("203.0.113.5", now: t0 + .milliseconds(150)) == .rateLimited)
        // Another source has its own bucket.
        #expect(guardian.admit("203.0.113.6", now: t0) == .allowed)
    }

    @Test func repeatedFailuresBanForTheBanDuration() {
        var guardian = SourceGuard(limits: limits)
        let t0 = Instant.seconds(100)
        #expect(guardian.recordFailure("198.51.100.9", now: t0) == nil)
        #expect(guardian.recordFailure("198.51.100.9", now: t0 + .seconds(10)) == nil)
        let until = guardian.recordFailure("198.51.100.9", now: t0 + .seconds(20))
        #expect(until == t0 + .seconds(620))
        #expect(guardian.admit("198.51.100.9", now: t0 + .seconds(30)) == .banned(until: t0 + .seconds(620)))
        #expect(guardian.banned(now: t0 + .seconds(30)) == ["198.51.100.9": t0 + .seconds(620)])
        // The ban ends on time, with a clean slate.
        #expect(guardian.admit("198.51.100.9", now: t0 + .seconds(620)) == .allowed)
        #expect(guardian.recordFailure("198.51.100.9", now: t0 + .seconds(621)) == nil)
        #expect(guardian.banned(now: t0 + .seconds(621)).isEmpty)
    }

    @Test func failuresOutsideTheWindowDoNotAddUp() {
        var guardian = SourceGuard(limits: limits)
        for minute in 0..<5 {
            #expect(guardian.recordFailure("198.51.100.9", now: .seconds(Int64(minute) * 61)) == nil)
        }
        #expect(guardian.admit("198.51.100.9", now: .seconds(400)) == .allowed)
    }

    @Test func memoryIsBoundedAndBansSurviveAFlood() {
        var guardian = SourceGuard(limits: limits, maximumSources: 100)
        for _ in 0..<3 { guardian.recordFailure("192.0.2.1", now: .seconds(1)) }
        for index in 0..<10_000 {
            _ = guardian.admit("10.\(index / 65536).\(index / 256 % 256).\(index % 256)", now: .seconds(2))
            #expect(guardian.trackedCount <= 100)
        }
        #expect(guardian.admit("192.0.2.1", now: .seconds(3)) == .banned(until: .seconds(601)))
    }
}
