#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// CPU time of processes, from Linux's /proc and getrusage.
enum ProcessCPU {
    /// Clock ticks per second of /proc's time fields (USER_HZ, normally 100).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// utime + stime of `pid` in seconds (all its threads), from /proc/<pid>/stat; nil when
    /// the process is gone.
    static func seconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let ticks = userAndSystemTicks(stat: text) else { return nil }
        return Double(ticks) / ticksPerSecond
    }

    /// proc(5): fields 14 and 15 of /proc/<pid>/stat. The command name (field 2) is in
    /// parentheses and may itself hold spaces or parentheses, so fields are counted from
    /// the last ')'.
    static func userAndSystemTicks(stat: String) -> Int? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// Resident memory of `pid` in kilobytes (`VmRSS` of /proc/<pid>/status); nil when the
    /// process is gone.
    static func residentKilobytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return residentKilobytes(status: text)
    }

    /// proc(5): the `VmRSS:   1234 kB` line.
    static func residentKilobytes(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return nil }
        return Int(fields[1])
    }

    /// CPU seconds this process has used, user and system, every thread.
    static func ownSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// The kernel's UDP counters (/proc/net/snmp, this network namespace): a datagram dropped
/// because a socket's receive buffer was full shows up in `RcvbufErrors`, whichever
/// process owned the socket, so a run can prove nothing was lost there.
struct UDPCounters: Sendable, Equatable, Codable {
    var inDatagrams = 0
    var inErrors = 0
    var receiveBufferErrors = 0
    var sendBufferErrors = 0

    static func read() -> UDPCounters? {
        guard let text = try? String(contentsOfFile: "/proc/net/snmp", encoding: .utf8) else { return nil }
        return parse(snmp: text)
    }

    /// The `Udp:` header line names the fields of the `Udp:` line after it.
    static func parse(snmp text: String) -> UDPCounters? {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Udp:") }
        guard lines.count >= 2 else { return nil }
        let names = lines[0].split(separator: " ").dropFirst()
        let values = lines[1].split(separator: " ").dropFirst().map { Int($0) ?? 0 }
        let table = Dictionary(zip(names.map(String.init), values), uniquingKeysWith: { first, _ in first })
        return UDPCounters(inDatagrams: table["InDatagrams"] ?? 0, inErrors: table["InErrors"] ?? 0,
                           receiveBufferErrors: table["RcvbufErrors"] ?? 0,
                           sendBufferErrors: table["SndbufErrors"] ?? 0)
    }

    func since(_ earlier: UDPCounters) -> UDPCounters {
        UDPCounters(inDatagrams: inDatagrams - earlier.inDatagrams, inErrors: inErrors - earlier.inErrors,
                    receiveBufferErrors: receiveBufferErrors - earlier.receiveBufferErrors,
                    sendBufferErrors: sendBufferErrors - earlier.sendBufferErrors)
    }
}
