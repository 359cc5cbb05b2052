/// What a datagram on an RTP port carries when RTP and RTCP share it.
public enum RTPPacketKind: Sendable, Hashable {
    case rtp
    case rtcp
    /// Not version 2 or shorter than two bytes: STUN, DTLS or garbage
    /// (RFC 7983 §7 demultiplexes those by the first byte before this point).
    case other

    /// RFC 5761 §4: RTCP packet types 192–223 occupy the second byte where RTP
    /// has marker + payload type; RTP payload types 64–95 are therefore avoided
    /// on a muxed port, and a second byte in 192...223 means RTCP.
    public static func classify(_ firstByte: UInt8, _ secondByte: UInt8) -> RTPPacketKind {
        guard firstByte >> 6 == 2 else { return .other }
        return (192...223).contains(secondByte) ? .rtcp : .rtp
    }

    /// Classifies a datagram by its first two bytes.
    public static func classify(_ packet: UnsafeRawBufferPointer) -> RTPPacketKind {
        guard packet.count >= 2 else { return .other }
        return classify(packet[0], packet[1])
    }

    /// Classifies a datagram held in an array by its first two bytes.
    public static func classify(_ packet: [UInt8]) -> RTPPacketKind {
        guard packet.count >= 2 else { return .other }
        return classify(packet[0], packet[1])
    }
}
