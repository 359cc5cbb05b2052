extension JitterBuffer {
    /// One packet handed out for playout.
    public struct Frame: Sendable, Hashable {
        public var sequenceNumber: UInt16
        public var timestamp: UInt32
        /// Stream time this packet covers, in timestamp units: the distance to the
        /// next packet's timestamp when that packet is already buffered, else the
        /// packet duration seen between consecutive packets of the stream. The
        /// decoded payload is what the caller actually plays; this is the buffer's
        /// own accounting (e.g. 80 for 10 ms, 240 for 30 ms of G.711 or G.722).
        public var durationTicks: UInt32
        /// RTP marker bit (RFC 3551 §4.1: first packet of a talk spurt).
        public var marker: Bool
        public var payload: [UInt8]

        public init(sequenceNumber: UInt16, timestamp: UInt32, durationTicks: UInt32,
                    marker: Bool, payload: [UInt8]) {
            self.sequenceNumber = sequenceNumber
            self.timestamp = timestamp
            self.durationTicks = durationTicks
            self.marker = marker
            self.payload = payload
        }
    }

    /// What `pop(nowNanoseconds:)` asks the caller to play next.
    public enum Playout: Sendable, Hashable {
        /// Decode and play this packet.
        case packet(Frame)
        /// Conceal `durationTicks` of audio starting at `timestamp`: the packet
        /// for that stretch of stream time was lost or has not arrived in time.
        /// A packet that arrives for it later is dropped as late.
        case missing(timestamp: UInt32, durationTicks: UInt32)
        /// Conceal one playout tick (`frameTicks`) that belongs to no packet:
        /// the buffer is raising its delay by one frame. Nothing was lost.
        case stretch(durationTicks: UInt32)
        /// Nothing (more) to play for this tick: no stream yet, the buffer is
        /// still filling to its target delay, everything due was already handed
        /// out (a 30 ms packet still covers this tick), or the stream went quiet
        /// (silence suppression, hold). Play nothing or comfort noise when a tick
        /// got no audio at all.
        case empty
    }

    /// Counters since the buffer was made (a reset does not clear them).
    public struct Statistics: Sendable, Hashable {
        /// Packets stored for playout.
        public var accepted = 0
        /// Packets handed out as `.packet`.
        public var played = 0
        /// Packets dropped because their stretch of stream time was already
        /// handed out (as `.missing`) or skipped.
        public var late = 0
        /// Packets dropped because the same one was already buffered or played.
        public var duplicates = 0
        /// Packets dropped because `capacity` packets were already buffered.
        public var overflow = 0
        /// `.missing` results.
        public var concealed = 0
        /// `.stretch` results (delay raised by one frame).
        public var stretched = 0
        /// Buffered packets dropped unplayed: to lower the delay, because playout
        /// was not pulled for a while and they were overdue, or by a reset.
        public var discarded = 0
        /// Talk-spurt starts where playout was timed afresh from the target delay.
        public var talkSpurts = 0
        /// New streams: a different SSRC, or a timestamp or sequence number jump
        /// too large to belong to the same stream.
        public var resets = 0

        public init() {}
    }
}
