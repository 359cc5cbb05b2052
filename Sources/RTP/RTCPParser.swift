/// Why an RTCP compound packet was refused.
public enum RTCPParseError: Error, Sendable, Hashable {
    /// Fewer bytes than a common header, or than a header's length field claims.
    case truncated(offset: Int)
    /// Version field is not 2.
    case badVersion(offset: Int)
    /// Padding count of zero or larger than the packet.
    case badPadding(offset: Int)
    /// The body is too short for the report blocks, chunks or sources it declares.
    case malformedBody(offset: Int, packetType: UInt8)
}

extension RTCPPacket {
    /// Splits a compound packet into its packets (RFC 3550 §6.1) and decodes SR,
    /// RR, SDES and BYE; other types are kept as `.unknown`. Reduced-size RTCP
    /// (RFC 5506), which need not start with SR/RR, is accepted. Never reads
    /// outside `bytes`.
    public static func parseCompound(_ bytes: UnsafeRawBufferPointer) throws(RTCPParseError) -> [RTCPPacket] {
        var packets: [RTCPPacket] = []
        try forEachPacket(in: bytes) { (packetType, count, body) throws(RTCPParseError) in
            packets.append(decode(packetType: packetType, count: count, body: body))
        }
        return packets
    }

    /// Walks a compound packet where it lies, calling `visit` with each packet's type, count
    /// field and body (padding taken off), in order, once every packet's framing and body
    /// have been checked: the compound `parseCompound` refuses, this refuses before visiting
    /// any packet, with the same error. Allocates nothing (the in-place reading of reports,
    /// `RTCPReporter.received(rtcp:nowNanoseconds:)`).
    public static func forEachPacket(
        in bytes: UnsafeRawBufferPointer,
        _ visit: (_ packetType: UInt8, _ count: UInt8, _ body: UnsafeRawBufferPointer) throws(RTCPParseError) -> Void
    ) throws(RTCPParseError) {
        try walk(bytes) { (offset, packetType, count, body) throws(RTCPParseError) in
            guard isWellFormed(packetType: packetType, count: count, body: body) else {
                throw .malformedBody(offset: offset, packetType: packetType)
            }
        }
        try walk(bytes) { (_, packetType, count, body) throws(RTCPParseError) in try visit(packetType, count, body) }
    }

