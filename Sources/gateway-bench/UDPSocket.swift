#if canImport(Glibc)
import Glibc
#endif
import CBenchFloor

/// A non-blocking IPv4 UDP socket on loopback, optionally connected to one peer (so the
/// kernel drops datagrams from anyone else). Owned by one thread at a time.
final class UDPSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
    }

    let fd: Int32
    /// The port the socket is bound to.
    let port: Int

    /// Binds `host:port` (port 0: any free port) and asks for kernel receive stamps.
    init(host: String = "127.0.0.1", port: Int = 0, receiveBuffer: Int32? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket") }
        self.fd = fd
        var address = try Self.address(host: host, port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let error = Failure("bind \(host):\(port)"); close(fd); throw error }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: local.sin_port))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = load_socket_enable_timestamps(fd)
        if var size = receiveBuffer {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    deinit { close(fd) }

    /// From now on `send` goes to `host:port`, and only its datagrams are received.
    func connect(host: String, port: Int) throws {
        var address = try Self.address(host: host, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw Failure("connect \(host):\(port)") }
    }

    /// Sends to the connected peer; false when the kernel refused (counted by callers).
    @discardableResult
    func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
        Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT)) == bytes.count
    }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { send($0) } }

    /// Sends to `host:port` (an unconnected socket).
    @discardableResult
    func send(_ bytes: [UInt8], to host: String, port: Int) -> Bool {
        guard var address = try? Self.address(host: host, port: port) else { return false }
        return bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } == bytes.count
    }

    /// One queued datagram into `buffer`, with the kernel's arrival time (CLOCK_REALTIME
    /// nanoseconds, 0 when unknown); nil when nothing is queued.
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> (length: Int, arrival: Int64)? {
        var arrival: Int64 = 0
        let length = load_socket_receive(fd, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count, &arrival)
        return length >= 0 ? (length, arrival) : nil
    }

    /// Waits up to `milliseconds` for a datagram; returns it with the sender's address.
    func receive(timeoutMilliseconds: Int32, into buffer: inout [UInt8]) -> (length: Int, host: String, port: Int)? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        var from = sockaddr_in()
        var fromLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let length = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &from) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &fromLength)
                }
            }
        }
        guard length >= 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var address = from.sin_addr
        inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (length, host, Int(UInt16(bigEndian: from.sin_port)))
    }

    static func address(host: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            errno = EINVAL
            throw Failure("address \(host)")
        }
        return address
    }
}
