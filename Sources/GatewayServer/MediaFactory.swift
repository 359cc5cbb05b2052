import Config
import CoreTypes
import Gateway
import Hashing
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import WebRTC

/// Opens the sockets and codec state of new calls' media.
final class MediaFactory: Sendable {
    enum Failure: Error { case noPortFree }

    private let config: MediaConfig
    private let group: EventLoopGroup
    private let certificate: DTLSCertificate
    private let dtlsContext: DTLSContext
    private let clock: RuntimeClock
    private let inbox: EngineInbox
    private let ports: NIOLockedValueBox<PortPool>
    private let logger: Logger

    init(config: MediaConfig, group: EventLoopGroup, certificate: DTLSCertificate, clock: RuntimeClock,
         inbox: EngineInbox, logger: Logger) throws {
        self.config = config
        self.dtlsContext = try DTLSContext(certificate: certificate)
        self.group = group
        self.certificate = certificate
        self.clock = clock
        self.inbox = inbox
        self.ports = NIOLockedValueBox(PortPool(range: config.rtpPorts))
        self.logger = logger
    }

    func open(callKey: String, offer: WebOffer, bridgeToTrunk: Bool) async throws -> MediaSession {
        let loop = group.next()
        let webHandler = MediaPacketHandler()
        let webChannel = try await bind(loop: loop, handler: webHandler)
        var trunkChannel: Channel?
        let trunkHandler = MediaPacketHandler()
        if bridgeToTrunk {
            do {
                trunkChannel = try await bind(loop: loop, handler: trunkHandler)
            } catch {
                try? await webChannel.close()
                throw error
            }
        }
        let credentials = ICELiteAgent.generateCredentials()
        let webLocal = WebLocalMedia(
            address: config.publicAddress, port: webChannel.localAddress?.port ?? 0,
            iceUfrag: credentials.ufrag, icePwd: credentials.password, fingerprint: certificate.fingerprint,
            ssrc: UInt32.random(in: 1...UInt32.max), cname: randomToken(length: 16))
        let usedPorts = [webChannel.localAddress?.port, trunkChannel?.localAddress?.port].compactMap { $0 }
        let release: @Sendable () -> Void = { [ports] in
            ports.withLockedValue { pool in usedPorts.forEach { pool.giveBack($0) } }
        }
        let session: MediaSession = try await loop.submit { [self] in
            let dtls = try DTLSEndpoint(context: dtlsContext, role: .server,
                                        remoteFingerprint: (algorithm: offer.fingerprint.algorithm,
                                                            value: offer.fingerprint.value))
            let session = try MediaSession(
                key: callKey, loop: loop, mode: bridgeToTrunk ? .bridge : .echo, offer: offer,
                webLocal: webLocal, webChannel: webChannel, trunkChannel: trunkChannel, dtls: dtls,
                clock: clock, inbox: inbox, release: release)
            webHandler.deliver = { [weak session] in session?.browserPacket($0) }
            trunkHandler.deliver = { [weak session] in session?.trunkPacket($0) }
            return session
        }.get()
        return session
    }

    /// Media for a trunk call answered by the echo test: one RTP port.
    func openTrunkEcho() async throws -> TrunkEchoMedia {
        let loop = group.next()
        let handler = MediaPacketHandler()
        let channel = try await bind(loop: loop, handler: handler)
        let port = channel.localAddress?.port
        let release: @Sendable () -> Void = { [ports] in
            if let port { ports.withLockedValue { $0.giveBack(port) } }
        }
        return try await loop.submit {
            let media = TrunkEchoMedia(loop: loop, channel: channel, release: release)
            handler.deliver = { [weak media] in media?.packet($0) }
            return media
        }.get()
    }

    /// Binds a UDP socket on the next free port of the range.
    private func bind(loop: EventLoop, handler: MediaPacketHandler) async throws -> Channel {
        for _ in 0..<16 {
            guard let port = ports.withLockedValue({ $0.take() }) else { break }
            do {
                return try await DatagramBootstrap(group: loop)
                    .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 2048))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                    }
                    .bind(host: config.bindAddress, port: port)
                    .get()
            } catch {
                // In use by another program: leave it marked taken and try the next.
                logger.debug("RTP port busy", metadata: ["port": "\(port)"])
            }
        }
        throw Failure.noPortFree
    }
}

/// Hands every datagram of a media socket to its session, on the session's loop.
final class MediaPacketHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    /// Set on the loop once the session exists; packets before that are dropped.
    var deliver: ((AddressedEnvelope<ByteBuffer>) -> Void)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deliver?(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP errors on UDP do not end a call.
    }
}
