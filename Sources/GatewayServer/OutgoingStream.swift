import RTP

/// An RTP stream the gateway sends: numbering from `RTPSequencer` plus the
/// marker bit on the first packet (RFC 3551 §4.1: start of a talkspurt).
struct OutgoingStream {
    private var sequencer: RTPSequencer
    private var started = false

    init(_ sequencer: RTPSequencer) {
        self.sequencer = sequencer
    }

    var ssrc: UInt32 { sequencer.ssrc }

    /// Lets `samples` clock ticks pass without a packet (silence not sent, hold).
    mutating func skip(samples: UInt32) {
        sequencer.advanceTimestamp(by: samples)
    }

    /// Numbers for the next packet, which covers `samples` clock ticks.
    mutating func next(samples: UInt32) -> (sequenceNumber: UInt16, timestamp: UInt32, marker: Bool) {
        let (seq, ts) = sequencer.next(samples: samples)
        defer { started = true }
        return (seq, ts, !started)
    }
}
