/// An adaptive playout (jitter) buffer for one incoming RTP audio stream.
///
/// Packets go in as they arrive (`insert`); a playout tick pulls what to play
/// (`pop`). Playout is keyed by RTP timestamp, not by sequence number: the
/// buffer keeps a playout position in stream time that advances with the
/// caller's clock, and each `pop` hands out the next stretch of stream time
/// whose start falls before the end of the current tick
/// (`position + frameTicks`). For 20 ms packets and a 20 ms tick that is one
/// packet per tick; 10 ms packets give two `.packet` results per tick; a 30 ms
/// packet covers one and a half ticks, so every third tick gets `.empty`.
/// Call `pop` at each tick and again until it returns `.empty`.
///
/// Delay. The target delay follows the RFC 3550 §6.4.1 (A.8) interarrival
/// jitter J: target = clamp(one tick + 3·J, minimum, maximum). The delay the
/// buffer runs with is how long the packets with the least network delay of
/// the last second or two wait before playout. It starts within half a tick
/// of the target and follows it a whole tick at a time:
/// - when it is half a tick or more below the target, the next `pop` returns
///   `.stretch` (one tick of concealment, playout shifted one tick later): up
///   quickly, at most once per tick, and never past the maximum;
/// - when it is more than half a tick above every target of the last second
///   or two, one packet (or one tick of a gap) is skipped: down slowly, at
///   most once a second, and not for a target that only wobbles with the
///   jitter estimate; above the maximum, once per tick;
/// - at a talk-spurt start (RTP marker bit after a gap, RFC 3551 §4.1, or a
///   timestamp gap longer than 100 ms) and when the stream comes back after
///   going quiet, playout is timed afresh from the target.
/// The delay stays within `maximumDelayMilliseconds` (at most 60 ms); a packet
/// arriving far earlier than the others may lift it above for the few ticks
/// it takes to skip back down. With the clocks of sender and receiver apart,
/// the same steps keep a long call's delay in place.
///
/// Loss. A gap in the buffered timestamps is handed out as `.missing` when
/// due, one packet duration at a time. With nothing buffered at all, due
/// stream time is concealed the same way for up to 100 ms; after that the
/// stream is taken as quiet (silence suppression, hold) and `pop` returns
/// `.empty` until packets come again.
///
/// Timestamps and sequence numbers are compared modulo 2^32 and 2^16, so both
/// wrap freely. A new SSRC, a timestamp more than 3 s away from the playout
/// position, or a sequence jump the RFC 3550 A.1 rules call a restart
/// (3000 ahead up to 100 behind) starts the buffer over with that packet.
///
/// A protocol core: no clock reads, no I/O; times are nanoseconds on one
/// monotonic timeline, supplied by the caller. Never traps on any input.
public struct JitterBuffer: Sendable {
    /// The product's hard cap on the delay a jitter buffer may add.
    public static let hardMaximumDelayMilliseconds = 60
    /// k in target = one tick + k·J.
    static let jitterMultiplier: Int64 = 3
    /// Lowering the delay drops audio, so it happens at most this often.
    static let decreaseIntervalNanoseconds = nanosecondsPerSecond

    /// RTP clock rate (8000 for G.711 and G.722, RFC 3551 §4.5.2).
    public let clockRate: Int
    /// Stream time per playout tick (160 for 20 ms at 8000 Hz).
    public let frameTicks: UInt32
    public let minimumDelayMilliseconds: Int
    public let maximumDelayMilliseconds: Int
    /// At most this many packets are buffered.
    public let capacity: Int

    let rate: Int64
    let frame: Int64
    let frameNanoseconds: Int64
    let minimumDelay: Int64
    let maximumDelay: Int64
    /// Concealing a dry buffer for this long (100 ms) means the stream went quiet.
    let idleTicks: Int64
    /// A timestamp this far (3 s) from the playout position is another stream.
    let resetTicks: Int64
    /// Longest packet duration learned from consecutive packets (120 ms).
    let longestPacketTicks: Int64

    enum Phase: Sendable, Equatable {
        /// No stream, or the stream went quiet: nothing to play.
        case idle
        /// Holding packets until the first tick after `start`.
        case filling(start: Int64)
        case playing
    }

