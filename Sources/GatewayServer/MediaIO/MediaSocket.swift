#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers
import CShims
import NIOCore

/// One UDP socket of a call's media on a `MediaEventLoop`: bound to a port of the RTP range,
/// read by the loop (each datagram handed to `onDatagram` in the loop's receive buffer,
/// which the handler may change in place, e.g. to remove SRTP), written with `sendto`
/// straight away. A datagram the kernel cannot take at once (a full send buffer) is dropped,
/// as the network would drop it; RTP's sequence numbers and RTCP reports show the gap.
final class MediaSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        init(_ call: String, _ code: Int32) {
            self.call = call
            self.code = code
        }
        var description: String { "\(call): \(String(cString: strerror(code)))" }
        var addressInUse: Bool { code == EADDRINUSE }
    }

    /// Larger than any media datagram (Ethernet MTU); a longer one is dropped as truncated.
    static let maximumDatagram = 2048

    let fd: Int32
    let port: Int
    let loop: MediaEventLoop
    /// Called on the loop for every datagram; set on the loop. It may hold its session or
    /// leg strongly (cheaper per packet than a weak reference): `close` lets it go.
    var onDatagram: ((UnsafeMutableRawBufferPointer, PeerAddress) -> Void)?
    private var isOpen = true

    /// A socket bound to `host:port` (a numeric address), registered with `loop`.
    static func bind(host: String, port: Int, on loop: MediaEventLoop) async throws -> MediaSocket {
        guard let local = PeerAddress(host: host, port: port) else {
            throw Failure("bind to \(host)", EINVAL)
        }
        let family: Int32
        if case .v6 = local.storage { family = AF_INET6 } else { family = AF_INET }
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket", errno) }
        let bound = local.withSockAddr { Glibc.bind(fd, $0, $1) }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure("bind to \(local)", code)
        }
        let created = MediaSocket(fd: fd, port: port, loop: loop)
        try await loop.submit { loop.register(created) }.get()
        return created
    }

    private init(fd: Int32, port: Int, loop: MediaEventLoop) {
        self.fd = fd
        self.port = port
        self.loop = loop
    }

    // MARK: Loop thread

    func send(_ bytes: UnsafeRawBufferPointer, to peer: PeerAddress) {
        guard isOpen, let base = bytes.baseAddress else { return }
        _ = peer.withSockAddr { sendto(fd, base, bytes.count, Int32(MSG_DONTWAIT), $0, $1) }
    }

    func send(_ bytes: [UInt8], to peer: PeerAddress) {
        bytes.withUnsafeBytes { send($0, to: peer) }
    }

    /// Reads one datagram and hands it over; errors (ICMP unreachable reported on the
    /// socket, a truncated datagram) drop it.
    func readOne(into buffer: UnsafeMutableRawBufferPointer) {
        guard isOpen else { return }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC), $0, &length)
            }
        }
        guard count > 0, count <= buffer.count, let peer = Self.peer(&storage) else { return }
        onDatagram?(UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]), peer)
    }

    /// The source the kernel wrote, read where it lies (the 128-byte storage is not copied).
    private static func peer(_ storage: inout sockaddr_storage) -> PeerAddress? {
        withUnsafeBytes(of: &storage) { raw in
            switch Int32(raw.load(as: sa_family_t.self)) {
            case AF_INET: PeerAddress(raw.load(as: sockaddr_in.self))
            case AF_INET6: PeerAddress(raw.load(as: sockaddr_in6.self))
            default: nil
            }
        }
    }

    /// Stops reading and closes the socket, on the loop (so the loop never reads a number
    /// the kernel has given to another socket).
    func close() {
        if loop.inEventLoop {
            closeOnLoop()
        } else {
            loop.execute { self.closeOnLoop() }
        }
    }

    func closeOnLoop() {
        guard isOpen else { return }
        isOpen = false
        onDatagram = nil
        loop.unregister(self)
        Glibc.close(fd)
    }
}

/// The media loops, one per core; calls are spread over them in turn.
final class MediaEventLoopGroup: Sendable {
    let loops: [MediaEventLoop]
    private let counter = NIOLockedValueBox(0)

    init(count: Int) throws {
        loops = try (0..<max(1, count)).map { _ in try MediaEventLoop() }
    }

    func next() -> MediaEventLoop {
        let index = counter.withLockedValue { value in
            defer { value &+= 1 }
            return value
        }
        return loops[index % loops.count]
    }

    /// The worst lateness of any loop's timers since the last call.
    func takeLateness() -> TimeAmount {
        loops.reduce(.zero) { max($0, $1.takeLateness()) }
    }

    func shutdown() async {
        for loop in loops { try? await loop.shutdownGracefully() }
    }
}
