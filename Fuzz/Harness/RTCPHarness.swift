import RTP

/// A datagram on a media port classified as RTCP: split into its packets
/// (RFC 3550 §6.1) and each decoded packet written back out.
enum RTCPHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let packets = try? RTCPPacket.parseCompound(bytes) else { return .rejected }
        for packet in packets {
            switch packet {
            case .senderReport(let report): _ = report.bytes
            case .receiverReport(let report): _ = report.bytes
            case .sourceDescription(let description): _ = (description.bytes, description.chunks.map(\.cname))
            case .goodbye(let goodbye): _ = goodbye.bytes
            case .unknown(let unknown): _ = unknown.payload.count
            }
        }
        return .accepted
    }
}