    var phase = Phase.idle
    var hasStream = false
    var ssrc: UInt32 = 0
    var slots: Slots
    /// Extended timestamp of the next stream time to hand out (while filling:
    /// the earliest buffered packet). Incoming timestamps unwrap around it.
    var cursor: Int64 = 0
    var highestSequence: UInt16 = 0
    var previousArrival: (sequence: UInt16, timestamp: UInt32)?
    /// Packet duration seen between consecutive packets (frameTicks at first).
    var packetTicks: Int64
    var lastPlayed: (sequence: UInt16, start: Int64, end: Int64)?
    var playedSequences = PlayedSequences()
    /// Stream time concealed in a row with nothing buffered.
    var dryTicks: Int64 = 0
    /// Playout mapping: extended timestamp `anchorTimestamp` is due at `anchorTime`.
    var anchorTimestamp: Int64 = 0
    var anchorTime: Int64 = 0
    var jitter = JitterEstimate()
    /// Margins (playout time − arrival) of recent packets; the maximum is the
    /// delay playout runs with.
    var window = RecentMaximum()
    /// Targets of recent ticks; the delay is lowered only above their peak.
    var recentTargets = RecentMaximum()
    var lastAdjustment: Int64 = 0
    var lastDecrease: Int64 = 0
    public internal(set) var statistics = Statistics()

    /// Values out of range are clamped: clock rate to 1…384000, frameTicks to
    /// 1…one second, the maximum delay to 0…60 ms, the minimum to 0…maximum,
    /// capacity to 1…1024.
    public init(clockRate: Int, frameTicks: UInt32, maximumDelayMilliseconds: Int = 60,
                minimumDelayMilliseconds: Int = 0, capacity: Int = 16) {
        let rate = Int64(min(max(clockRate, 1), 384_000))
        let frame = Int64(min(max(frameTicks, 1), UInt32(rate)))
        let maximum = min(max(maximumDelayMilliseconds, 0), Self.hardMaximumDelayMilliseconds)
        let minimum = min(max(minimumDelayMilliseconds, 0), maximum)
        self.clockRate = Int(rate)
        self.frameTicks = UInt32(frame)
        self.maximumDelayMilliseconds = maximum
        self.minimumDelayMilliseconds = minimum
        self.capacity = min(max(capacity, 1), 1024)
        self.rate = rate
        self.frame = frame
        self.frameNanoseconds = frame * Self.nanosecondsPerSecond / rate
        self.minimumDelay = Int64(minimum) * 1_000_000
        self.maximumDelay = Int64(maximum) * 1_000_000
        self.idleTicks = max(rate / 10, frame)
        self.resetTicks = rate * 3
        self.longestPacketTicks = max(rate * 120 / 1000, frame)
        self.packetTicks = frame
        self.slots = Slots(capacity: self.capacity)
    }

    /// Packets buffered now (never more than `capacity`).
    public var storedCount: Int { slots.count }

    /// Whether playout is running (not idle, not filling).
    public var isPlaying: Bool { phase == .playing }

    /// RFC 3550 A.8 interarrival jitter of the stream, in nanoseconds.
    public var jitterNanoseconds: Int64 { jitter.nanoseconds }

    /// The delay the buffer is aiming for: one tick + 3·jitter, within the
    /// configured minimum and maximum.
    public var targetDelayMilliseconds: Int { Int(targetDelay / 1_000_000) }

    /// The delay playout is running with: how long the earliest packets of the
    /// last one to two seconds wait in the buffer. 0 when not playing.
    public var currentDelayMilliseconds: Int {
        guard phase == .playing else { return 0 }
        return Int(max(0, window.maximum ?? targetDelay) / 1_000_000)
    }

    var targetDelay: Int64 {
        let wanted = Self.adding(frameNanoseconds, Self.jitterMultiplier * jitter.nanoseconds)
        return Self.clamped(wanted, minimumDelay, maximumDelay)
    }

    /// Forgets the stream: buffered packets, timing and jitter (statistics stay).
    public mutating func reset() {
        statistics.discarded &+= slots.count
        slots.removeAll()
        hasStream = false
        phase = .idle
        lastPlayed = nil
        previousArrival = nil
        packetTicks = frame
        dryTicks = 0
        jitter.reset()
        window.reset()
        recentTargets.reset()
        playedSequences.reset()
    }

    /// Playout starts over from `timestamp`: at the first tick more than
    /// `targetDelay` − half a tick after its arrival, so the delay starts within
    /// half a tick of the target (and at most the maximum, so no later than one
    /// tick below it).
    mutating func beginTalkSpurt(at timestamp: Int64, arrival: Int64) {
        let wait = min(targetDelay - frameNanoseconds / 2, maximumDelay - frameNanoseconds)
        phase = .filling(start: Self.adding(arrival, wait))
        cursor = timestamp
        lastPlayed = nil
        dryTicks = 0
        statistics.talkSpurts &+= 1
    }
}
