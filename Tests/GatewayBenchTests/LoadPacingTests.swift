import RTP
import Testing
@testable import gateway_bench

@Suite struct LoadPacingTests {
    @Test func deadlinesAreAbsolute() {
        var schedule = PacingSchedule(start: 1_000, slots: 20)
        #expect(schedule.slotLength == 1_000_000)
        for _ in 0..<45 { schedule.advance() }
        // However late the wake-ups were, tick 45 is due 45 slot lengths after the start.
        #expect(schedule.deadline == 1_000 + 45 * 1_000_000)
        #expect(schedule.slot == 5)
    }

    @Test func callsSpreadOverEverySlot() {
        let slots = (0..<20).map { PacingSchedule.slot(forCall: $0, slots: 20) }
        #expect(Set(slots).count == 20)
        #expect(Array(slots.prefix(4)) == [0, 7, 14, 1])
        #expect(Set((0..<4).map { PacingSchedule.slot(forCall: $0, slots: 4) }) == [0, 1, 2, 3])
        #expect(PacingSchedule.slot(forCall: 9, slots: 1) == 0)
    }

    @Test func latenessBuckets() {
        var lateness = TickLateness()
        for milliseconds in [0.5, 3, 6, 25] { lateness.record(latenessNanoseconds: Int64(milliseconds * 1e6)) }
        #expect(lateness.ticks == 4)
        #expect(lateness.lateTicks == 2)
        #expect(lateness.maxLatenessNanoseconds == 25_000_000)
        #expect(lateness.histogram == [1, 0, 1, 1, 0, 1])
        let earlier = lateness
        lateness.record(latenessNanoseconds: 1_500_000)
        let window = lateness.since(earlier)
        #expect(window.ticks == 1)
        #expect(window.lateTicks == 0)
        #expect(window.histogram == [0, 1, 0, 0, 0, 0])
    }

    static func header(sequence: UInt16, timestamp: UInt32) -> RTPHeader {
        RTPHeader(payloadType: 0, sequenceNumber: sequence, timestamp: timestamp, ssrc: 5)
    }

    @Test func onTimePacketsAreNotLate() {
        var reception = StreamReception(clockRate: 8000)
        for index in 0..<10 {
            let update = reception.record(Self.header(sequence: UInt16(100 + index), timestamp: UInt32(160 * index)),
                                          arrival: 5_000_000_000 + Int64(index) * 20_000_000)
            #expect(update == .init(expectedIncrease: 1, counted: true, deviation: 0))
        }
        #expect(reception.jitterMilliseconds == 0)
    }

    @Test func latenessAndGapsAreMeasured() {
        var reception = StreamReception(clockRate: 8000)
        var totals = LegTotals()
        let start: Int64 = 1_000_000_000
        // Timestamps wrap through UInt32.max; the second packet arrives 30 ms late; one is lost.
        let base = UInt32.max - 200
        totals.count(reception.record(Self.header(sequence: 65_535, timestamp: base), arrival: start),
                     lateLimit: 20_000_000, delay: nil)
        totals.count(reception.record(Self.header(sequence: 0, timestamp: base &+ 160), arrival: start + 50_000_000),
                     lateLimit: 20_000_000, delay: nil)
        totals.count(reception.record(Self.header(sequence: 2, timestamp: base &+ 480), arrival: start + 60_000_000),
                     lateLimit: 20_000_000, delay: nil)
        #expect(totals.received == 3)
        #expect(totals.expected == 4)
        #expect(totals.lost == 1)
        #expect(totals.late == 1)
        #expect(totals.maxLatenessNanoseconds == 30_000_000)
    }

    @Test func totalsOverAWindow() {
        let before = LegTotals(legsUp: 3, sent: 100, received: 90, expected: 90, late: 1, rtcp: 2)
        let after = LegTotals(legsUp: 3, sent: 250, received: 238, expected: 240, late: 1, maxLatenessNanoseconds: 7, rtcp: 3)
        let window = after.since(before)
        #expect(window == LegTotals(legsUp: 3, sent: 150, received: 148, expected: 150, late: 0,
                                    maxLatenessNanoseconds: 7, rtcp: 1))
        #expect(window.lost == 2)
        let direction = LoadReport.Direction(sender: window, receiver: window, calls: 3, seconds: 1)
        #expect(direction.expectedPerSecond == 150)
        #expect(!direction.isClean())
    }
}
