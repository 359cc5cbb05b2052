/// Coarse protocol families sharing one UDP port, told apart by the first
/// byte (RFC 7983 §7).
public enum PacketClass: Sendable, Hashable {
    /// 0–3: STUN (ICE connectivity checks).
    case stun
    /// 20–63: DTLS.
    case dtls
    /// 128–191: RTP *or* RTCP (SRTP/SRTCP) — RFC 7983 gives both one range;
    /// tell them apart with `PacketDemux.isRTCP(secondByte:)`.
    case rtp
    /// Anything else (ZRTP 16–19, TURN channels 64–79, garbage): drop.
    case unknown
}

/// What a datagram on a WebRTC leg's socket carries.
public enum PacketKind: Sendable, Hashable {
    case stun, dtls, rtp, rtcp, unknown
}

/// Demultiplexing of STUN, DTLS and SRTP/SRTCP on one port (BUNDLE with rtcp-mux).
public enum PacketDemux {
    /// RFC 7983 §7 first-byte ranges.
    @inline(__always)
    public static func classify(firstByte: UInt8) -> PacketClass {
        switch firstByte {
        case 0...3: return .stun
        case 20...63: return .dtls
        case 128...191: return .rtp
        default: return .unknown
        }
    }

    /// RFC 5761 §4: with rtcp-mux, a second byte of 192–223 is an RTCP packet
    /// type (SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206,
    /// XR 207...); RTP payload types 64–95 are never used, so the marker bit
    /// plus payload type of RTP cannot land there.
    @inline(__always)
    public static func isRTCP(secondByte: UInt8) -> Bool {
        (192...223).contains(secondByte)
    }

    /// Classifies a whole datagram; media needs at least two bytes.
    public static func classify(_ datagram: UnsafeRawBufferPointer) -> PacketKind {
        guard let first = datagram.first else { return .unknown }
        switch classify(firstByte: first) {
        case .stun: return .stun
        case .dtls: return .dtls
        case .unknown: return .unknown
        case .rtp:
            guard datagram.count >= 2 else { return .unknown }
            return isRTCP(secondByte: datagram[1]) ? .rtcp : .rtp
        }
    }

    /// Classifies a whole datagram held in an array.
    public static func classify(_ datagram: [UInt8]) -> PacketKind {
        datagram.withUnsafeBytes { classify($0) }
    }
}