    /// The framing of a compound packet (RFC 3550 §6.1): common headers, lengths, padding.
    private static func walk(
        _ bytes: UnsafeRawBufferPointer,
        _ visit: (_ offset: Int, _ packetType: UInt8, _ count: UInt8, _ body: UnsafeRawBufferPointer) throws(RTCPParseError) -> Void
    ) throws(RTCPParseError) {
        var offset = 0
        guard bytes.count >= 4 else { throw .truncated(offset: 0) }
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { throw .truncated(offset: offset) }
            let first = bytes[offset]
            guard first >> 6 == 2 else { throw .badVersion(offset: offset) }
            let count = first & 0x1F
            let packetType = bytes[offset + 1]
            // RFC 3550 §6.4.1: length in 32-bit words minus one, header included.
            let length = (Int(bytes.uint16(at: offset + 2)) + 1) * 4
            guard bytes.count - offset >= length else { throw .truncated(offset: offset) }
            var bodyEnd = offset + length
            if first & 0x20 != 0 {
                let padding = Int(bytes[bodyEnd - 1])
                guard padding > 0, padding <= length - 4 else { throw .badPadding(offset: offset) }
                bodyEnd -= padding
            }
            try visit(offset, packetType, count, UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<bodyEnd]))
            offset += length
        }
    }

    /// Whether a packet's body holds what its type and count declare: SR and RR their
    /// report blocks (anything after them is a profile-specific extension, skipped), SDES
    /// its chunks and items, BYE its sources and reason. Other types are taken as they are.
    static func isWellFormed(packetType: UInt8, count: UInt8, body: UnsafeRawBufferPointer) -> Bool {
        switch packetType {
        case PacketType.senderReport:
            // SSRC + 20 bytes of sender info, then the report blocks.
            return body.count >= 24 + RTCPReportBlock.length * Int(count)
        case PacketType.receiverReport:
            return body.count >= 4 + RTCPReportBlock.length * Int(count)
        case PacketType.sourceDescription:
            return walkSourceDescription(body, count: count, chunk: { _ in }, item: { _, _ in })
        case PacketType.goodbye:
            return goodbyeReason(body, count: count) != nil
        default:
            return true
        }
    }

    /// Parses a compound packet held in an array.
    public static func parseCompound(_ bytes: [UInt8]) throws(RTCPParseError) -> [RTCPPacket] {
        let result: Result<[RTCPPacket], RTCPParseError> = bytes.withUnsafeBytes { buffer in
            do throws(RTCPParseError) { return .success(try parseCompound(buffer)) }
            catch { return .failure(error) }
        }
        return try result.get()
    }

    /// A body `isWellFormed` accepted, decoded.
    private static func decode(packetType: UInt8, count: UInt8, body: UnsafeRawBufferPointer) -> RTCPPacket {
        switch packetType {
        case PacketType.senderReport:
            return .senderReport(RTCPSenderReport(ssrc: body.uint32(at: 0), senderInfo: senderInfo(body),
                                                  reportBlocks: reportBlocks(body, from: 24, count: count)))
        case PacketType.receiverReport:
            return .receiverReport(RTCPReceiverReport(ssrc: body.uint32(at: 0),
                                                      reportBlocks: reportBlocks(body, from: 4, count: count)))
        case PacketType.sourceDescription:
            var chunks: [RTCPSourceDescription.Chunk] = []
            _ = walkSourceDescription(body, count: count, chunk: { chunks.append(.init(source: $0, items: [])) },
                                      item: { type, text in
                                          chunks[chunks.count - 1].items.append(
                                              .init(type: type, text: String(decoding: text, as: UTF8.self)))
                                      })
            return .sourceDescription(RTCPSourceDescription(chunks: chunks))
        case PacketType.goodbye:
            let sources = (0..<Int(count)).map { body.uint32(at: 4 * $0) }
            let reason = goodbyeReason(body, count: count).flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
            return .goodbye(RTCPGoodbye(sources: sources, reason: reason))
        default:
            return .unknown(RTCPUnknownPacket(packetType: packetType, count: count, payload: Array(body)))
        }
    }

    /// An SR body's sender info (RFC 3550 §6.4.1), after its SSRC.
    static func senderInfo(_ body: UnsafeRawBufferPointer) -> RTCPSenderInfo {
        RTCPSenderInfo(ntpTimestamp: body.uint64(at: 4), rtpTimestamp: body.uint32(at: 12),
                       packetCount: body.uint32(at: 16), octetCount: body.uint32(at: 20))
    }

    /// RFC 3550 §6.4.1 report block layout: the `index`th block of a body whose blocks start at `start`.
    static func reportBlock(_ body: UnsafeRawBufferPointer, from start: Int, index: Int) -> RTCPReportBlock {
        let at = start + index * RTCPReportBlock.length
        let lossWord = body.uint32(at: at + 4)
        // 24-bit two's complement: shift into the top of an Int32 and back.
        let cumulative = Int32(bitPattern: lossWord << 8) >> 8
        return RTCPReportBlock(
            ssrc: body.uint32(at: at), fractionLost: UInt8(lossWord >> 24),
            cumulativeLost: cumulative, extendedHighestSequence: body.uint32(at: at + 8),
            jitter: body.uint32(at: at + 12), lastSenderReport: body.uint32(at: at + 16),
            delaySinceLastSenderReport: body.uint32(at: at + 20))
    }

    private static func reportBlocks(_ body: UnsafeRawBufferPointer, from start: Int, count: UInt8) -> [RTCPReportBlock] {
        (0..<Int(count)).map { reportBlock(body, from: start, index: $0) }
    }

    /// RFC 3550 §6.5: `count` chunks, each an SSRC followed by items ending with a
    /// null octet, then padded to the next 32-bit boundary. Calls `chunk` with each SSRC
    /// and `item` with each item's type and text as they are met; false (having stopped)
    /// when the body is too short for what it declares.
    private static func walkSourceDescription(_ body: UnsafeRawBufferPointer, count: UInt8, chunk: (UInt32) -> Void,
                                              item: (UInt8, UnsafeRawBufferPointer) -> Void) -> Bool {
        var at = 0
        for _ in 0..<Int(count) {
            guard body.count - at >= 4 else { return false }
            chunk(body.uint32(at: at))
            at += 4
            while at < body.count {
                let type = body[at]
                if type == 0 { break }
                guard body.count - at >= 2 else { return false }
                let length = Int(body[at + 1])
                guard body.count - at - 2 >= length else { return false }
                item(type, UnsafeRawBufferPointer(rebasing: body[(at + 2)..<(at + 2 + length)]))
                at += 2 + length
            }
            // Skip the terminating null octet(s) up to the 32-bit boundary.
            at = min(body.count, (at / 4 + 1) * 4)
        }
        return true
    }

    /// RFC 3550 §6.6: `count` SSRCs, then optionally a length-prefixed reason. The reason's
    /// bytes (empty without one); nil when the body is too short for what it declares.
    private static func goodbyeReason(_ body: UnsafeRawBufferPointer, count: UInt8) -> UnsafeRawBufferPointer? {
        let sourcesEnd = 4 * Int(count)
        guard body.count >= sourcesEnd else { return nil }
        guard body.count > sourcesEnd else { return UnsafeRawBufferPointer(rebasing: body[sourcesEnd..<sourcesEnd]) }
        let length = Int(body[sourcesEnd])
        guard body.count - sourcesEnd - 1 >= length else { return nil }
        return UnsafeRawBufferPointer(rebasing: body[(sourcesEnd + 1)..<(sourcesEnd + 1 + length)])
    }
}
