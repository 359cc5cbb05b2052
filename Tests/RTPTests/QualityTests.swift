import Testing
@testable import RTP

struct EModelTests {
    @Test func noImpairmentGivesTheDefaultRating() {
        let r = EModel.rating(oneWayDelayMilliseconds: 0, lossPercent: 0, codec: .g711)
        #expect(r == 93.2)
        // G.107 Annex B at R 93.2: 1 + 3.262 + 93.2·33.2·6.8·7e-6 ≈ 4.41.
        #expect(abs(EModel.meanOpinionScore(rating: r) - 4.409) < 0.001)
    }

    @Test func randomLossFollowsTheEffectiveEquipmentImpairment() {
        // Ie,eff = 95 · 5 / (5 + 25.1) = 15.78.
        let r = EModel.rating(oneWayDelayMilliseconds: 0, lossPercent: 5, codec: .g711)
        #expect(abs(r - (93.2 - 15.781)) < 0.01)
        let mos = EModel.meanOpinionScore(rating: r)
        #expect(mos > 3.8 && mos < 4.0)
    }

    @Test func delayBeyondTheKneeCostsMore() {
        let below = EModel.rating(oneWayDelayMilliseconds: 150, lossPercent: 0, codec: .g711)
        #expect(abs(below - (93.2 - 3.6)) < 0.001)
        let above = EModel.rating(oneWayDelayMilliseconds: 300, lossPercent: 0, codec: .g711)
        #expect(abs(above - (93.2 - 7.2 - 0.11 * 122.7)) < 0.001)
    }

    @Test func ratingAndScoreStayInRange() {
        #expect(EModel.rating(oneWayDelayMilliseconds: 5000, lossPercent: 100, codec: .opus) == 0)
        #expect(EModel.meanOpinionScore(rating: 0) == 1)
        #expect(EModel.meanOpinionScore(rating: 120) == 4.5)
        #expect(EModel.rating(oneWayDelayMilliseconds: .nan, lossPercent: -.infinity, codec: .g711) == 93.2)
    }
}

struct NTPClockTests {
    @Test func mapsTheUnixEpochOntoNTPEra0() {
        let clock = NTPClock(unixNanoseconds: 0, atMonotonic: 0)
        #expect(clock.ntpTimestamp(atNanoseconds: 0) == NTPClock.unixOffsetSeconds << 32)
        // Half a second later: fraction 0x8000_0000.
        #expect(clock.ntpTimestamp(atNanoseconds: 500_000_000) == NTPClock.unixOffsetSeconds << 32 | 0x8000_0000)
        #expect(clock.compact(atNanoseconds: 1_500_000_000) == UInt32(truncatingIfNeeded: (NTPClock.unixOffsetSeconds + 1) << 16) | 0x8000)
    }

    @Test func monotonicOriginIsIndependentOfTheWallClock() {
        let clock = NTPClock(unixNanoseconds: 1_000_000_000_000, atMonotonic: 7_000_000_000)
        #expect(clock.ntpTimestamp(atNanoseconds: 7_000_000_000) == (NTPClock.unixOffsetSeconds + 1000) << 32)
        #expect(clock.ntpTimestamp(atNanoseconds: 8_000_000_000) == (NTPClock.unixOffsetSeconds + 1001) << 32)
    }
}

struct RTCPReporterTests {
    private let clock = NTPClock(unixNanoseconds: 1_700_000_000_000_000_000, atMonotonic: 0)
    private let ms: Int64 = 1_000_000

    private func reporter(ssrc: UInt32, rate: Int = 8000) -> RTCPReporter {
        RTCPReporter(localSSRC: ssrc, cname: "gw@test", clockRate: rate, codec: .g711, ntp: clock)
    }

