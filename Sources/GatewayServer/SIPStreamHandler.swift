import CoreTypes
import Logging
import NIOCore
import NIOTLS
import SIP

/// Reads one TCP or TLS connection: cuts the byte stream into SIP messages
/// (RFC 3261 §18.3) and hands each to the engine, answers CRLF keep-alive pings
/// (RFC 5626 §4.4.1), and closes the connection — only it — on bytes that cannot
/// be framed or a message over the size limit. No protocol decisions beyond that.
final class SIPStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let connection: SIPStreamConnection
    private let events: SIPStreamEvents
    private var framer: SIPStreamFramer
    private var remote: Endpoint?

    init(connection: SIPStreamConnection, events: SIPStreamEvents, limits: SIPParseLimits) {
        self.connection = connection
        self.events = events
        self.framer = SIPStreamFramer(limits: limits)
    }

    private var logger: Logger { events.logger }
    private var peerText: String { remote?.description ?? connection.target?.endpoint.description ?? "?" }

    func channelActive(context: ChannelHandlerContext) {
        remote = context.channel.remoteAddress.flatMap(Endpoint.init(socketAddress:))?.unmappingIPv4
        if case .inbound = connection.origin {
            connection.attach(context.channel)
        }
        if let remote { events.opened(connection, remote: remote) }
        // A TCP connection is usable at once; a TLS one after its handshake.
        if connection.transport == .tcp { connection.markEstablished() }
        logger.debug("SIP connection open", metadata: ["peer": "\(connection.transport.rawValue):\(peerText)"])
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent {
            connection.markEstablished()
            logger.debug("TLS handshake done", metadata: ["peer": "\(peerText)"])
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        connection.touch()
        framer.append(Array(buffer.readableBytesView))
        do {
            while let item = try framer.nextItem() {
                switch item {
                case .message(let bytes):
                    guard let remote else { continue }
                    events.inbox.post(.sip(bytes, from: remote, transport: connection.transport))
                case .keepAlivePing:
                    // RFC 5626 §4.4.1: the pong is a single CRLF.
                    var pong = context.channel.allocator.buffer(capacity: 2)
                    pong.writeBytes([0x0D, 0x0A])
                    context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
                }
            }
        } catch {
            // RFC 4475 §3.3.9: a stream that cannot be framed cannot be re-synchronised.
            logger.warning("closing SIP connection: unreadable stream", metadata: [
                "peer": "\(connection.transport.rawValue):\(peerText)", "reason": "\(error.message)",
            ])
            connection.noteFailure(error.message)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if connection.transport == .tls, !connection.isEstablished {
            let reason = TLSFailureText.describe(error)
            logger.warning("TLS handshake failed", metadata: ["peer": "\(peerText)", "reason": "\(reason)"])
            connection.noteFailure("TLS handshake failed: \(reason)")
        } else {
            logger.debug("SIP connection error", metadata: [
                "peer": "\(connection.transport.rawValue):\(peerText)", "error": "\(error)",
            ])
            connection.noteFailure("\(error)")
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        events.closed(connection)
        logger.debug("SIP connection closed", metadata: ["peer": "\(connection.transport.rawValue):\(peerText)"])
        context.fireChannelInactive()
    }
}

/// What stream handlers report to the transport layer that owns them.
protocol SIPStreamEvents: Sendable {
    var inbox: EngineInbox { get }
    var logger: Logger { get }
    /// The connection reached `remote` (accepted, or connected).
    func opened(_ connection: SIPStreamConnection, remote: Endpoint)
    /// The connection is gone.
    func closed(_ connection: SIPStreamConnection)
}
