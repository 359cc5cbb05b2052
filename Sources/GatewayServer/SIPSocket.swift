import CoreTypes
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// SIP over UDP (RFC 3261 §18): one datagram socket, every datagram handed to
/// the engine in arrival order. No protocol decisions are taken here. A socket
/// bound to `::` also serves IPv4 peers (through IPv4-mapped addresses).
final class SIPSocket: Sendable {
    let channel: Channel
    let localEndpoint: Endpoint
    private let resolver: AddressResolver

    private init(channel: Channel, localEndpoint: Endpoint, resolver: AddressResolver) {
        self.channel = channel
        self.localEndpoint = localEndpoint
        self.resolver = resolver
    }

    /// Binds the SIP socket; datagrams go to `inbox` in the order they arrive.
    static func bind(host: String, port: Int, group: EventLoopGroup, inbox: EngineInbox,
                     logger: Logger) async throws -> SIPSocket {
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SIPDatagramHandler(inbox: inbox, logger: logger))
                }
            }
            .bind(host: host, port: port)
            .get()
        let bound = channel.localAddress.flatMap(Endpoint.init(socketAddress:)) ?? Endpoint(host: host, port: port)
        let isIPv6 = channel.localAddress?.protocol == .inet6
        return SIPSocket(channel: channel, localEndpoint: bound, resolver: AddressResolver(mapsIPv4: isIPv6))
    }

    /// Sends one datagram; names are resolved once and cached.
    func send(_ bytes: [UInt8], to endpoint: Endpoint) {
        guard let address = resolver.resolve(endpoint) else { return }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    func close() async {
        try? await channel.close()
    }
}

private final class SIPDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let inbox: EngineInbox
    let logger: Logger

    init(inbox: EngineInbox, logger: Logger) {
        self.inbox = inbox
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let from = Endpoint(socketAddress: envelope.remoteAddress)?.unmappingIPv4 else { return }
        inbox.post(.sip(Array(envelope.data.readableBytesView), from: from, transport: .udp))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // UDP errors (ICMP unreachable reported by the kernel, for example) do not
        // close the socket; transactions time out by themselves.
        logger.debug("SIP socket error", metadata: ["error": "\(error)"])
    }
}

extension Endpoint {
    init?(socketAddress: SocketAddress) {
        guard let ip = socketAddress.ipAddress, let port = socketAddress.port else { return nil }
        self.init(host: ip, port: port)
    }
}

extension Endpoint {
    /// An IPv4 peer seen through a dual-stack IPv6 socket (`::ffff:192.0.2.1`) as the
    /// plain IPv4 address (RFC 4291 §2.5.5.2), so Via `received` and matching see
    /// the address the peer itself knows.
    var unmappingIPv4: Endpoint {
        let prefix = "::ffff:"
        guard host.lowercased().hasPrefix(prefix) else { return self }
        let tail = host.dropFirst(prefix.count)
        guard tail.split(separator: ".").count == 4 else { return self }
        return Endpoint(host: String(tail), port: port)
    }
}

/// Turns endpoints into socket addresses, resolving host names once.
final class AddressResolver: Sendable {
    private let cache = NIOLockedValueBox<[Endpoint: SocketAddress]>([:])
    /// An IPv6 socket reaches IPv4 peers through IPv4-mapped addresses.
    private let mapsIPv4: Bool

    init(mapsIPv4: Bool = false) {
        self.mapsIPv4 = mapsIPv4
    }

    func resolve(_ endpoint: Endpoint) -> SocketAddress? {
        if let hit = cache.withLockedValue({ $0[endpoint] }) { return hit }
        var host = endpoint.host.hasPrefix("[") ? String(endpoint.host.dropFirst().dropLast()) : endpoint.host
        var address = (try? SocketAddress(ipAddress: host, port: endpoint.port))
            ?? (try? SocketAddress.makeAddressResolvingHost(host, port: endpoint.port))
        if mapsIPv4, let found = address, found.protocol == .inet, let ip = found.ipAddress {
            host = "::ffff:" + ip
            address = try? SocketAddress(ipAddress: host, port: endpoint.port)
        }
        if let address { cache.withLockedValue { $0[endpoint] = address } }
        return address
    }
}
