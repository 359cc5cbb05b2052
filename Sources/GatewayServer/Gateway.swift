import Config
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Store
import WebRTC

/// Starts and runs the whole gateway from a loaded configuration.
public struct GatewayService: Sendable {
    public let config: GatewayConfig
    public let logger: Logger

    public init(config: GatewayConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Runs until SIGINT or SIGTERM.
    public func run() async throws {
        let store = try GatewayStore(path: config.store.path)
        let closed = try store.closeOpenRecords(at: Date(), cause: "gateway_restart")
        if closed > 0 {
            logger.warning("closed call records left open by an earlier run", metadata: ["count": "\(closed)"])
        }
        let recorder = CallRecorder(store: store, logger: logger)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let certificate = try DTLSCertificate.generate()
        let inbox = EngineInbox()
        let clock = RuntimeClock()
        let media = try MediaFactory(config: config.media, group: group, certificate: certificate, clock: clock,
                                 inbox: inbox, logger: logger)
        let engine = CallEngine(config: config, recorder: recorder, mediaFactory: media, logger: logger)
        let sip: SIPSocket
        do {
            sip = try await SIPSocket.bind(host: config.sip.listen.host, port: config.sip.listen.port,
                                           group: group, inbox: inbox, logger: logger)
        } catch {
            try? await group.shutdownGracefully()
            throw StartupError("cannot listen for SIP on \(config.sip.listen) (\(error)); "
                + "another program may use that port: change sip.listen in the configuration")
        }
        await engine.attach(sip: sip)
        let engineTask = Task { await engine.run(inbox: inbox) }

        logger.info("gateway started", metadata: [
            "http": "\(config.http.listen)", "sip": "\(sip.localEndpoint)",
            "rtp": "\(config.media.rtpPortMin)-\(config.media.rtpPortMax)",
            "trunks": "\(config.trunks.map(\.name).joined(separator: ","))",
        ])
        let http = HTTPServer(host: config.http.listen.host, port: config.http.listen.port,
                              engine: engine, store: store, logger: logger)
        var failure: Error?
        do {
            try await http.makeApplication().runService()
        } catch {
            failure = StartupError("HTTP server on \(config.http.listen) stopped (\(error)); "
                + "if the port is in use, change http.listen in the configuration")
        }
        inbox.finish()
        engineTask.cancel()
        await sip.close()
        recorder.flush()
        try await group.shutdownGracefully()
        if let failure { throw failure }
    }
}

/// A reason the gateway could not start or keep running, worded for the operator.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
