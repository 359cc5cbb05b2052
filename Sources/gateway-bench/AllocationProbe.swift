#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// gatewayd's allocation count, read from the file the preloaded probe library
/// (Sources/CAllocationProbe, built as `libGatewayAllocationProbe.so`) keeps it in.
final class AllocationProbe: @unchecked Sendable {
    /// The library's file name; `swift build --product GatewayAllocationProbe` puts it in
    /// the build folder beside gateway-bench.
    static let libraryName = "libGatewayAllocationProbe.so"

    let library: String
    let counterPath: String
    private var mapped: UnsafeMutableRawPointer?

    /// The probe library beside this executable, if it was built.
    static func findLibrary() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let candidate = executable.deletingLastPathComponent().appendingPathComponent(libraryName).path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    init(library: String, directory: String) {
        self.library = library
        counterPath = directory + "/allocations.counter"
    }

    /// The environment that makes a child process load the probe and publish its count.
    var environment: [String: String] {
        ["LD_PRELOAD": library, "GATEWAY_ALLOCATION_PROBE": counterPath]
    }

    /// Allocations gatewayd has made so far, in all and on its media threads; nil until its
    /// probe has created the file.
    func count() -> AllocationCounts? {
        if mapped == nil {
            let fd = open(counterPath, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var status = stat()
            guard fstat(fd, &status) == 0, status.st_size >= Self.fileSize else { return nil }
            let pointer = mmap(nil, Self.fileSize, PROT_READ, MAP_SHARED, fd, 0)
            guard let pointer, pointer != MAP_FAILED else { return nil }
            mapped = pointer
        }
        // The writer's increments are atomic; an aligned 64-bit load sees one of their values.
        guard let mapped else { return nil }
        return AllocationCounts(all: mapped.load(as: UInt64.self),
                                mediaThreads: mapped.load(fromByteOffset: 8, as: UInt64.self))
    }

    /// The probe's two counters (allocation_probe.c).
    private static let fileSize = 2 * MemoryLayout<UInt64>.size

    deinit {
        if let mapped { munmap(mapped, Self.fileSize) }
    }
}

/// gatewayd's allocation counters: every thread's, and its media threads' alone (the
/// threads that carry the packets).
struct AllocationCounts: Sendable {
    var all: UInt64
    var mediaThreads: UInt64
}