    @Test func countsLossOfTheReceivedStream() throws {
        var leg = reporter(ssrc: 1)
        // 100 packets every 20 ms, 5 of them missing.
        for index in 0..<100 where ![10, 30, 50, 70, 90].contains(index) {
            leg.received(ssrc: 99, sequenceNumber: UInt16(1000 + index), timestamp: UInt32(index * 160),
                         nowNanoseconds: Int64(index) * 20 * ms)
        }
        let packets = leg.makeReport(nowNanoseconds: 2000 * ms)
        guard case .receiverReport(let rr) = try #require(packets.first) else {
            Issue.record("nothing was sent, so the report is an RR")
            return
        }
        let block = try #require(rr.reportBlocks.first)
        #expect(block.ssrc == 99)
        #expect(block.cumulativeLost == 5)
        #expect(leg.quality.packetsLost == 5)
        // 5 of 99 expected after probation: fraction 5·256/99 = 12 → 4.7 %.
        #expect(abs(leg.quality.lossPercent - 4.6875) < 0.001)
        #expect(leg.quality.jitterMilliseconds == 0)
        #expect(packets.count == 2)
        guard case .sourceDescription(let sdes) = packets[1] else {
            Issue.record("the CNAME follows the report")
            return
        }
        #expect(sdes.chunks.first?.cname == "gw@test")
    }

    @Test func aReportWrittenInPlaceIsTheCompoundPacketOfMakeReport() {
        // Two legs fed the same: one writes its reports into a buffer, one makes packets.
        func fed(cname: String) -> RTCPReporter {
            RTCPReporter(localSSRC: 3, cname: cname, clockRate: 8000, codec: .g711, ntp: clock)
        }
        let longName = String(repeating: "n", count: 300)   // cut to 255 bytes on the wire
        for cname in ["gw@test", "abc", "abcd", longName] {
            var writing = fed(cname: cname), making = fed(cname: cname)
            var buffer = [UInt8](repeating: 0xEE, count: 2048)
            func compare(at now: Int64) {
                let written = buffer.withUnsafeMutableBytes { writing.writeReport(into: $0, nowNanoseconds: now) }
                let made = RTCPPacket.serializeCompound(making.makeReport(nowNanoseconds: now))
                #expect(Array(buffer[0..<written]) == made, "\(cname) at \(now)")
                #expect(writing.quality == making.quality)
            }
            compare(at: 100 * ms)                          // RR, no block yet
            for index in 0..<50 {
                let at = Int64(index) * 20 * ms
                writing.received(ssrc: 9, sequenceNumber: UInt16(index), timestamp: UInt32(index * 160), nowNanoseconds: at)
                making.received(ssrc: 9, sequenceNumber: UInt16(index), timestamp: UInt32(index * 160), nowNanoseconds: at)
            }
            compare(at: 1100 * ms)                         // RR with a block
            writing.sent(payloadBytes: 160, timestamp: 500, nowNanoseconds: 1200 * ms)
            making.sent(payloadBytes: 160, timestamp: 500, nowNanoseconds: 1200 * ms)
            compare(at: 1300 * ms)                         // SR with a block
        }
        // No room: nothing written.
        var leg = reporter(ssrc: 1)
        var small = [UInt8](repeating: 0, count: 16)
        #expect(small.withUnsafeMutableBytes { leg.writeReport(into: $0, nowNanoseconds: 0) } == 0)
    }

    @Test func jitterIsMeasuredInMilliseconds() {
        var leg = reporter(ssrc: 1)
        // Packets every 20 ms of stream time arriving alternately 0 and 10 ms late.
        for index in 0..<500 {
            let late: Int64 = index % 2 == 0 ? 0 : 10
            leg.received(ssrc: 7, sequenceNumber: UInt16(index), timestamp: UInt32(index * 160),
                         nowNanoseconds: (Int64(index) * 20 + late) * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 10_000 * ms)
        // A.8 converges to |D| = 10 ms.
        #expect(abs(leg.quality.jitterMilliseconds - 10) < 0.5)
    }

    @Test func sendsAnSenderReportOnlyAfterSending() throws {
        var leg = reporter(ssrc: 5)
        leg.sent(payloadBytes: 160, timestamp: 1000, nowNanoseconds: 0)
        leg.sent(payloadBytes: 160, timestamp: 1160, nowNanoseconds: 20 * ms)
        let first = leg.makeReport(nowNanoseconds: 120 * ms)
        guard case .senderReport(let sr) = try #require(first.first) else {
            Issue.record("an SR after sending")
            return
        }
        #expect(sr.senderInfo.packetCount == 2)
        #expect(sr.senderInfo.octetCount == 320)
        // 100 ms after the last packet's timestamp 1160 on the 8 kHz clock.
        #expect(sr.senderInfo.rtpTimestamp == 1960)
        #expect(sr.senderInfo.ntpTimestamp == clock.ntpTimestamp(atNanoseconds: 120 * ms))
        guard case .receiverReport = try #require(leg.makeReport(nowNanoseconds: 5120 * ms).first) else {
            Issue.record("an RR when nothing was sent in the interval")
            return
        }
    }

    @Test func roundTripComesFromTheEchoedSenderReport() throws {
        var gateway = reporter(ssrc: 1)
        var far = reporter(ssrc: 2)
        for index in 0..<10 {
            gateway.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: Int64(index) * 20 * ms)
            far.received(ssrc: 1, sequenceNumber: UInt16(index), timestamp: UInt32(index * 160),
                         nowNanoseconds: Int64(index) * 20 * ms + 40 * ms)
        }
        // SR leaves at 1 s, arrives at 1.04 s; the far end reports at 1.24 s (DLSR 0.2 s);
        // that report arrives at 1.3 s: RTT = 0.3 − 0.2 = 0.1 s.
        let sr = gateway.makeReport(nowNanoseconds: 1000 * ms)
        far.received(rtcp: sr, nowNanoseconds: 1040 * ms)
        let rr = far.makeReport(nowNanoseconds: 1240 * ms)
        gateway.received(rtcp: rr, nowNanoseconds: 1300 * ms)
        _ = gateway.makeReport(nowNanoseconds: 2000 * ms)
        let rtt = try #require(gateway.quality.roundTripMilliseconds)
        #expect(abs(rtt - 100) < 0.1)
        #expect(gateway.quality.farEndLossPercent == 0)
        #expect(gateway.summary.maximumRoundTripMilliseconds == rtt)
    }

    @Test func aRoundTripJustBelowZeroIsReadAsZeroAndFarBelowIsIgnored() throws {
        var gateway = reporter(ssrc: 1)
        gateway.sent(payloadBytes: 160, timestamp: 0, nowNanoseconds: 0)
        let sr = gateway.makeReport(nowNanoseconds: 1000 * ms)
        guard case .senderReport(let report) = try #require(sr.first) else {
            Issue.record("an SR after sending")
            return
        }
        let lsr = report.senderInfo.compactNTP
        // The far end says it held the SR 0.5 ms longer than the 10 ms it took in all.
        let early = RTCPReportBlock(ssrc: 1, lastSenderReport: lsr, delaySinceLastSenderReport: 688)
        gateway.received(rtcp: [.receiverReport(RTCPReceiverReport(ssrc: 2, reportBlocks: [early]))], nowNanoseconds: 1010 * ms)
        _ = gateway.makeReport(nowNanoseconds: 2000 * ms)
        #expect(gateway.quality.roundTripMilliseconds == 0)
        // A whole second "before" the SR was sent: not a round trip at all.
        var other = reporter(ssrc: 1)
        other.sent(payloadBytes: 160, timestamp: 0, nowNanoseconds: 0)
        _ = other.makeReport(nowNanoseconds: 1000 * ms)
        let future = RTCPReportBlock(ssrc: 1, lastSenderReport: lsr, delaySinceLastSenderReport: 65536)
        other.received(rtcp: [.receiverReport(RTCPReceiverReport(ssrc: 2, reportBlocks: [future]))], nowNanoseconds: 1010 * ms)
        _ = other.makeReport(nowNanoseconds: 2000 * ms)
        #expect(other.quality.roundTripMilliseconds == nil)
    }

    @Test func reportsWithoutAnEchoedSenderReportLeaveTheRoundTripUnknown() {
        var gateway = reporter(ssrc: 1)
        let block = RTCPReportBlock(ssrc: 1, fractionLost: 64, cumulativeLost: 3, extendedHighestSequence: 9, jitter: 80)
        gateway.received(rtcp: [.receiverReport(RTCPReceiverReport(ssrc: 2, reportBlocks: [block]))], nowNanoseconds: 0)
        _ = gateway.makeReport(nowNanoseconds: 5000 * ms)
        #expect(gateway.quality.roundTripMilliseconds == nil)
        #expect(gateway.quality.farEndLossPercent == 25)
        #expect(gateway.farEndReports == 1 && gateway.farEndFractionLost == 64)
        #expect(gateway.quality.farEndJitterMilliseconds == 10)
        // 25 % loss counts for the leg's MOS even though what it received was clean.
        #expect(gateway.quality.meanOpinionScore < 3)
    }

    @Test func aBlockAboutAnotherSourceIsIgnored() {
        var gateway = reporter(ssrc: 1)
        let block = RTCPReportBlock(ssrc: 77, fractionLost: 255)
        gateway.received(rtcp: [.receiverReport(RTCPReceiverReport(ssrc: 2, reportBlocks: [block]))], nowNanoseconds: 0)
        _ = gateway.makeReport(nowNanoseconds: 5000 * ms)
        #expect(gateway.quality.farEndLossPercent == nil)
        #expect(gateway.farEndReports == 0 && gateway.farEndFractionLost == nil)
    }

    @Test func aNewRemoteSourceStartsFresh() {
        var leg = reporter(ssrc: 1)
        for index in 0..<50 {
            leg.received(ssrc: 3, sequenceNumber: UInt16(index * 2), timestamp: UInt32(index * 320),
                         nowNanoseconds: Int64(index) * 40 * ms)
        }
        for index in 0..<50 {
            leg.received(ssrc: 4, sequenceNumber: UInt16(5000 + index), timestamp: UInt32(index * 160),
                         nowNanoseconds: 3000 * ms + Int64(index) * 20 * ms)
        }
        _ = leg.makeReport(nowNanoseconds: 5000 * ms)
        #expect(leg.quality.packetsLost == 0)
        #expect(leg.quality.packetsReceived == 49)
    }
}

