import Testing
@testable import RTP

@Suite("RTP header")
struct RTPHeaderTests {
    @Test func writesTheFixedHeader() {
        let header = RTPHeader(payloadType: 0, sequenceNumber: 0x1234, timestamp: 0xDEAD_BEEF,
                               ssrc: 0xCAFE_BABE, marker: true)
        #expect(header.bytes == [0x80, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0xCA, 0xFE, 0xBA, 0xBE])
        let opus = RTPHeader(payloadType: 111, sequenceNumber: 0xFFFF, timestamp: 0, ssrc: 1)
        #expect(opus.bytes == [0x80, 0x6F, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func writeIntoBufferReportsBytesWritten() {
        let header = RTPHeader(payloadType: 8, sequenceNumber: 7, timestamp: 160, ssrc: 9)
        var buffer = [UInt8](repeating: 0xAA, count: 20)
        let written = buffer.withUnsafeMutableBytes { header.write(to: $0) }
        #expect(written == 12)
        #expect(buffer == [0x80, 0x08, 0, 7, 0, 0, 0, 0xA0, 0, 0, 0, 9] + [UInt8](repeating: 0xAA, count: 8))
        var small = [UInt8](repeating: 0, count: 11)
        #expect(small.withUnsafeMutableBytes { header.write(to: $0) } == 0)
        #expect(small == [UInt8](repeating: 0, count: 11))
    }

    @Test func parsesCSRCExtensionAndPadding() throws {
        let packet: [UInt8] = [
            0xB2, 0x60, 0x00, 0x01,             // V=2 P=1 X=1 CC=2, M=0 PT=96, seq 1
            0x00, 0x00, 0x0A, 0x00,             // timestamp 2560
            0x01, 0x02, 0x03, 0x04,             // SSRC
            0x0A, 0x0B, 0x0C, 0x0D,             // CSRC 1
            0x0E, 0x0F, 0x10, 0x11,             // CSRC 2
            0xBE, 0xDE, 0x00, 0x01,             // extension profile, 1 word
            0x10, 0xAA, 0x00, 0x00,             // extension data
            0x01, 0x02, 0x03, 0x04, 0x05,       // payload
            0x00, 0x00, 0x03,                   // padding, count 3
        ]
        let header = try #require(RTPHeader.parse(packet))
        #expect(header.version == 2)
        #expect(header.hasPadding)
        #expect(header.hasExtension)
        #expect(header.csrcCount == 2)
        #expect(!header.marker)
        #expect(header.payloadType == 96)
        #expect(header.sequenceNumber == 1)
        #expect(header.timestamp == 2560)
        #expect(header.ssrc == 0x0102_0304)
        #expect(header.headerLength == 28)
        #expect(header.paddingLength == 3)
        #expect(header.payloadLength == 5)
        #expect(header.payloadRange == 28..<33)
        #expect(header.extensionProfile == 0xBEDE)
        #expect(header.extensionLength == 4)
        #expect(header.extensionRange == 24..<28)
        #expect(Array(packet[header.payloadRange]) == [1, 2, 3, 4, 5])
        packet.withUnsafeBytes { raw in
            #expect(header.csrc(at: 0, in: raw) == 0x0A0B_0C0D)
            #expect(header.csrc(at: 1, in: raw) == 0x0E0F_1011)
            #expect(header.csrc(at: 2, in: raw) == nil)
        }
    }

    @Test func parsesWhatItWrites() throws {
        let original = RTPHeader(payloadType: 0, sequenceNumber: 65535, timestamp: 4_294_967_200,
                                 ssrc: 0x1234_5678, marker: true)
        let packet = original.bytes + [UInt8](repeating: 0xFF, count: 160)
        var parsed = try #require(RTPHeader.parse(packet))
        #expect(parsed.payloadLength == 160)
        parsed.payloadLength = 0
        #expect(parsed == original)
    }

    @Test(arguments: [
        [UInt8](),
        [0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0],                        // 11 bytes
        [0x40, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],                     // version 1
        [0xC0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],                     // version 3
        [0x81, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],            // CC=1, CSRC cut short
        [0x90, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE],         // extension preamble cut
        [0x90, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4], // ext words past end
        [0xA0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0],            // padding count 0
        [0xA0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4],            // padding longer than payload
        [0xA0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1],                     // padding eats the header
    ])
    func rejectsInvalidPackets(packet: [UInt8]) {
        #expect(RTPHeader.parse(packet) == nil)
    }

    @Test func paddingMayFillThePayload() throws {
        let packet: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]
        let header = try #require(RTPHeader.parse(packet))
        #expect(header.payloadLength == 0)
        #expect(header.paddingLength == 3)
    }

    /// Every prefix of a valid packet and random byte strings either parse into a
    /// header whose lengths add up, or return nil.
    @Test func truncationAndGarbageNeverReadOutOfBounds() {
        let valid: [UInt8] = [0xB1, 0xE0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
                              0xBE, 0xDE, 0, 1, 0x10, 1, 0, 0, 9, 9, 9, 0, 2]
        for length in 0...valid.count {
            let prefix = Array(valid.prefix(length))
            if let header = RTPHeader.parse(prefix) {
                #expect(header.headerLength + header.payloadLength + header.paddingLength == length)
            }
        }
        #expect(RTPHeader.parse(valid)?.payloadLength == 3)
        var rng = SplitMix64(state: 42)
        var parsed = 0
        for _ in 0..<20_000 {
            let count = Int(rng.next() % 48)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if count > 0, rng.next() % 2 == 0 { bytes[0] = 0x80 | (bytes[0] & 0x3F) }
            if let header = RTPHeader.parse(bytes) {
                parsed += 1
                #expect(header.headerLength + header.payloadLength + header.paddingLength == count)
                #expect(header.payloadLength >= 0)
            }
        }
        #expect(parsed > 0)
    }
}

@Suite("RTP/RTCP demultiplexing")
struct PacketKindTests {
    @Test func rfc5761Classification() {
        #expect(RTPPacketKind.classify(0x80, 0x00) == .rtp)          // PCMU
        #expect(RTPPacketKind.classify(0x80, 0x6F) == .rtp)          // Opus 111
        #expect(RTPPacketKind.classify(0x80, 0xEF) == .rtp)          // Opus 111 with marker
        #expect(RTPPacketKind.classify(0x80, 0xBF) == .rtp)          // PT 63 with marker
        #expect(RTPPacketKind.classify(0x80, 0xC0) == .rtcp)         // 192
        #expect(RTPPacketKind.classify(0x81, 0xC8) == .rtcp)         // SR
        #expect(RTPPacketKind.classify(0x81, 0xC9) == .rtcp)         // RR
        #expect(RTPPacketKind.classify(0x8F, 0xCE) == .rtcp)         // PSFB
        #expect(RTPPacketKind.classify(0x80, 0xDF) == .rtcp)         // 223
        #expect(RTPPacketKind.classify(0x80, 0xE0) == .rtp)          // PT 96 with marker
        #expect(RTPPacketKind.classify(0x00, 0x01) == .other)        // STUN
        #expect(RTPPacketKind.classify(0x16, 0xFE) == .other)        // DTLS
        #expect(RTPPacketKind.classify([0x80]) == .other)
        #expect(RTPPacketKind.classify([0x81, 0xCA, 0, 0]) == .rtcp)
        [UInt8](arrayLiteral: 0x80, 0x08).withUnsafeBytes { #expect(RTPPacketKind.classify($0) == .rtp) }
    }
}

/// Small deterministic generator for reproducible garbage.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
