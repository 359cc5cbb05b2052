#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A gatewayd started for a load run: `gatewayd serve --config <file>`, its output in a log
/// file beside the config, stopped with SIGTERM (then SIGKILL) at the end.
final class GatewayProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let taskset = "/usr/bin/taskset"

    let process = Process()
    let logPath: String

    /// - Parameter cpus: the CPUs gatewayd may run on, nil for any. It is started through
    ///   taskset(1), which sets them and then becomes gatewayd (same process id), so every
    ///   thread gatewayd starts keeps to them.
    ///   - environment: added to gatewayd's (the allocation probe's).
    init(binary relativeBinary: String, configPath: String, workingDirectory: String, cpus: [Int]? = nil,
         environment: [String: String] = [:]) throws {
        // gatewayd runs in `workingDirectory`: a relative path must not be read from there.
        let binary = URL(fileURLWithPath: relativeBinary).standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: """
                no gatewayd at \(binary); build it first: \
                swift build -c release --product gatewayd (or pass --gatewayd PATH)
                """)
        }
        logPath = workingDirectory + "/gatewayd.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let arguments = ["serve", "--config", configPath]
        if let cpus {
            guard FileManager.default.isExecutableFile(atPath: Self.taskset) else {
                throw Failure(description: "--gateway-cpus needs \(Self.taskset) (util-linux)")
            }
            process.executableURL = URL(fileURLWithPath: Self.taskset)
            process.arguments = ["--cpu-list", cpus.map(String.init).joined(separator: ","), binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits until `GET /health` answers 200, or fails with the log's tail.
    func waitUntilHealthy(httpPort: Int, timeoutSeconds: Double = 30) async throws {
        let deadline = LoadClock.now() + Int64(timeoutSeconds * 1e9)
        while LoadClock.now() < deadline {
            guard process.isRunning else {
                throw Failure(description: "gatewayd exited with \(process.terminationStatus) while starting:\n\(logTail())")
            }
            if HealthProbe.isHealthy(port: httpPort) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "gatewayd: /health not 200 after \(Int(timeoutSeconds)) s:\n\(logTail())")
    }

    /// SIGTERM, then SIGKILL after 10 s.
    func stop() { ChildProcess.stop(process) }

    func logTail(lines: Int = 30) -> String { ChildProcess.tail(of: logPath, lines: lines) }
}

/// What the benchmark does with the daemons it starts (gatewayd, rtpengine).
enum ChildProcess {
    /// SIGTERM, then SIGKILL after 10 s; waits for the exit.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = LoadClock.now() + 10_000_000_000
        while process.isRunning, LoadClock.now() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The last lines of a log file.
    static func tail(of path: String, lines: Int) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

/// `GET /health` over a plain TCP connection to loopback.
enum HealthProbe {
    static func isHealthy(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard var address = try? UDPSocket.address(host: "127.0.0.1", port: port) else { return false }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return false }
        var reply = [UInt8](repeating: 0, count: 64)
        let length = recv(fd, &reply, reply.count, 0)
        guard length > 0 else { return false }
        // RFC 9112 §4: "HTTP/1.1 200 OK".
        return String(decoding: reply[0..<length], as: UTF8.self).split(separator: " ").dropFirst().first == "200"
    }
}
