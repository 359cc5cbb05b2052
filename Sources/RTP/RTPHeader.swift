/// The fixed RTP header and where the payload sits in the packet (RFC 3550 §5.1):
///
///      0                   1                   2                   3
///      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///     |V=2|P|X|  CC   |M|     PT      |       sequence number         |
///     |                           timestamp                           |
///     |           synchronization source (SSRC) identifier            |
///     |            contributing source (CSRC) identifiers  (CC × 32)  |
///     |   [extension: profile (16) | length in words (16) | data ...]  |
///
/// A plain value: parsing reads the buffer in place and allocates nothing.
public struct RTPHeader: Sendable, Hashable {
    /// Bytes of the fixed header, without CSRCs or extension.
    public static let fixedLength = 12

    public var version: UInt8
    public var hasPadding: Bool
    public var hasExtension: Bool
    public var csrcCount: UInt8
    public var marker: Bool
    /// 0–127.
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// Offset of the payload: 12 + 4·CC + (extension ? 4 + 4·extension words : 0).
    public var headerLength: Int
    /// Padding bytes at the end of the packet, including the count byte itself.
    public var paddingLength: Int
    /// Payload bytes between the header and the padding.
    public var payloadLength: Int
    /// "defined by profile" field of the header extension (0xBEDE for RFC 8285
    /// one-byte headers); 0 without an extension.
    public var extensionProfile: UInt16
    /// Bytes of extension data after its 4-byte preamble; 0 without an extension.
    public var extensionLength: Int

    /// A header to write: version 2, no padding, no CSRC, no extension.
    public init(payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
                marker: Bool = false, payloadLength: Int = 0) {
        self.version = 2
        self.hasPadding = false
        self.hasExtension = false
        self.csrcCount = 0
        self.marker = marker
        self.payloadType = payloadType & 0x7F
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.headerLength = Self.fixedLength
        self.paddingLength = 0
        self.payloadLength = payloadLength
        self.extensionProfile = 0
        self.extensionLength = 0
    }

    /// Byte range of the payload within the parsed packet.
    public var payloadRange: Range<Int> { headerLength ..< headerLength + payloadLength }

    /// Byte range of the extension data (after its preamble), if any.
    public var extensionRange: Range<Int>? {
        guard hasExtension else { return nil }
        let start = Self.fixedLength + 4 * Int(csrcCount) + 4
        return start ..< start + extensionLength
    }

    /// Parses an RTP packet's header. Returns nil when the packet is shorter than
    /// its header claims, the version is not 2, or the padding count is impossible
    /// (RFC 3550 Appendix A.1 validity checks). Never reads outside `bytes`.
    /// On a port shared with RTCP, call `RTPPacketKind.classify` first.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> RTPHeader? {
        let count = bytes.count
        guard count >= fixedLength else { return nil }
        let first = bytes[0], second = bytes[1]
        guard first >> 6 == 2 else { return nil }
        let csrcCount = first & 0x0F
        let hasExtension = first & 0x10 != 0
        let hasPadding = first & 0x20 != 0
        var headerLength = fixedLength + 4 * Int(csrcCount)
        var extensionProfile: UInt16 = 0
        var extensionLength = 0
        if hasExtension {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words.
            guard count >= headerLength + 4 else { return nil }
            extensionProfile = bytes.uint16(at: headerLength)
            extensionLength = 4 * Int(bytes.uint16(at: headerLength + 2))
            headerLength += 4 + extensionLength
        }
        guard count >= headerLength else { return nil }
        var paddingLength = 0
        if hasPadding {
            // RFC 3550 §5.1: the last octet counts the padding, itself included.
            paddingLength = Int(bytes[count - 1])
            guard paddingLength > 0, paddingLength <= count - headerLength else { return nil }
        }
        var header = RTPHeader(payloadType: second & 0x7F, sequenceNumber: bytes.uint16(at: 2),
                               timestamp: bytes.uint32(at: 4), ssrc: bytes.uint32(at: 8),
                               marker: second & 0x80 != 0,
                               payloadLength: count - headerLength - paddingLength)
        header.hasPadding = hasPadding
        header.hasExtension = hasExtension
        header.csrcCount = csrcCount
        header.headerLength = headerLength
        header.paddingLength = paddingLength
        header.extensionProfile = extensionProfile
        header.extensionLength = extensionLength
        return header
    }

    /// Parses the header of a packet held in an array.
    public static func parse(_ bytes: [UInt8]) -> RTPHeader? {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// The CSRC at `index` (0 ..< csrcCount) of the packet this header was parsed from.
    public func csrc(at index: Int, in packet: UnsafeRawBufferPointer) -> UInt32? {
        let offset = Self.fixedLength + 4 * index
        guard index >= 0, index < Int(csrcCount), offset + 4 <= packet.count else { return nil }
        return packet.uint32(at: offset)
    }

    /// Writes the 12-byte fixed header (version 2, CC 0, X 0; the P bit as set)
    /// at the start of `buffer`. Returns 12, or 0 when `buffer` is shorter than that.
    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard buffer.count >= Self.fixedLength else { return 0 }
        let first: UInt8 = 0x80 | (hasPadding ? 0x20 : 0)
        let second: UInt8 = (marker ? 0x80 : 0) | (payloadType & 0x7F)
        buffer.put(first, at: 0)
        buffer.put(second, at: 1)
        buffer.put(sequenceNumber, at: 2)
        buffer.put(timestamp, at: 4)
        buffer.put(ssrc, at: 8)
        return Self.fixedLength
    }

    /// The 12-byte fixed header as a new array.
    public var bytes: [UInt8] {
        makeBytes(capacity: Self.fixedLength) { write(to: $0) }
    }
}
