import RTP
import Testing
@testable import GatewayServer

/// Numbering of the RTP streams the gateway sends (RFC 3550 §5.1, RFC 3551 §4.1).
@Suite struct OutgoingStreamTests {
    @Test func markerOnlyOnTheFirstPacketAndNumbersAdvance() {
        var stream = OutgoingStream(RTPSequencer(ssrc: 0xDEAD_BEEF, sequenceNumber: 1000, timestamp: 5000))
        #expect(stream.ssrc == 0xDEAD_BEEF)
        let first = stream.next(samples: 160)
        #expect(first.sequenceNumber == 1000)
        #expect(first.timestamp == 5000)
        #expect(first.marker)
        let second = stream.next(samples: 160)
        #expect(second.sequenceNumber == 1001)
        #expect(second.timestamp == 5160)
        #expect(!second.marker)
        // Opus packets advance 960 per 20 ms.
        let third = stream.next(samples: 960)
        #expect(third.sequenceNumber == 1002)
        #expect(third.timestamp == 5320)
        #expect(!third.marker)
        #expect(stream.next(samples: 0).timestamp == 6280)
    }

    @Test func sequenceAndTimestampWrap() {
        var stream = OutgoingStream(RTPSequencer(ssrc: 1, sequenceNumber: 0xFFFF, timestamp: .max - 159))
        let first = stream.next(samples: 160)
        #expect(first.sequenceNumber == 0xFFFF)
        #expect(first.timestamp == UInt32.max - 159)
        let second = stream.next(samples: 160)
        #expect(second.sequenceNumber == 0)
        #expect(second.timestamp == 0)
        #expect(!second.marker)
    }
}
