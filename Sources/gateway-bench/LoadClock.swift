#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreTypes

/// The clocks of `gateway-bench load`: the monotonic one paces packets and times windows;
/// the real-time one only converts the kernel's receive stamps (SO_TIMESTAMPNS) onto it.
enum LoadClock {
    /// Nanoseconds on CLOCK_MONOTONIC.
    static func now() -> Int64 { read(CLOCK_MONOTONIC) }

    /// Nanoseconds on CLOCK_REALTIME (the clock of kernel receive stamps).
    static func realtime() -> Int64 { read(CLOCK_REALTIME) }

    /// The monotonic clock as the protocol cores' `Instant`.
    static func instant() -> Instant { Instant(nanoseconds: now()) }

    /// Sleeps until `deadline` on CLOCK_MONOTONIC: an absolute deadline, so time spent
    /// working before the call does not push the schedule back.
    static func sleep(until deadline: Int64) {
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == EINTR {}
    }

    private static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
