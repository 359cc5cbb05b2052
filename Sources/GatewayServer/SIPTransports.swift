import Config
import CoreTypes
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SIP

/// Every SIP transport of the gateway (RFC 3261 §18): the UDP socket, the TCP and
/// TLS listeners, and the stream connections, opened on demand and reused.
///
/// Sending follows the message's own top Via (see `SIPOutgoingTransport`): a
/// response to a request that came over a connection goes back on it (§18.2.2);
/// a request over TCP or TLS reuses an open connection to its destination, or opens
/// one. A connection that cannot be opened is reported to the engine, which ends
/// the transactions waiting on it (`TransactionLayer.transportFailed`).
final class SIPTransports: Sendable {
    let udp: SIPSocket
    private let tcpListener: Channel?
    private let tlsListener: Channel?
    private let settings: Settings
    private let tls: SIPTLSContexts
    private let group: EventLoopGroup
    private let pool: SIPConnectionPool

    struct Settings: Sendable {
        /// How long opening a connection (and its TLS handshake) may take.
        var connectTimeout: TimeAmount = .seconds(10)
        /// Connections idle this long are closed, unless in use.
        var idleTimeout: TimeAmount = .seconds(300)
        var maxConnections = 1024
        var limits = SIPParseLimits.default
    }

    private init(udp: SIPSocket, tcpListener: Channel?, tlsListener: Channel?, settings: Settings,
                 tls: SIPTLSContexts, group: EventLoopGroup, pool: SIPConnectionPool) {
        self.udp = udp
        self.tcpListener = tcpListener
        self.tlsListener = tlsListener
        self.settings = settings
        self.tls = tls
        self.group = group
        self.pool = pool
    }

    private var logger: Logger { pool.logger }

    /// Where each transport listens (the ports really bound, for Via and Contact).
    func localEndpoint(for transport: SIPTransport) -> Endpoint? {
        switch transport {
        case .udp: return udp.localEndpoint
        case .tcp: return tcpListener?.localAddress.flatMap(Endpoint.init(socketAddress:))
        case .tls: return tlsListener?.localAddress.flatMap(Endpoint.init(socketAddress:))
        }
    }

    // MARK: Sending

    /// Sends one serialized message: a request on the transport its top Via names, a
    /// response back the way its request came (RFC 3261 §18.2.2).
    func send(_ bytes: [UInt8], to endpoint: Endpoint) {
        if bytes.starts(with: Self.statusLinePrefix) {
            sendResponse(bytes, to: endpoint)
            return
        }
        let transport = SIPOutgoingTransport.of(bytes) ?? .udp
        guard transport.isReliable else {
            udp.send(bytes, to: endpoint)
            return
        }
        let peer = SIPPeer(transport: transport, endpoint: endpoint)
        if let connection = pool.connection(for: peer), connection.send(bytes) { return }
        open(peer).send(bytes)
    }

    private static let statusLinePrefix = Array("SIP/2.0 ".utf8)

    /// The transaction layer addresses a response to a request that came over a
    /// connection to that connection's peer, so an open connection there carries it;
    /// any other response answers a datagram and goes over UDP, even when its Via
    /// names TCP or TLS (a request may say so and still arrive over UDP, like several
    /// of RFC 4475's torture messages), and a request that came over TCP with a UDP
    /// Via is answered on its connection.
    private func sendResponse(_ bytes: [UInt8], to endpoint: Endpoint) {
        for transport in [SIPTransport.tcp, .tls] {
            if let connection = pool.connection(for: SIPPeer(transport: transport, endpoint: endpoint)),
               connection.send(bytes) { return }
        }
        udp.send(bytes, to: endpoint)
    }

