/// Maps a monotonic timeline (nanoseconds, any origin) onto 64-bit NTP timestamps
/// (RFC 3550 §4: seconds since 1900 in the high 32 bits, fraction in the low 32).
/// The wall clock is read once, by the runtime, to fix `epoch`; after that the NTP
/// time only moves with the monotonic clock, so a wall-clock step cannot make a
/// round-trip time negative.
public struct NTPClock: Sendable, Hashable {
    /// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (the Unix epoch).
    public static let unixOffsetSeconds: UInt64 = 2_208_988_800

    /// The NTP time at monotonic instant 0.
    public let epoch: UInt64

    public init(epoch: UInt64) {
        self.epoch = epoch
    }

    /// The NTP time at monotonic `nanoseconds`, given the Unix time (in nanoseconds)
    /// read at that same moment.
    public init(unixNanoseconds: Int64, atMonotonic nanoseconds: Int64) {
        let ntpNow = Self.ntp(fromNanoseconds: unixNanoseconds) &+ Self.unixOffsetSeconds << 32
        self.epoch = ntpNow &- Self.ntp(fromNanoseconds: nanoseconds)
    }

    public func ntpTimestamp(atNanoseconds nanoseconds: Int64) -> UInt64 {
        epoch &+ Self.ntp(fromNanoseconds: nanoseconds)
    }

    /// The middle 32 bits (16.16 seconds), the form LSR and DLSR use (RFC 3550 §6.4.1).
    public func compact(atNanoseconds nanoseconds: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: ntpTimestamp(atNanoseconds: nanoseconds) >> 16)
    }

    /// A non-negative duration in nanoseconds as NTP seconds.fraction.
    static func ntp(fromNanoseconds nanoseconds: Int64) -> UInt64 {
        let positive = UInt64(max(0, nanoseconds))
        let seconds = positive / 1_000_000_000
        let rest = positive % 1_000_000_000
        return seconds << 32 | (rest << 32) / 1_000_000_000
    }
}
