// Writing RTCP packets into caller-provided buffers (RFC 3550 §6.4–§6.6).
// Every `write(to:)` returns the bytes written, or 0 when the buffer is too
// small or the packet cannot be encoded (more than 31 blocks, chunks or sources).

/// The 16-bit length field counts 32-bit words minus one.
let maximumRTCPLength = 4 * 65536

/// RFC 3550 §6.4.1 common header: V=2, P=0, count, packet type, length in
/// 32-bit words minus one.
private func writeCommonHeader(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int,
                               count: Int, packetType: UInt8, totalLength: Int) {
    buffer.put(0x80 | UInt8(count & 0x1F), at: offset)
    buffer.put(packetType, at: offset + 1)
    buffer.put(UInt16(truncatingIfNeeded: totalLength / 4 - 1), at: offset + 2)
}

extension RTCPReportBlock {
    func write(to buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        // RFC 3550 §6.4.1: cumulative loss is clamped to the 24-bit signed range.
        let clamped = Swift.min(Swift.max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        let lossWord = UInt32(fractionLost) << 24 | (UInt32(bitPattern: clamped) & 0xFF_FFFF)
        buffer.put(ssrc, at: offset)
        buffer.put(lossWord, at: offset + 4)
        buffer.put(extendedHighestSequence, at: offset + 8)
        buffer.put(jitter, at: offset + 12)
        buffer.put(lastSenderReport, at: offset + 16)
        buffer.put(delaySinceLastSenderReport, at: offset + 20)
    }
}

extension RTCPSenderReport {
    /// 28 + 24 × blocks.
    public var length: Int { Self.length(blocks: reportBlocks.count) }

    static func length(blocks: Int) -> Int { 28 + RTCPReportBlock.length * blocks }

    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        Self.write(ssrc: ssrc, senderInfo: senderInfo, reportBlocks: reportBlocks, to: buffer)
    }

    /// An SR with its blocks in any collection: one block or none needs no array
    /// (`RTCPReporter.writeReport`).
    static func write(ssrc: UInt32, senderInfo: RTCPSenderInfo, reportBlocks: some Collection<RTCPReportBlock>,
                      to buffer: UnsafeMutableRawBufferPointer) -> Int {
        let length = Self.length(blocks: reportBlocks.count)
        guard reportBlocks.count <= 31, buffer.count >= length else { return 0 }
        writeCommonHeader(buffer, at: 0, count: reportBlocks.count,
                          packetType: RTCPPacket.PacketType.senderReport, totalLength: length)
        buffer.put(ssrc, at: 4)
        buffer.put(senderInfo.ntpTimestamp, at: 8)
        buffer.put(senderInfo.rtpTimestamp, at: 16)
        buffer.put(senderInfo.packetCount, at: 20)
        buffer.put(senderInfo.octetCount, at: 24)
        for (index, block) in reportBlocks.enumerated() {
            block.write(to: buffer, at: 28 + index * RTCPReportBlock.length)
        }
        return length
    }

    public var bytes: [UInt8] { makeBytes(capacity: length) { write(to: $0) } }
}

extension RTCPReceiverReport {
    /// 8 + 24 × blocks.
    public var length: Int { Self.length(blocks: reportBlocks.count) }

    static func length(blocks: Int) -> Int { 8 + RTCPReportBlock.length * blocks }

    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        Self.write(ssrc: ssrc, reportBlocks: reportBlocks, to: buffer)
    }

    /// An RR with its blocks in any collection (see `RTCPSenderReport.write(ssrc:…)`).
    static func write(ssrc: UInt32, reportBlocks: some Collection<RTCPReportBlock>,
                      to buffer: UnsafeMutableRawBufferPointer) -> Int {
        let length = Self.length(blocks: reportBlocks.count)
        guard reportBlocks.count <= 31, buffer.count >= length else { return 0 }
        writeCommonHeader(buffer, at: 0, count: reportBlocks.count,
                          packetType: RTCPPacket.PacketType.receiverReport, totalLength: length)
        buffer.put(ssrc, at: 4)
        for (index, block) in reportBlocks.enumerated() {
            block.write(to: buffer, at: 8 + index * RTCPReportBlock.length)
        }
        return length
    }

    public var bytes: [UInt8] { makeBytes(capacity: length) { write(to: $0) } }
}

extension RTCPSourceDescription {
    /// Item text longer than 255 bytes is cut to 255 (the length field is 8 bits).
    private static func itemBytes(_ item: Item) -> Int { Swift.min(item.text.utf8.count, 255) }

    /// 4 + each chunk: 4 (SSRC) + items (2 + text) + 1..4 null octets to a word boundary.
    public var length: Int { 4 + chunks.reduce(0) { $0 + Self.chunkLength($1.items) } }

