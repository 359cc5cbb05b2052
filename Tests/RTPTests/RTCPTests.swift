import Testing
@testable import RTP

@Suite("RTCP")
struct RTCPTests {
    static let senderReport = RTCPSenderReport(
        ssrc: 0x1122_3344,
        senderInfo: RTCPSenderInfo(ntpTimestamp: 0xE8A1_B2C3_4000_0000, rtpTimestamp: 65536,
                                   packetCount: 100, octetCount: 16000),
        reportBlocks: [RTCPReportBlock(ssrc: 0xAABB_CCDD, fractionLost: 0x40, cumulativeLost: 5,
                                       extendedHighestSequence: 0x0001_0005, jitter: 13,
                                       lastSenderReport: 0xB2C3_4000, delaySinceLastSenderReport: 0x0001_8000)])

    /// RFC 3550 §6.4.1 layout, written out field by field.
    static let senderReportBytes: [UInt8] = [
        0x81, 0xC8, 0x00, 0x0C,             // V=2 P=0 RC=1, PT=200, length 12 words
        0x11, 0x22, 0x33, 0x44,             // SSRC of sender
        0xE8, 0xA1, 0xB2, 0xC3,             // NTP seconds
        0x40, 0x00, 0x00, 0x00,             // NTP fraction (0.25 s)
        0x00, 0x01, 0x00, 0x00,             // RTP timestamp
        0x00, 0x00, 0x00, 0x64,             // packet count 100
        0x00, 0x00, 0x3E, 0x80,             // octet count 16000
        0xAA, 0xBB, 0xCC, 0xDD,             // SSRC_1
        0x40, 0x00, 0x00, 0x05,             // fraction lost 1/4, cumulative 5
        0x00, 0x01, 0x00, 0x05,             // extended highest sequence
        0x00, 0x00, 0x00, 0x0D,             // jitter 13
        0xB2, 0xC3, 0x40, 0x00,             // LSR
        0x00, 0x01, 0x80, 0x00,             // DLSR 1.5 s
    ]

    static let receiverReportBytes: [UInt8] = [
        0x81, 0xC9, 0x00, 0x07,             // RC=1, PT=201, length 7
        0x01, 0x02, 0x03, 0x04,             // SSRC of packet sender
        0x05, 0x06, 0x07, 0x08,             // SSRC_1
        0x00, 0xFF, 0xFF, 0xFE,             // fraction 0, cumulative lost −2 (duplicates)
        0x00, 0x00, 0xFF, 0xFF,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ]

    static let cnameBytes: [UInt8] = [
        0x81, 0xCA, 0x00, 0x03,             // SC=1, PT=202, length 3
        0x11, 0x22, 0x33, 0x44,             // SSRC
        0x01, 0x03, 0x61, 0x62,             // CNAME, 3 bytes, "ab
        0x63, 0x00, 0x00, 0x00,             // c", null item, pad
    ]

    static let byeBytes: [UInt8] = [
        0x81, 0xCB, 0x00, 0x02,             // SC=1, PT=203, length 2
        0x11, 0x22, 0x33, 0x44,
        0x03, 0x62, 0x79, 0x65,             // reason "bye"
    ]

    @Test func writesSenderReport() {
        #expect(Self.senderReport.bytes == Self.senderReportBytes)
        #expect(Self.senderReport.length == 52)
        var buffer = [UInt8](repeating: 0, count: 51)
        #expect(buffer.withUnsafeMutableBytes { Self.senderReport.write(to: $0) } == 0)
    }

    @Test func writesReceiverReportWithNegativeLoss() {
        let report = RTCPReceiverReport(ssrc: 0x0102_0304, reportBlocks: [
            RTCPReportBlock(ssrc: 0x0506_0708, cumulativeLost: -2, extendedHighestSequence: 65535)])
        #expect(report.bytes == Self.receiverReportBytes)
        #expect(RTCPReceiverReport(ssrc: 7).bytes == [0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 7])
    }

