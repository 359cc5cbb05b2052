import Testing
@testable import RTP

@Suite("RTP sequencer")
struct RTPSequencerTests {
    @Test func numbersAdvanceAndWrap() {
        var sequencer = RTPSequencer(ssrc: 0x1234, sequenceNumber: 65534, timestamp: 4_294_967_136)
        let first = sequencer.next(samples: 160, marker: true, payloadBytes: 160)
        let second = sequencer.next(samples: 160, payloadBytes: 160)
        let third = sequencer.next(samples: 160, payloadBytes: 160)
        #expect(first == (65534, 4_294_967_136))
        #expect(second == (65535, 0))
        #expect(third == (0, 160))
        #expect(sequencer.sequenceNumber == 1)
        #expect(sequencer.timestamp == 320)
        #expect(sequencer.packetCount == 3)
        #expect(sequencer.octetCount == 480)
    }

    @Test func telephoneEventKeepsItsStartTimestamp() {
        // RFC 4733 §2.5.1: every packet of one event carries the event's start timestamp.
        var sequencer = RTPSequencer(ssrc: 1, sequenceNumber: 100, timestamp: 8000)
        _ = sequencer.next(samples: 160)                       // audio at 8000
        let start = sequencer.next(samples: 0, marker: true)   // event begins at 8160
        let middle = sequencer.next(samples: 0)
        let end = sequencer.next(samples: 0)
        #expect([start.timestamp, middle.timestamp, end.timestamp] == [8160, 8160, 8160])
        #expect([start.sequenceNumber, middle.sequenceNumber, end.sequenceNumber] == [101, 102, 103])
        sequencer.advanceTimestamp(by: 800)
        #expect(sequencer.next(samples: 160) == (104, 8960))
    }

    @Test func nextHeaderCarriesMarkerAndSSRC() {
        var sequencer = RTPSequencer(ssrc: 0xCAFE_BABE, sequenceNumber: 0x1234, timestamp: 0xDEAD_BEEF)
        let header = sequencer.nextHeader(payloadType: 0, samples: 160, marker: true, payloadBytes: 160)
        #expect(header.bytes == [0x80, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0xCA, 0xFE, 0xBA, 0xBE])
        #expect(header.payloadLength == 160)
        #expect(sequencer.nextHeader(payloadType: 0, samples: 160).timestamp == 0xDEAD_BF8F)
    }

    @Test func randomStartIsSeededAndBelowHalfTheSequenceSpace() {
        var generatorA = SplitMix64(state: 99)
        var generatorB = SplitMix64(state: 99)
        let a = RTPSequencer(using: &generatorA)
        let b = RTPSequencer(using: &generatorB)
        #expect(a == b)
        var seen = Set<UInt32>()
        var generator = SplitMix64(state: 1)
        for _ in 0..<200 {
            let sequencer = RTPSequencer(using: &generator)
            #expect(sequencer.sequenceNumber < 0x8000)
            #expect(sequencer.packetCount == 0)
            seen.insert(sequencer.ssrc)
        }
        #expect(seen.count == 200)
        // The system generator: four streams sharing one SSRC would be a broken generator.
        #expect(Set((0..<4).map { _ in RTPSequencer().ssrc }).count > 1)
    }

    @Test func senderInfoUsesCounts() {
        var sequencer = RTPSequencer(ssrc: 5, sequenceNumber: 0, timestamp: 0)
        for _ in 0..<50 { _ = sequencer.next(samples: 960, payloadBytes: 80) }
        let info = sequencer.senderInfo(ntpTimestamp: 0xE8A1_B2C3_0000_0000, rtpTimestamp: 48000)
        #expect(info == RTCPSenderInfo(ntpTimestamp: 0xE8A1_B2C3_0000_0000, rtpTimestamp: 48000,
                                       packetCount: 50, octetCount: 4000))
    }
}
