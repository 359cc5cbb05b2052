import Testing
@testable import RTP

/// The far end's RTCP read where it lies (`RTCPReporter.received(rtcp: bytes…)`) does what
/// parsing it into packets and reading those does: the same figures and the same next
/// report for every compound, and the same refusal, changing nothing, for every damaged one.
struct RTCPInPlaceReadingTests {
    private let clock = NTPClock(unixNanoseconds: 1_700_000_000_000_000_000, atMonotonic: 0)
    private let ms: Int64 = 1_000_000

    /// A leg that has received a stream from SSRC 9 and sent one of its own (SSRC 3).
    private func leg() -> RTCPReporter {
        var leg = RTCPReporter(localSSRC: 3, cname: "gw@test", clockRate: 8000, codec: .g711, ntp: clock)
        for index in 0..<50 {
            let at = Int64(index) * 20 * ms
            leg.received(ssrc: 9, sequenceNumber: UInt16(index), timestamp: UInt32(index * 160), nowNanoseconds: at)
            leg.sent(payloadBytes: 160, timestamp: UInt32(index * 160), nowNanoseconds: at)
        }
        return leg
    }

    private func block(ssrc: UInt32, lost: UInt8, lsr: UInt32) -> RTCPReportBlock {
        RTCPReportBlock(ssrc: ssrc, fractionLost: lost, cumulativeLost: -3, extendedHighestSequence: 70_000,
                        jitter: 41, lastSenderReport: lsr, delaySinceLastSenderReport: 6_553)
    }

    /// Compounds a browser or a phone sends: SR or RR with blocks about this side and others,
    /// SDES, BYE with and without a reason, feedback packets, padding.
    private func compounds() -> [[UInt8]] {
        let lsr = clock.compact(atNanoseconds: 900 * ms)
        let info = RTCPSenderInfo(ntpTimestamp: clock.ntpTimestamp(atNanoseconds: 950 * ms), rtpTimestamp: 7_840,
                                  packetCount: 49, octetCount: 7_840)
        let sdes = RTCPPacket.sourceDescription(RTCPSourceDescription(chunks: [.init(source: 9, items: [.init(type: 1, text: "peer")])]))
        var padded = RTCPPacket.serializeCompound([.receiverReport(RTCPReceiverReport(ssrc: 9, reportBlocks: [block(ssrc: 3, lost: 9, lsr: lsr)]))])
        padded[0] |= 0x20
        padded += [0, 0, 0, 4]
        padded[3] += 1
        return [
            RTCPPacket.serializeCompound([.senderReport(RTCPSenderReport(ssrc: 9, senderInfo: info, reportBlocks: [block(ssrc: 3, lost: 12, lsr: lsr)])), sdes]),
            RTCPPacket.serializeCompound([.senderReport(RTCPSenderReport(ssrc: 9, senderInfo: info, reportBlocks: [
                block(ssrc: 77, lost: 200, lsr: 1), block(ssrc: 3, lost: 5, lsr: lsr), block(ssrc: 3, lost: 99, lsr: 0)]))]),
            RTCPPacket.serializeCompound([.senderReport(RTCPSenderReport(ssrc: 44, senderInfo: info))]),
            RTCPPacket.serializeCompound([.receiverReport(RTCPReceiverReport(ssrc: 9, reportBlocks: [block(ssrc: 3, lost: 0, lsr: 0)])), sdes,
                                          .goodbye(RTCPGoodbye(sources: [9], reason: "done"))]),
            RTCPPacket.serializeCompound([.receiverReport(RTCPReceiverReport(ssrc: 9)), .goodbye(RTCPGoodbye(sources: [9, 10]))]),
            RTCPPacket.serializeCompound([.unknown(RTCPUnknownPacket(packetType: 205, count: 15, payload: [0, 0, 0, 9, 0, 0, 0, 3])),
                                          .receiverReport(RTCPReceiverReport(ssrc: 9, reportBlocks: [block(ssrc: 3, lost: 30, lsr: lsr)]))]),
            padded,
        ]
    }

    /// Feeds one compound both ways and compares everything the reporter shows afterwards.
    private func expectSameReading(_ bytes: [UInt8], _ comment: Comment) {
        var parsing = leg(), reading = leg()
        let now = 1_000 * ms
        let parsed = Result { () throws(RTCPParseError) in try RTCPPacket.parseCompound(bytes) }
        if case .success(let packets) = parsed { parsing.received(rtcp: packets, nowNanoseconds: now) }
        let read = bytes.withUnsafeBytes { buffer in
            Result { () throws(RTCPParseError) in try reading.received(rtcp: buffer, nowNanoseconds: now) }
        }
        switch (parsed, read) {
        case (.success, .success): break
        case (.failure(let a), .failure(let b)): #expect(a == b, comment)
        default: Issue.record("parsed \(parsed), read \(read): \(comment)")
        }
        #expect(parsing.farEndReports == reading.farEndReports, comment)
        #expect(parsing.farEndFractionLost == reading.farEndFractionLost, comment)
        // The next report carries LSR/DLSR from the far end's SR, and the interval's figures
        // the round trip and the far end's loss and jitter.
        #expect(parsing.makeReport(nowNanoseconds: now + 200 * ms) == reading.makeReport(nowNanoseconds: now + 200 * ms), comment)
        #expect(parsing.quality == reading.quality, comment)
    }

    @Test func everyCompoundReadsAsItsPackets() {
        for (index, bytes) in compounds().enumerated() {
            expectSameReading(bytes, "compound \(index)")
        }
        // And the reading is not a no-op: an SR from the far end's stream and a block about
        // this side change what the next report says.
        var before = leg(), after = leg()
        compounds()[0].withUnsafeBytes { _ = try? after.received(rtcp: $0, nowNanoseconds: 1_000 * ms) }
        #expect(after.farEndReports == 1)
        #expect(after.farEndFractionLost == 12)
        #expect(before.makeReport(nowNanoseconds: 1_200 * ms) != after.makeReport(nowNanoseconds: 1_200 * ms))
    }

    @Test func everyTruncationAndDamagedByteIsRefusedOrReadAlike() {
        for (index, bytes) in compounds().enumerated() {
            for length in 0..<bytes.count {
                expectSameReading(Array(bytes[0..<length]), "compound \(index) cut to \(length)")
            }
            for position in bytes.indices {
                for value: UInt8 in [0x00, 0x01, 0x1f, 0x20, 0x80, 0xbf, 0xff, bytes[position] ^ 0x40] {
                    var damaged = bytes
                    damaged[position] = value
                    expectSameReading(damaged, "compound \(index), byte \(position) = \(value)")
                }
            }
        }
    }
}