    @Test func cumulativeLossIsClampedTo24Bits() throws {
        let report = RTCPReceiverReport(ssrc: 1, reportBlocks: [
            RTCPReportBlock(ssrc: 2, cumulativeLost: 10_000_000),
            RTCPReportBlock(ssrc: 3, cumulativeLost: -10_000_000)])
        let bytes = report.bytes
        #expect(Array(bytes[12..<16]) == [0x00, 0x7F, 0xFF, 0xFF])
        #expect(Array(bytes[36..<40]) == [0x00, 0x80, 0x00, 0x00])
        let parsed = try RTCPPacket.parseCompound(bytes)
        guard case .receiverReport(let rr) = parsed.first else { Issue.record("not RR"); return }
        #expect(rr.reportBlocks.map(\.cumulativeLost) == [0x7F_FFFF, -0x80_0000])
    }

    @Test func writesSDESAndBye() {
        #expect(RTCPSourceDescription(source: 0x1122_3344, cname: "abc").bytes == Self.cnameBytes)
        #expect(RTCPGoodbye(sources: [0x1122_3344], reason: "bye").bytes == Self.byeBytes)
        #expect(RTCPGoodbye(sources: [5]).bytes == [0x81, 0xCB, 0x00, 0x01, 0, 0, 0, 5])
        // A two-byte CNAME ends exactly on a word boundary: a whole null word follows.
        #expect(RTCPSourceDescription(source: 1, cname: "ab").bytes
                == [0x81, 0xCA, 0x00, 0x03, 0, 0, 0, 1, 0x01, 0x02, 0x61, 0x62, 0, 0, 0, 0])
    }

    @Test func parsesCompoundPacket() throws {
        let compound = Self.senderReportBytes + Self.cnameBytes + Self.byeBytes
        let packets = try RTCPPacket.parseCompound(compound)
        #expect(packets == [.senderReport(Self.senderReport),
                            .sourceDescription(RTCPSourceDescription(source: 0x1122_3344, cname: "abc")),
                            .goodbye(RTCPGoodbye(sources: [0x1122_3344], reason: "bye"))])
        guard case .sourceDescription(let sdes) = packets[1] else { return }
        #expect(sdes.chunks.first?.cname == "abc")
        #expect(Self.senderReport.senderInfo.compactNTP == 0xB2C3_4000)
    }

    @Test func compoundRoundTrip() throws {
        let packets: [RTCPPacket] = [
            .receiverReport(RTCPReceiverReport(ssrc: 9, reportBlocks: [
                RTCPReportBlock(ssrc: 1, fractionLost: 255, cumulativeLost: -1, extendedHighestSequence: 3,
                                jitter: 4, lastSenderReport: 5, delaySinceLastSenderReport: 6)])),
            .sourceDescription(RTCPSourceDescription(chunks: [
                .init(source: 9, items: [.init(type: 1, text: "user@host"), .init(type: 6, text: "gw")]),
                .init(source: 10, items: []),
            ])),
            .unknown(RTCPUnknownPacket(packetType: 206, count: 1, payload: [0, 0, 0, 9, 0, 0, 0, 1])),
            .goodbye(RTCPGoodbye(sources: [9, 10], reason: "hangup")),
        ]
        let bytes = RTCPPacket.serializeCompound(packets)
        #expect(bytes.count == packets.reduce(0) { $0 + $1.length })
        #expect(bytes.count % 4 == 0)
        #expect(try RTCPPacket.parseCompound(bytes) == packets)
    }

    @Test func keepsUnknownTypesAndSkipsProfileExtensions() throws {
        // PLI (RFC 4585 §6.3.1: PSFB FMT=1) followed by an SR carrying one extra
        // profile-specific word after its sender info.
        var srWithExtension = Self.senderReportBytes
        srWithExtension[0] = 0x80      // RC=0
        srWithExtension[3] = 0x07      // 8 words: header, SSRC, 5 sender-info words, 1 extension word
        srWithExtension = Array(srWithExtension.prefix(28)) + [0xDE, 0xAD, 0xBE, 0xEF]
        let pli: [UInt8] = [0x81, 0xCE, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2]
        let packets = try RTCPPacket.parseCompound(pli + srWithExtension)
        #expect(packets.count == 2)
        #expect(packets[0] == .unknown(RTCPUnknownPacket(packetType: 206, count: 1, payload: [0, 0, 0, 1, 0, 0, 0, 2])))
        guard case .senderReport(let sr) = packets[1] else { Issue.record("not SR"); return }
        #expect(sr.reportBlocks.isEmpty)
        #expect(sr.senderInfo.octetCount == 16000)
    }

    @Test func honoursPadding() throws {
        // RR with no blocks plus 4 bytes of padding (P bit, last byte = 4).
        let packet: [UInt8] = [0xA0, 0xC9, 0x00, 0x02, 0, 0, 0, 7, 0, 0, 0, 4]
        #expect(try RTCPPacket.parseCompound(packet) == [.receiverReport(RTCPReceiverReport(ssrc: 7))])
    }

    @Test(arguments: [
        ([UInt8](), RTCPParseError.truncated(offset: 0)),
        ([0x81, 0xC9, 0x00], .truncated(offset: 0)),
        ([0x41, 0xC9, 0x00, 0x00], .badVersion(offset: 0)),
        ([0x80, 0xC9, 0x00, 0x01, 0, 0, 0], .truncated(offset: 0)),             // length says 8 bytes
        ([0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x80], .truncated(offset: 8)),     // trailing junk
        ([0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 1], .malformedBody(offset: 0, packetType: 201)), // RC=1, no block
        ([0x80, 0xC8, 0x00, 0x01, 0, 0, 0, 1], .malformedBody(offset: 0, packetType: 200)), // SR without info
        ([0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0], .badPadding(offset: 0)),          // padding count 0
        ([0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 9], .badPadding(offset: 0)),          // padding past header
        ([0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x09, 0x61, 0x62], .malformedBody(offset: 0, packetType: 202)),
        ([0x82, 0xCB, 0x00, 0x01, 0, 0, 0, 1], .malformedBody(offset: 0, packetType: 203)),
        ([0x81, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0x05, 0x61, 0x62, 0x63], .malformedBody(offset: 0, packetType: 203)),
    ])
    func rejectsMalformedCompounds(bytes: [UInt8], expected: RTCPParseError) {
        #expect(throws: expected) { try RTCPPacket.parseCompound(bytes) }
    }

    @Test func refusesUnencodablePackets() {
        let tooMany = RTCPReceiverReport(ssrc: 1, reportBlocks: Array(repeating: RTCPReportBlock(ssrc: 2), count: 32))
        #expect(tooMany.bytes.isEmpty)
        #expect(RTCPUnknownPacket(packetType: 204, count: 0, payload: [1, 2, 3]).length == 7)
        #expect(RTCPPacket.serializeCompound([.unknown(RTCPUnknownPacket(packetType: 204, count: 0, payload: [1, 2, 3]))]).isEmpty)
    }

    @Test func writeCompoundIntoCallerBuffer() {
        let packets: [RTCPPacket] = [.senderReport(Self.senderReport),
                                     .sourceDescription(RTCPSourceDescription(source: 0x1122_3344, cname: "abc"))]
        var buffer = [UInt8](repeating: 0, count: 1500)
        let written = buffer.withUnsafeMutableBytes { RTCPPacket.writeCompound(packets, to: $0) }
        #expect(written == 68)
        #expect(Array(buffer.prefix(written)) == Self.senderReportBytes + Self.cnameBytes)
        var tight = [UInt8](repeating: 0, count: 60)
        #expect(tight.withUnsafeMutableBytes { RTCPPacket.writeCompound(packets, to: $0) } == 0)
    }

    @Test func mutatedCompoundsNeverTrap() {
        let seed = Self.senderReportBytes + Self.cnameBytes + Self.byeBytes
        var rng = SplitMix64(state: 7)
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = seed
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let position = Int(rng.next() % UInt64(bytes.count))
                if rng.next() % 5 == 0 {
                    bytes.removeSubrange(position...)
                    if bytes.isEmpty { break }
                } else {
                    bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            if let packets = try? RTCPPacket.parseCompound(bytes) {
                accepted += 1
                _ = RTCPPacket.serializeCompound(packets)
            }
        }
        #expect(accepted > 0)
    }
}
