/// One packet of an RTCP compound packet (RFC 3550 §6.1).
public enum RTCPPacket: Sendable, Hashable {
    case senderReport(RTCPSenderReport)
    case receiverReport(RTCPReceiverReport)
    case sourceDescription(RTCPSourceDescription)
    case goodbye(RTCPGoodbye)
    /// Any other type (APP 204, RTPFB 205, PSFB 206, XR 207, ...), kept as bytes.
    case unknown(RTCPUnknownPacket)

    /// RFC 3550 §12.1 packet type numbers.
    public enum PacketType {
        public static let senderReport: UInt8 = 200
        public static let receiverReport: UInt8 = 201
        public static let sourceDescription: UInt8 = 202
        public static let goodbye: UInt8 = 203
        public static let application: UInt8 = 204
    }
}

/// A reception report block (RFC 3550 §6.4.1), 24 bytes on the wire.
public struct RTCPReportBlock: Sendable, Hashable {
    /// The source this block reports on.
    public var ssrc: UInt32
    /// Fraction lost since the previous report, as a fixed-point number /256.
    public var fractionLost: UInt8
    /// Cumulative packets lost; 24-bit signed on the wire (negative with duplicates).
    public var cumulativeLost: Int32
    /// Cycles of sequence wrap-around (high 16 bits) and highest sequence number.
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter in timestamp units (RFC 3550 §6.4.1, Appendix A.8).
    public var jitter: UInt32
    /// LSR: middle 32 bits of the NTP timestamp of the last SR from this source.
    public var lastSenderReport: UInt32
    /// DLSR: delay since that SR in units of 1/65536 s.
    public var delaySinceLastSenderReport: UInt32

    public static let length = 24

    public init(ssrc: UInt32, fractionLost: UInt8 = 0, cumulativeLost: Int32 = 0,
                extendedHighestSequence: UInt32 = 0, jitter: UInt32 = 0,
                lastSenderReport: UInt32 = 0, delaySinceLastSenderReport: UInt32 = 0) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }
}

/// Sender information of an SR (RFC 3550 §6.4.1), 20 bytes on the wire.
public struct RTCPSenderInfo: Sendable, Hashable {
    /// 64-bit NTP timestamp: seconds since 1900 (high 32 bits) and fraction.
    public var ntpTimestamp: UInt64
    /// The RTP timestamp corresponding to `ntpTimestamp`.
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    /// Payload octets sent (headers and padding excluded).
    public var octetCount: UInt32

    public init(ntpTimestamp: UInt64, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32) {
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
    }

    /// The middle 32 bits of the NTP timestamp, as echoed in LSR (RFC 3550 §6.4.1).
    public var compactNTP: UInt32 { UInt32(truncatingIfNeeded: ntpTimestamp >> 16) }
}

/// SR, packet type 200 (RFC 3550 §6.4.1).
public struct RTCPSenderReport: Sendable, Hashable {
    public var ssrc: UInt32
    public var senderInfo: RTCPSenderInfo
    /// At most 31 (the 5-bit count); writing refuses more.
    public var reportBlocks: [RTCPReportBlock]

    public init(ssrc: UInt32, senderInfo: RTCPSenderInfo, reportBlocks: [RTCPReportBlock] = []) {
        self.ssrc = ssrc
        self.senderInfo = senderInfo
        self.reportBlocks = reportBlocks
    }
}

/// RR, packet type 201 (RFC 3550 §6.4.2).
public struct RTCPReceiverReport: Sendable, Hashable {
    public var ssrc: UInt32
    /// At most 31; writing refuses more.
    public var reportBlocks: [RTCPReportBlock]

    public init(ssrc: UInt32, reportBlocks: [RTCPReportBlock] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
    }
}

/// SDES, packet type 202 (RFC 3550 §6.5).
public struct RTCPSourceDescription: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        /// RFC 3550 §6.5: 1 CNAME, 2 NAME, 3 EMAIL, 4 PHONE, 5 LOC, 6 TOOL, 7 NOTE, 8 PRIV.
        public var type: UInt8
        /// Item text (UTF-8 on the wire, at most 255 bytes).
        public var text: String

        public static let cname: UInt8 = 1

        public init(type: UInt8, text: String) {
            self.type = type
            self.text = text
        }
    }

    public struct Chunk: Sendable, Hashable {
        public var source: UInt32
        public var items: [Item]

        public init(source: UInt32, items: [Item]) {
            self.source = source
            self.items = items
        }

        /// The CNAME item (RFC 3550 §6.5.1), if present.
        public var cname: String? { items.first { $0.type == Item.cname }?.text }
    }

    public var chunks: [Chunk]

    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// A single chunk carrying only a CNAME, the one item every compound RTCP
    /// packet must contain (RFC 3550 §6.1).
    public init(source: UInt32, cname: String) {
        self.chunks = [Chunk(source: source, items: [Item(type: Item.cname, text: cname)])]
    }
}

/// BYE, packet type 203 (RFC 3550 §6.6).
public struct RTCPGoodbye: Sendable, Hashable {
    public var sources: [UInt32]
    public var reason: String?

    public init(sources: [UInt32], reason: String? = nil) {
        self.sources = sources
        self.reason = reason
    }
}

/// An RTCP packet of a type not decoded here; `payload` follows the 4-byte header.
public struct RTCPUnknownPacket: Sendable, Hashable {
    public var packetType: UInt8
    /// The 5-bit field after V and P (report count, subtype or feedback format).
    public var count: UInt8
    /// Bytes after the common header, padding removed.
    public var payload: [UInt8]

    public init(packetType: UInt8, count: UInt8, payload: [UInt8]) {
        self.packetType = packetType
        self.count = count & 0x1F
        self.payload = payload
    }
}
