/// The rollover counter of one SRTP stream and the index of each packet (RFC 3711 §3.3.1,
/// the estimate of Appendix A): the 16-bit sequence number, extended by how often it has
/// wrapped, gives a 48-bit index.
struct SRTPRollover {
    private(set) var rollover: UInt32 = 0
    private(set) var highestSequence: UInt16

    init(firstSequence: UInt16) {
        highestSequence = firstSequence
    }

    /// The rollover counter a packet with `sequence` belongs to: the current one, the one
    /// before (a late packet from before a wrap), or the next (the sequence has wrapped).
    /// Nil for a packet before the stream's first rollover period.
    func estimate(_ sequence: UInt16) -> UInt32? {
        let s = Int(sequence), last = Int(highestSequence)
        if last < 32_768 {
            if s - last > 32_768 { return rollover == 0 ? nil : rollover - 1 }
            return rollover
        }
        if last - 32_768 > s { return rollover &+ 1 }
        return rollover
    }

    /// The 48-bit index of `sequence` in rollover period `period`.
    static func index(_ sequence: UInt16, period: UInt32) -> Int64 {
        Int64(period) << 16 | Int64(sequence)
    }

    /// Takes in an authenticated packet: the counter moves on when the sequence wrapped.
    mutating func update(_ sequence: UInt16, period: UInt32) {
        if period == rollover &+ 1 {
            rollover = period
            highestSequence = sequence
        } else if period == rollover, sequence > highestSequence {
            highestSequence = sequence
        }
    }
}
