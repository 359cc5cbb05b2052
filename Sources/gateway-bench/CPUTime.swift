#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CAllocationProbe

/// CPU time consumed by the calling thread, in microseconds (`CLOCK_THREAD_CPUTIME_ID`):
/// what the measured work costs, not counting time the thread waited for the CPU.
func threadCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1_000_000 + Double(time.tv_nsec) / 1000
}

/// Heap allocations made by this process so far: gateway-bench links the allocation probe
/// (Sources/CAllocationProbe) that it also preloads into gatewayd.
func allocationCount() -> UInt64 { allocation_probe_count() }

/// CPU time and allocations of one timed stretch of work.
struct Cost {
    var microseconds: Double
    var allocations: UInt64

    static func of(_ work: () -> Void) -> Cost {
        let allocationsBefore = allocationCount()
        let start = threadCPUMicroseconds()
        work()
        let end = threadCPUMicroseconds()
        return Cost(microseconds: end - start, allocations: allocationCount() - allocationsBefore)
    }
}

/// The middle value (mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
