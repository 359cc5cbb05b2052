import Testing
@testable import WebRTC

@Suite struct PacketDemuxTests {
    @Test func firstByteRangesFollowRFC7983() {
        for byte in UInt8.min...UInt8.max {
            let expected: PacketClass
            switch byte {
            case 0...3: expected = .stun
            case 20...63: expected = .dtls
            case 128...191: expected = .rtp
            default: expected = .unknown
            }
            #expect(PacketDemux.classify(firstByte: byte) == expected)
        }
    }

    @Test func rtcpPacketTypesFollowRFC5761() {
        #expect(PacketDemux.classify([0x80, 200, 0, 6]) == .rtcp)   // SR
        #expect(PacketDemux.classify([0x81, 201, 0, 7]) == .rtcp)   // RR
        #expect(PacketDemux.classify([0x8F, 206, 0, 2]) == .rtcp)   // PSFB
        #expect(PacketDemux.classify([0x80, 111, 0, 1]) == .rtp)    // Opus, no marker
        #expect(PacketDemux.classify([0x80, 0x80 | 0, 0, 1]) == .rtp)    // PCMU with marker
        #expect(PacketDemux.classify([0x80, 0x80 | 101, 0, 1]) == .rtp)  // telephone-event with marker
        #expect(PacketDemux.isRTCP(secondByte: 192))
        #expect(PacketDemux.isRTCP(secondByte: 223))
        #expect(!PacketDemux.isRTCP(secondByte: 191))
        #expect(!PacketDemux.isRTCP(secondByte: 224))
    }

    @Test func wholeDatagrams() {
        #expect(PacketDemux.classify([UInt8]()) == .unknown)
        #expect(PacketDemux.classify([0x80]) == .unknown)
        #expect(PacketDemux.classify(STUNVectorTests.request) == .stun)
        #expect(PacketDemux.classify([22, 0xFE, 0xFD]) == .dtls)
        #expect(PacketDemux.classify([0x40, 0x00, 0x00, 0x04]) == .unknown)   // TURN channel data
    }
}
