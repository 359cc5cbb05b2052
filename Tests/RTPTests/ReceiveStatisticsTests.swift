import Testing
@testable import RTP

@Suite("RFC 3550 Appendix A receive statistics")
struct ReceiveStatisticsTests {
    /// Feeds packets 20 ms apart at 8 kHz, arriving exactly on time.
    private func feed(_ stats: inout ReceiveStatistics, _ sequences: [UInt16]) -> [Bool] {
        sequences.map { sequence in
            let timestamp = UInt32(sequence) &* 160
            return stats.record(sequenceNumber: sequence, timestamp: timestamp, arrival: timestamp &+ 1000)
        }
    }

    @Test func probationNeedsTwoPacketsInSequence() {
        var stats = ReceiveStatistics(ssrc: 1)
        #expect(feed(&stats, [50, 60, 61, 62]) == [false, false, true, true])
        #expect(stats.isValid)
        #expect(stats.received == 2)
        #expect(stats.expected == 2)
        #expect(stats.extendedHighestSequence == 62)
        var immediate = ReceiveStatistics(ssrc: 1, minSequential: 1)
        #expect(feed(&immediate, [7, 8]) == [true, true])
        #expect(immediate.expected == 2)
    }

    @Test func sequenceWrapAroundExtendsTheHighestNumber() {
        var stats = ReceiveStatistics(ssrc: 1)
        #expect(feed(&stats, [65533, 65534, 65535, 0, 1, 2]) == [false, true, true, true, true, true])
        #expect(stats.extendedHighestSequence == 65536 + 2)
        #expect(stats.expected == 5)
        #expect(stats.received == 5)
        #expect(stats.cumulativeLost == 0)
        _ = feed(&stats, Array(3...65535).map(UInt16.init) + [0, 1])
        #expect(stats.extendedHighestSequence == 2 * 65536 + 1)
    }

    @Test func lossAndFractionLostPerInterval() {
        var stats = ReceiveStatistics(ssrc: 0xAABB)
        _ = feed(&stats, [100, 101, 102, 104, 106, 107, 108, 109])
        #expect(stats.expected == 9)
        #expect(stats.received == 7)
        #expect(stats.cumulativeLost == 2)
        let first = stats.makeReportBlock(nowNanoseconds: 0)
        #expect(first.ssrc == 0xAABB)
        #expect(first.fractionLost == 56)            // (2 << 8) / 9
        #expect(first.cumulativeLost == 2)
        #expect(first.extendedHighestSequence == 109)
        #expect(first.lastSenderReport == 0)
        #expect(first.delaySinceLastSenderReport == 0)
        _ = feed(&stats, Array(110...119))
        let second = stats.makeReportBlock(nowNanoseconds: 0)
        #expect(second.fractionLost == 0)
        #expect(second.cumulativeLost == 2)
        _ = feed(&stats, [130])                      // 10 lost, 1 received in this interval
        #expect(stats.makeReportBlock(nowNanoseconds: 0).fractionLost == 232)   // (10 << 8) / 11
        #expect(stats.makeReportBlock(nowNanoseconds: 0).fractionLost == 0)     // empty interval
    }

    @Test func duplicatesMakeLossNegativeAndLatePacketsCount() {
        var stats = ReceiveStatistics(ssrc: 1)
        #expect(feed(&stats, [1, 2, 3, 4, 5, 3]) == [false, true, true, true, true, true])
        #expect(stats.expected == 4)
        #expect(stats.received == 5)
        #expect(stats.cumulativeLost == -1)

        var late = ReceiveStatistics(ssrc: 1)
        _ = feed(&late, [10, 11, 12, 14, 13])
        #expect(late.extendedHighestSequence == 14)
        #expect(late.cumulativeLost == 0)
    }

    @Test func largeJumpRestartsOnlyWhenConfirmed() {
        var stats = ReceiveStatistics(ssrc: 1)
        #expect(feed(&stats, [10, 11, 12, 30000, 30001, 30002]) == [false, true, true, false, true, true])
        #expect(stats.extendedHighestSequence == 30002)
        #expect(stats.expected == 2)
        #expect(stats.received == 2)
        // A single stray far-off packet does not disturb the stream.
        #expect(feed(&stats, [5000, 30003]) == [false, true])
        #expect(stats.extendedHighestSequence == 30003)
    }

    /// A.8 on a scripted arrival pattern. Transit times (arrival − timestamp)
    /// vary by 0, 40, 0, 80, 0, 0, 16, so |D| = 40, 40, 80, 80, 0, 16 and the
    /// integer recurrence J16 += |D| − (J16 + 8) >> 4 runs
    /// 40, 77, 152, 222, 208, 211 → J = 211 >> 4 = 13.
    @Test func jitterOnScriptedArrivals() {
        var stats = ReceiveStatistics(ssrc: 1)
        let offsets: [UInt32] = [0, 0, 40, 0, 80, 0, 0, 16]
        var model = 0.0
        var previousTransit: Double?
        for (index, offset) in offsets.enumerated() {
            let timestamp = 1000 + 160 * UInt32(index)
            let arrival = 50000 + 160 * UInt32(index) + offset
            let counted = stats.record(sequenceNumber: UInt16(200 + index), timestamp: timestamp, arrival: arrival)
            #expect(counted == (index > 0))
            if counted {
                // The floating-point form of A.8 as an independent check.
                let transit = Double(arrival) - Double(timestamp)
                if let previousTransit { model += (abs(transit - previousTransit) - model) / 16 }
                previousTransit = transit
            }
        }
        #expect(stats.jitter == 13)
        #expect(abs(Double(stats.jitter) - model) < 1)
        #expect(stats.makeReportBlock(nowNanoseconds: 0).jitter == 13)
    }

    @Test func jitterIsZeroForPerfectTimingAndHandlesClockWrap() {
        var stats = ReceiveStatistics(ssrc: 1, minSequential: 1)
        for index in 0..<50 {
            let timestamp = UInt32.max - 4000 &+ UInt32(index) &* 160   // wraps halfway
            stats.record(sequenceNumber: UInt16(index), timestamp: timestamp, arrival: timestamp &+ 123_456)
        }
        #expect(stats.jitter == 0)
    }

    @Test func lastSenderReportAndDelay() {
        var stats = ReceiveStatistics(ssrc: 1)
        _ = feed(&stats, [1, 2])
        let info = RTCPSenderInfo(ntpTimestamp: 0xE8A1_B2C3_4000_0000, rtpTimestamp: 0, packetCount: 0, octetCount: 0)
        stats.recordSenderReport(info, arrivalNanoseconds: 1_000_000_000)
        let block = stats.makeReportBlock(nowNanoseconds: 2_500_000_000)
        #expect(block.lastSenderReport == 0xB2C3_4000)
        #expect(block.delaySinceLastSenderReport == 0x0001_8000)   // 1.5 s in 1/65536 s
    }
}
