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
            let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<bodyEnd])
            guard let packet = decode(packetType: packetType, count: count, body: body) else {
                throw .malformedBody(offset: offset, packetType: packetType)
            }
            packets.append(packet)
            offset += length
        }
        return packets
    }

    /// Parses a compound packet held in an array.
    public static func parseCompound(_ bytes: [UInt8]) throws(RTCPParseError) -> [RTCPPacket] {
        let result: Result<[RTCPPacket], RTCPParseError> = bytes.withUnsafeBytes { buffer in
            do throws(RTCPParseError) { return .success(try parseCompound(buffer)) }
            catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func decode(packetType: UInt8, count: UInt8, body: UnsafeRawBufferPointer) -> RTCPPacket? {
        switch packetType {
        case PacketType.senderReport:
            // SSRC + 20 bytes of sender info, then the report blocks; anything
            // after them is a profile-specific extension and is skipped.
            guard body.count >= 24 + RTCPReportBlock.length * Int(count) else { return nil }
            let info = RTCPSenderInfo(ntpTimestamp: body.uint64(at: 4), rtpTimestamp: body.uint32(at: 12),
                                      packetCount: body.uint32(at: 16), octetCount: body.uint32(at: 20))
            return .senderReport(RTCPSenderReport(ssrc: body.uint32(at: 0), senderInfo: info,
                                                  reportBlocks: reportBlocks(body, from: 24, count: count)))
        case PacketType.receiverReport:
            guard body.count >= 4 + RTCPReportBlock.length * Int(count) else { return nil }
            return .receiverReport(RTCPReceiverReport(ssrc: body.uint32(at: 0),
                                                      reportBlocks: reportBlocks(body, from: 4, count: count)))
        case PacketType.sourceDescription:
            return sourceDescription(body, count: count).map { .sourceDescription($0) }
        case PacketType.goodbye:
            return goodbye(body, count: count).map { .goodbye($0) }
        default:
            return .unknown(RTCPUnknownPacket(packetType: packetType, count: count, payload: Array(body)))
        }
    }

    /// RFC 3550 §6.4.1 report block layout.
    private static func reportBlocks(_ body: UnsafeRawBufferPointer, from start: Int, count: UInt8) -> [RTCPReportBlock] {
        var blocks: [RTCPReportBlock] = []
        blocks.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let at = start + index * RTCPReportBlock.length
            let lossWord = body.uint32(at: at + 4)
            // 24-bit two's complement: shift into the top of an Int32 and back.
            let cumulative = Int32(bitPattern: lossWord << 8) >> 8
            blocks.append(RTCPReportBlock(
                ssrc: body.uint32(at: at), fractionLost: UInt8(lossWord >> 24),
                cumulativeLost: cumulative, extendedHighestSequence: body.uint32(at: at + 8),
                jitter: body.uint32(at: at + 12), lastSenderReport: body.uint32(at: at + 16),
                delaySinceLastSenderReport: body.uint32(at: at + 20)))
        }
        return blocks
    }

    /// RFC 3550 §6.5: `count` chunks, each an SSRC followed by items ending with a
    /// null octet, then padded to the next 32-bit boundary.
    private static func sourceDescription(_ body: UnsafeRawBufferPointer, count: UInt8) -> RTCPSourceDescription? {
        var chunks: [RTCPSourceDescription.Chunk] = []
        var at = 0
        for _ in 0..<Int(count) {
            guard body.count - at >= 4 else { return nil }
            var chunk = RTCPSourceDescription.Chunk(source: body.uint32(at: at), items: [])
            at += 4
            while at < body.count {
                let type = body[at]
                if type == 0 { break }
                guard body.count - at >= 2 else { return nil }
                let length = Int(body[at + 1])
                guard body.count - at - 2 >= length else { return nil }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: body[(at + 2)..<(at + 2 + length)]),
                                  as: UTF8.self)
                chunk.items.append(.init(type: type, text: text))
                at += 2 + length
            }
            // Skip the terminating null octet(s) up to the 32-bit boundary.
            at = min(body.count, (at / 4 + 1) * 4)
            chunks.append(chunk)
        }
        return RTCPSourceDescription(chunks: chunks)
    }

    /// RFC 3550 §6.6: `count` SSRCs, then optionally a length-prefixed reason.
    private static func goodbye(_ body: UnsafeRawBufferPointer, count: UInt8) -> RTCPGoodbye? {
        let sourcesEnd = 4 * Int(count)
        guard body.count >= sourcesEnd else { return nil }
        var sources: [UInt32] = []
        for index in 0..<Int(count) { sources.append(body.uint32(at: 4 * index)) }
        var reason: String?
        if body.count > sourcesEnd {
            let length = Int(body[sourcesEnd])
            guard body.count - sourcesEnd - 1 >= length else { return nil }
            if length > 0 {
                reason = String(decoding: UnsafeRawBufferPointer(
                    rebasing: body[(sourcesEnd + 1)..<(sourcesEnd + 1 + length)]), as: UTF8.self)
            }
        }
        return RTCPGoodbye(sources: sources, reason: reason)
    }
}