    private static func chunkLength(_ items: some Sequence<Item>) -> Int {
        let unpadded = items.reduce(4) { $0 + 2 + itemBytes($1) }
        return (unpadded / 4 + 1) * 4
    }

    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        let total = length
        guard chunks.count <= 31, total <= maximumRTCPLength, buffer.count >= total else { return 0 }
        writeCommonHeader(buffer, at: 0, count: chunks.count,
                          packetType: RTCPPacket.PacketType.sourceDescription, totalLength: total)
        var at = 4
        for chunk in chunks { at = Self.writeChunk(source: chunk.source, items: chunk.items, to: buffer, at: at) }
        return total
    }

    /// An SDES of one chunk with one item (a leg's CNAME, `RTCPReporter.writeReport`),
    /// written without making the arrays of a `RTCPSourceDescription`.
    static func write(source: UInt32, item: Item, to buffer: UnsafeMutableRawBufferPointer) -> Int {
        let items = CollectionOfOne(item)
        let total = 4 + chunkLength(items)
        guard buffer.count >= total else { return 0 }
        writeCommonHeader(buffer, at: 0, count: 1, packetType: RTCPPacket.PacketType.sourceDescription,
                          totalLength: total)
        return writeChunk(source: source, items: items, to: buffer, at: 4)
    }

    /// One chunk at `at`; returns the offset after it.
    private static func writeChunk(source: UInt32, items: some Sequence<Item>, to buffer: UnsafeMutableRawBufferPointer,
                                   at start: Int) -> Int {
        var at = start
        buffer.put(source, at: at)
        at += 4
        for item in items {
            let count = itemBytes(item)
            buffer.put(item.type, at: at)
            buffer.put(UInt8(count), at: at + 1)
            var written = 0
            for byte in item.text.utf8 where written < count {
                buffer.put(byte, at: at + 2 + written)
                written += 1
            }
            at += 2 + count
        }
        // RFC 3550 §6.5: a null item ends the list, padded to a 32-bit boundary.
        let next = (at / 4 + 1) * 4
        while at < next {
            buffer.put(UInt8(0), at: at)
            at += 1
        }
        return at
    }

    public var bytes: [UInt8] { makeBytes(capacity: length) { write(to: $0) } }
}

extension RTCPGoodbye {
    private var reasonBytes: Int { Swift.min(reason?.utf8.count ?? 0, 255) }

    /// 4 + 4 × sources + reason (1 + text) padded to a word boundary.
    public var length: Int {
        let base = 4 + 4 * sources.count
        guard reason != nil else { return base }
        return base + ((1 + reasonBytes) + 3) / 4 * 4
    }

    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        let total = length
        guard sources.count <= 31, buffer.count >= total else { return 0 }
        writeCommonHeader(buffer, at: 0, count: sources.count,
                          packetType: RTCPPacket.PacketType.goodbye, totalLength: total)
        var at = 4
        for source in sources {
            buffer.put(source, at: at)
            at += 4
        }
        if let reason {
            let count = reasonBytes
            buffer.put(UInt8(count), at: at)
            at += 1
            var written = 0
            for byte in reason.utf8 where written < count {
                buffer.put(byte, at: at)
                at += 1
                written += 1
            }
            while at < total {
                buffer.put(UInt8(0), at: at)
                at += 1
            }
        }
        return total
    }

    public var bytes: [UInt8] { makeBytes(capacity: length) { write(to: $0) } }
}

extension RTCPUnknownPacket {
    /// 4 + payload; the payload must be a whole number of 32-bit words.
    public var length: Int { 4 + payload.count }

    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard payload.count % 4 == 0, length <= maximumRTCPLength, buffer.count >= length else { return 0 }
        writeCommonHeader(buffer, at: 0, count: Int(count), packetType: packetType, totalLength: length)
        for (index, byte) in payload.enumerated() { buffer.put(byte, at: 4 + index) }
        return length
    }
}

extension RTCPPacket {
    /// Bytes this packet takes on the wire.
    public var length: Int {
        switch self {
        case .senderReport(let packet): packet.length
        case .receiverReport(let packet): packet.length
        case .sourceDescription(let packet): packet.length
        case .goodbye(let packet): packet.length
        case .unknown(let packet): packet.length
        }
    }

    /// Writes this packet at the start of `buffer`; returns bytes written or 0.
    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        switch self {
        case .senderReport(let packet): packet.write(to: buffer)
        case .receiverReport(let packet): packet.write(to: buffer)
        case .sourceDescription(let packet): packet.write(to: buffer)
        case .goodbye(let packet): packet.write(to: buffer)
        case .unknown(let packet): packet.write(to: buffer)
        }
    }

    /// Writes packets back to back as one compound packet (RFC 3550 §6.1).
    /// Returns the total bytes written, or 0 if any packet does not fit or
    /// cannot be encoded.
    public static func writeCompound(_ packets: [RTCPPacket], to buffer: UnsafeMutableRawBufferPointer) -> Int {
        var offset = 0
        for packet in packets {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[offset...])
            let written = packet.write(to: rest)
            guard written > 0 else { return 0 }
            offset += written
        }
        return offset
    }

    /// The compound packet as a new array; empty if a packet cannot be encoded.
    public static func serializeCompound(_ packets: [RTCPPacket]) -> [UInt8] {
        let capacity = packets.reduce(0) { $0 + $1.length }
        return makeBytes(capacity: capacity) { writeCompound(packets, to: $0) }
    }
}