struct QualityWatchTests {
    private func figures(loss: Double = 0, rtt: Double? = nil, jitter: Double = 0, mos: Double = 4.4) -> LegQuality {
        var quality = LegQuality()
        quality.lossPercent = loss
        quality.roundTripMilliseconds = rtt
        quality.jitterMilliseconds = jitter
        quality.meanOpinionScore = mos
        return quality
    }

    @Test func raisesAtOnceAndClearsAfterTwoGoodIntervals() {
        var watch = QualityWatch()
        #expect(watch.update(figures()) == nil)
        #expect(watch.update(figures(loss: 5)) == [.highLoss])
        #expect(watch.update(figures(loss: 0.5)) == nil)
        #expect(watch.update(figures(loss: 4)) == nil)
        #expect(watch.update(figures(loss: 0)) == nil)
        #expect(watch.update(figures(loss: 0)) == [])
    }

    @Test func eachLimitHasItsWarning() {
        let watch = QualityWatch()
        #expect(watch.warnings(in: figures(rtt: 450)) == [.highRoundTrip])
        #expect(watch.warnings(in: figures(rtt: 399)) == [])
        #expect(watch.warnings(in: figures(jitter: 45)) == [.highJitter])
        #expect(watch.warnings(in: figures(mos: 3.2)) == [.lowMOS])
        var farEnd = figures()
        farEnd.farEndLossPercent = 10
        farEnd.farEndJitterMilliseconds = 60
        #expect(watch.warnings(in: farEnd) == [.highLoss, .highJitter])
    }
}
