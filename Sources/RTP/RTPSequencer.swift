/// Numbering of one outgoing RTP stream (RFC 3550 §5.1): SSRC, sequence number
/// and timestamp, plus the counts an SR reports. Owned by one leg; a value type
/// with no locks and no allocation.
///
/// `next(samples:marker:payloadBytes:)` returns the numbers for the packet about
/// to be sent and then advances: the sequence number by one, the timestamp by
/// the samples that packet covers. For an RFC 4733 event, whose packets all
/// carry the event's start timestamp, pass `samples: 0` for every packet of the
/// event and call `advanceTimestamp(by:)` with the event's duration after it.
public struct RTPSequencer: Sendable, Hashable {
    public var ssrc: UInt32
    /// Sequence number of the next packet.
    public private(set) var sequenceNumber: UInt16
    /// Timestamp of the next packet.
    public private(set) var timestamp: UInt32
    /// Packets sent so far (SR sender's packet count, RFC 3550 §6.4.1).
    public private(set) var packetCount: UInt32
    /// Payload octets sent so far (SR sender's octet count).
    public private(set) var octetCount: UInt32

    /// A stream with the given starting values (for tests and for resuming).
    public init(ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32) {
        self.ssrc = ssrc
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.packetCount = 0
        self.octetCount = 0
    }

    /// A stream with random SSRC, sequence number and timestamp (RFC 3550 §5.1,
    /// §8.1). The first sequence number is kept below 2^15 so the SRTP rollover
    /// counter cannot be guessed wrong if early packets are reordered across a
    /// wrap (RFC 3711 §3.3.1).
    public init<Generator: RandomNumberGenerator>(using generator: inout Generator) {
        self.init(ssrc: UInt32.random(in: .min ... .max, using: &generator),
                  sequenceNumber: UInt16.random(in: 0 ..< 0x8000, using: &generator),
                  timestamp: UInt32.random(in: .min ... .max, using: &generator))
    }

    /// A stream with random starting values from the system generator.
    public init() {
        var generator = SystemRandomNumberGenerator()
        self.init(using: &generator)
    }

    /// Numbers for the next packet, then advance. `samples` is the duration the
    /// packet covers in timestamp units (160 for 20 ms of G.711 or G.722, 960
    /// for 20 ms of Opus). `marker` does not change the numbering (§5.1); it is
    /// only carried into the header by `nextHeader`. `payloadBytes` feeds the
    /// SR octet count.
    public mutating func next(samples: UInt32, marker: Bool = false,
                              payloadBytes: Int = 0) -> (sequenceNumber: UInt16, timestamp: UInt32) {
        let current = (sequenceNumber: sequenceNumber, timestamp: timestamp)
        sequenceNumber &+= 1
        timestamp &+= samples
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: max(0, payloadBytes))
        return current
    }

    /// Like `next`, returning a header ready to `write(to:)`.
    public mutating func nextHeader(payloadType: UInt8, samples: UInt32, marker: Bool = false,
                                    payloadBytes: Int = 0) -> RTPHeader {
        let numbers = next(samples: samples, marker: marker, payloadBytes: payloadBytes)
        return RTPHeader(payloadType: payloadType, sequenceNumber: numbers.sequenceNumber,
                         timestamp: numbers.timestamp, ssrc: ssrc, marker: marker,
                         payloadLength: payloadBytes)
    }

    /// Moves the timestamp on without sending (silence, or the end of an RFC 4733 event).
    public mutating func advanceTimestamp(by samples: UInt32) {
        timestamp &+= samples
    }

    /// Sender information for an SR sent at `ntpTimestamp`, whose RTP timestamp
    /// on this stream's clock is `rtpTimestamp` (RFC 3550 §6.4.1).
    public func senderInfo(ntpTimestamp: UInt64, rtpTimestamp: UInt32) -> RTCPSenderInfo {
        RTCPSenderInfo(ntpTimestamp: ntpTimestamp, rtpTimestamp: rtpTimestamp,
                       packetCount: packetCount, octetCount: octetCount)
    }
}
