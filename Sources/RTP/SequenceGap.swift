/// How many packets of a stream went missing just before each one that arrives, from
/// RTP sequence numbers (RFC 3550 §5.1: they increase by one per packet, modulo 2^16),
/// for a receiver that conceals losses as it plays packets on arrival.
public struct SequenceGap: Sendable, Hashable {
    /// A longer gap is not concealed: after that much silence the stream restarted
    /// (a new talk spurt, a new sender) and concealment would only invent sound.
    public let maximumConcealed: Int
    private var last: UInt16?

    public init(maximumConcealed: Int = 5) {
        self.maximumConcealed = max(0, maximumConcealed)
    }

    /// Records `sequence` and returns the number of packets lost right before it (0 when
    /// it follows on, or the gap is too long to conceal), or -1 for a packet that is a
    /// duplicate or older than the last one (too late to play). A jump back of more than
    /// 1000 is taken as a restart of the stream.
    public mutating func lost(before sequence: UInt16) -> Int {
        guard let previous = last else {
            last = sequence
            return 0
        }
        let ahead = sequence &- previous
        if ahead == 0 { return -1 }
        if ahead >= 0x8000, 0 &- ahead <= 1000 { return -1 }
        last = sequence
        let missing = Int(ahead) - 1
        return ahead < 0x8000 && missing <= maximumConcealed ? missing : 0
    }

    /// Forget the stream (a new source).
    public mutating func reset() { last = nil }
}
