import Foundation

/// The machine a measurement ran on, so figures from different machines are not mixed up.
struct MachineInfo: Codable {
    var cpuModel: String
    var cores: Int
    var operatingSystem: String
    /// One-minute load average when the run started: other work competing for the cores.
    var loadAverageAtStart: Double
    var date: String

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown"
        var load = [0.0, 0.0, 0.0]
        _ = getloadavg(&load, 3)
        return MachineInfo(
            cpuModel: model,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            loadAverageAtStart: load[0],
            date: ISO8601DateFormatter().string(from: Date()))
    }
}