    /// Opens a connection to `peer`; messages given to it meanwhile wait for it.
    private func open(_ peer: SIPPeer) -> SIPStreamConnection {
        let connection = SIPStreamConnection(transport: peer.transport, origin: .outbound(target: peer))
        pool.add(connection, as: peer)
        let sslContext = peer.transport == .tls ? tls.client(for: peer.endpoint) : nil
        if peer.transport == .tls, sslContext == nil {
            pool.fail(connection, reason: "no TLS settings for this destination (no trunk uses transport: tls)")
            return connection
        }
        let hostname = SIPTLSContexts.serverHostname(for: peer.endpoint)
        let (limits, pool, timeout) = (settings.limits, pool, settings.connectTimeout)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: hostname)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        SIPStreamHandler(connection: connection, events: pool, limits: limits))
                }
            }
        logger.debug("opening SIP connection", metadata: ["peer": "\(peer)"])
        bootstrap.connect(host: peer.endpoint.host, port: peer.endpoint.port).whenComplete { result in
            switch result {
            case .success(let channel):
                connection.attach(channel)
                guard peer.transport == .tls else { return }
                // A peer that accepts the TCP connection but never completes the handshake.
                channel.eventLoop.scheduleTask(in: timeout) {
                    guard !connection.isEstablished else { return }
                    connection.noteFailure("TLS handshake timed out")
                    channel.close(promise: nil)
                }
            case .failure(let error):
                pool.fail(connection, reason: "cannot connect: \(error)")
            }
        }
        return connection
    }

    // MARK: Upkeep

    /// Closes connections idle longer than the idle timeout, except those a call
    /// still uses (`busy`), so a trunk's connection stays up for the whole call.
    func closeIdleConnections(except busy: Set<SIPPeer>) {
        let limit = NIODeadline.now() - settings.idleTimeout
        for (connection, peers) in pool.all() where connection.lastActivity < limit {
            guard !peers.contains(where: busy.contains) else { continue }
            logger.debug("closing idle SIP connection", metadata: ["peer": "\(peers.first.map(\.description) ?? "?")"])
            connection.close()
        }
    }

    func close() async {
        for (connection, _) in pool.all() { connection.close() }
        try? await tcpListener?.close()
        try? await tlsListener?.close()
        await udp.close()
    }
}

extension SIPTransports {
    /// Why a listener could not be opened, with the configuration key to change.
    struct ListenError: Error {
        let key: String
        let endpoint: Endpoint
        let underlying: Error
    }

    /// Binds the UDP socket and the configured TCP and TLS listeners.
    static func start(config: SIPConfig, tls: SIPTLSContexts, group: EventLoopGroup, inbox: EngineInbox,
                      logger: Logger) async throws -> SIPTransports {
        var settings = Settings()
        settings.idleTimeout = .nanoseconds(config.connectionIdleTimeout.nanosecondsClamped)
        let pool = SIPConnectionPool(inbox: inbox, logger: logger, maxConnections: settings.maxConnections)
        let udp: SIPSocket
        do {
            udp = try await SIPSocket.bind(host: config.listen.host, port: config.listen.port, group: group,
                                           inbox: inbox, logger: logger)
        } catch {
            throw ListenError(key: "sip.listen", endpoint: config.listen, underlying: error)
        }
        var listeners: [SIPTransport: Channel] = [:]
        for (transport, endpoint) in [(SIPTransport.tcp, config.listenTCP), (.tls, config.listenTLS)] {
            guard let endpoint else { continue }
            do {
                listeners[transport] = try await listen(transport, on: endpoint, serverTLS: tls.server,
                                                        group: group, pool: pool, limits: settings.limits)
            } catch {
                for listener in listeners.values { try? await listener.close() }
                await udp.close()
                throw ListenError(key: "sip.listen_\(transport.rawValue)", endpoint: endpoint, underlying: error)
            }
        }
        return SIPTransports(udp: udp, tcpListener: listeners[.tcp], tlsListener: listeners[.tls],
                             settings: settings, tls: tls, group: group, pool: pool)
    }

    /// A TCP listener; each accepted connection gets its own TLS server handler
    /// (for `.tls`) and stream handler.
    private static func listen(_ transport: SIPTransport, on endpoint: Endpoint, serverTLS: NIOSSLContext?,
                               group: EventLoopGroup, pool: SIPConnectionPool, limits: SIPParseLimits)
        async throws -> Channel {
        if transport == .tls, serverTLS == nil {
            throw SIPTransportSetupError("sip.tls_certificate and sip.tls_private_key are needed to listen for TLS")
        }
        return try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = SIPStreamConnection(transport: transport, origin: .inbound)
                    if transport == .tls, let serverTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: serverTLS))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        SIPStreamHandler(connection: connection, events: pool, limits: limits))
                }
            }
            .bind(host: endpoint.host, port: endpoint.port)
            .get()
    }
}

struct SIPTransportSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
