#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// rtpengine (Debian's `rtpengine-daemon`) started for a side-by-side run: userspace only
/// (`--table=-1`: no kernel forwarding), on loopback, with its ng control port, a port range
/// and as many threads as gatewayd has event loops; stopped with SIGTERM at the end.
final class RtpengineProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    let logPath: String
    let controlPort: Int
    let client: NGClient

    init(binary: String, directory: String, controlPort: Int, ports: ClosedRange<Int>, threads: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: "no rtpengine at \(binary); install it: apt-get install rtpengine-daemon "
                          + "(or pass --rtpengine PATH)")
        }
        self.controlPort = controlPort
        logPath = directory + "/rtpengine.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--interface=127.0.0.1", "--listen-ng=127.0.0.1:\(controlPort)",
            "--port-min=\(ports.lowerBound)", "--port-max=\(ports.upperBound)",
            "--table=-1", "--foreground", "--log-stderr", "--log-level=4", "--delete-delay=0",
            "--num-threads=\(threads)", "--media-num-threads=\(threads)",
        ]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        client = try NGClient(port: controlPort)
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits until rtpengine answers `ping`.
    func waitUntilReady(timeoutSeconds: Double = 15) throws {
        let deadline = LoadClock.now() + Int64(timeoutSeconds * 1e9)
        while LoadClock.now() < deadline {
            guard process.isRunning else {
                throw Failure(description: "rtpengine exited with \(process.terminationStatus):\n\(logTail())")
            }
            if (try? client.command(["command": "ping"], timeoutMilliseconds: 200))?["result"]?.string == "pong" { return }
        }
        throw Failure(description: "rtpengine did not answer ping:\n\(logTail())")
    }

    func stop() { ChildProcess.stop(process) }

    func logTail(lines: Int = 20) -> String { ChildProcess.tail(of: logPath, lines: lines) }
}

/// rtpengine's ng control protocol: a bencoded dictionary per UDP datagram, after a cookie
/// and a space; the reply carries the same cookie. One command at a time.
final class NGClient: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let socket: UDPSocket
    private let port: Int
    private var counter = 0

    init(port: Int) throws {
        socket = try UDPSocket()
        self.port = port
    }

    func command(_ message: Bencode, timeoutMilliseconds: Int32 = 3000) throws -> Bencode {
        counter += 1
        let cookie = "c\(getpid())-\(counter)"
        guard socket.send(Array((cookie + " ").utf8) + message.encoded, to: "127.0.0.1", port: port) else {
            throw Failure(description: "ng: send failed")
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = LoadClock.now() + Int64(timeoutMilliseconds) * 1_000_000
        while LoadClock.now() < deadline {
            let left = Int32(max(1, (deadline - LoadClock.now()) / 1_000_000))
            guard let (length, _, _) = socket.receive(timeoutMilliseconds: left, into: &buffer) else { continue }
            let reply = buffer[..<length]
            guard let space = reply.firstIndex(of: UInt8(ascii: " ")),
                  String(decoding: reply[..<space], as: UTF8.self) == cookie else { continue }
            guard let value = Bencode.decode(Array(reply[(space + 1)...])) else {
                throw Failure(description: "ng: the reply does not decode")
            }
            return value
        }
        throw Failure(description: "ng: no reply to \(message["command"]?.string ?? "?") in \(timeoutMilliseconds) ms")
    }
}
