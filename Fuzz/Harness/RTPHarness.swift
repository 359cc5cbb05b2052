import RTP

/// A datagram on a media port classified as RTP (RFC 5761 §4): the header
/// parsed, its CSRCs read and an RFC 4733 telephone event decoded from the
/// payload, as the media path does for every packet.
enum RTPHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        _ = RTPPacketKind.classify(bytes)
        return bytes.withUnsafeBytes { packet in
            guard let header = RTPHeader.parse(packet) else { return .rejected }
            // The ranges the parser reports must lie inside the packet: callers
            // slice the payload with them unchecked.
            precondition(header.payloadRange.lowerBound >= 0 && header.payloadRange.upperBound <= packet.count,
                         "payload range outside the packet")
            if let range = header.extensionRange {
                precondition(range.upperBound <= header.headerLength, "extension range outside the header")
            }
            for index in 0..<Int(header.csrcCount) { _ = header.csrc(at: index, in: packet) }
            _ = TelephoneEvent.parse(UnsafeRawBufferPointer(rebasing: packet[header.payloadRange]))
            _ = header.bytes
            return .accepted
        }
    }
}
