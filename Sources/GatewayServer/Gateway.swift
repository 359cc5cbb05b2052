import Config
import CoreTypes
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
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

    /// 127.0.0.0/8, ::1 or localhost: a listener only this machine reaches.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Runs until SIGINT or SIGTERM.
    public func run() async throws {
        let store = try GatewayStore(path: config.store.path)
        // After a crash or a power cut, a damaged store stops start-up rather than losing more.
        let problems = try store.integrityCheck()
        guard problems == ["ok"] else {
            throw StartupError("the store \(config.store.path) is damaged (PRAGMA integrity_check: "
                + "\(problems.prefix(5).joined(separator: "; "))); restore it from a backup or move it away "
                + "to start with an empty one (docs/operations.md, \"Backups\")")
        }
        let closed = try store.closeOpenRecords(at: Date(), cause: "gateway_restart")
        if closed > 0 {
            logger.warning("closed call records left open by an earlier run", metadata: ["count": "\(closed)"])
        }
        let recorder = CallRecorder(store: store, logger: logger)
        let dialplans = try await Self.loadDialplans(config: config, store: store, logger: logger)
        // Certificates and keys are read before anything listens, so a bad path stops start-up.
        let tls = try SIPTLSContexts.load(sip: config.sip, trunks: config.trunks)
        let httpsStore = (config.store.path as NSString).deletingLastPathComponent
        let https = try HTTPSCertificates.tlsConfiguration(config.http, publicAddress: config.media.publicAddress,
                                                           storeDirectory: httpsStore.isEmpty ? "." : httpsStore)
        let webAuth: WebAuthGate
        do {
            webAuth = try await WebAuthGate.make(config.webAuth)
        } catch {
            throw StartupError("\(error)")
        }
        if !webAuth.requiresToken, !Self.isLoopback(config.http.listen.host) {
            logger.warning("""
                web_auth.mode is open on a public address: anyone reaching \(config.http.listen) may call what \
                the dialplan's web entry allows; set web_auth.mode: token (docs/tokens.md)
                """)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let certificate = try DTLSCertificate.generate()
        let inbox = EngineInbox()
        let clock = RuntimeClock()
        // Call media runs on loops of its own (MediaEventLoop); SIP, HTTP and WebSockets on SwiftNIO's.
        let mediaLoops = try MediaEventLoopGroup(count: System.coreCount)
        let media = try MediaFactory(config: config.media, consentTimeout: config.webrtc.consentTimeout,
                                     toneCountry: config.calls.toneCountry, loops: mediaLoops, certificate: certificate,
                                     clock: clock, inbox: inbox, logger: logger)
        let callLinks: CallLinkBook
        do {
            callLinks = try CallLinkBook(store: store, logger: logger)
        } catch {
            throw StartupError("cannot read the call links from the store (\(error)); check store.path")
        }
        let iceServers: ICEServerBook
        do {
            iceServers = try ICEServerBook(store: store, configured: config.webrtc.iceServers, logger: logger)
        } catch {
            throw StartupError("cannot read the ICE servers from the store (\(error)); check store.path")
        }
        let engine = CallEngine(config: config, recorder: recorder, mediaFactory: media, dialplans: dialplans.slot,
                                callLinks: callLinks, iceServers: iceServers, logger: logger)
        let sip: SIPTransports
        do {
            sip = try await SIPTransports.start(config: config.sip, tls: tls, group: group, inbox: inbox,
                                                logger: logger)
        } catch let error as SIPTransports.ListenError {
            try? await group.shutdownGracefully()
            await mediaLoops.shutdown()
            throw StartupError("cannot listen for SIP on \(error.endpoint) (\(error.underlying)); "
                + "another program may use that port: change \(error.key) in the configuration")
        }
        await engine.attach(sip: sip)
        let engineTask = Task { await engine.run(inbox: inbox) }
        let upkeepTask = Task { await Self.closeIdleConnections(of: sip, engine: engine) }
        let watchTask = Task { await dialplans.watch() }
        let hangup = Self.reloadOnHangupSignal(dialplans)

        let listening = SIPTransport.allCases.compactMap { transport in
            sip.localEndpoint(for: transport).map { "\(transport.rawValue):\($0)" }
        }
        logger.info("gateway started", metadata: [
            "http": "\(https == nil ? "http" : "https")://\(config.http.listen)", "sip": "\(listening.joined(separator: " "))",
            "rtp": "\(config.media.rtpPortMin)-\(config.media.rtpPortMax)",
            "trunks": "\(config.trunks.map(\.name).joined(separator: ","))",
        ])
        let http = HTTPServer(host: config.http.listen.host, port: config.http.listen.port,
                              engine: engine, store: store, dialplans: dialplans,
                              access: AdminAccess(store: store, adminToken: config.http.adminToken, logger: logger),
                              webAuth: webAuth, tls: https, callLinks: callLinks, iceServers: iceServers,
                              allowedOrigins: config.http.allowedOrigins, logger: logger)
        let stop = StopSignals()
        // The HTTP side (signaling included) stays up while calls drain; it stops last.
        let services = ServiceGroup(configuration: .init(services: [try http.makeApplication()],
                                                         gracefulShutdownSignals: [], logger: logger))
        let httpTask = Task { try await services.run() }
        let httpEnded = Task { _ = try? await httpTask.value; stop.httpEnded() }
        var failure: Error?
        if await stop.next() == .signal {
            await engine.drain(within: config.calls.drainTimeout, cutShort: { stop.signalledAgain })
            await services.triggerGracefulShutdown()
        }
        do {
            try await httpTask.value
        } catch {
            failure = StartupError("HTTP server on \(config.http.listen) stopped (\(error)); "
                + "if the port is in use, change http.listen in the configuration")
        }
        httpEnded.cancel()
        stop.cancel()
        await engine.unregisterTrunks(within: .seconds(2))
        inbox.finish()
        engineTask.cancel()
        upkeepTask.cancel()
        watchTask.cancel()
        hangup.cancel()
        await sip.close()
        recorder.flush()
        callLinks.flush()
        try await group.shutdownGracefully()
        await mediaLoops.shutdown()
        if let failure { throw failure }
    }
}

extension GatewayService {
    /// Loads the dialplan directory; start-up stops when it is missing, has errors or
    /// failing tests, with every finding in the message.
    static func loadDialplans(config: GatewayConfig, store: GatewayStore, logger: Logger) async throws -> DialplanService {
        let service = DialplanService(config: config.dialplans, trunkNames: Set(config.trunks.map(\.name)),
                                      agentGroups: Set(config.agents.groups.map(\.name)),
                                      toneCountry: config.calls.toneCountry, store: store, logger: logger)
        let outcome = await service.reload(source: DialplanRevision.startup)
        guard outcome.accepted else {
            throw StartupError("the dialplan in \(config.dialplans.directory) cannot be used:\n\(outcome.summary)\n"
                + "fix the files (gatewayd dialplan check \(config.dialplans.directory)) or set dialplans.directory")
        }
        return service
    }

    /// SIGHUP reloads the dialplan (as `kill -HUP` from an operator or a config manager).
    static func reloadOnHangupSignal(_ dialplans: DialplanService) -> DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            Task { await dialplans.reload(source: DialplanRevision.sighup) }
        }
        source.resume()
        return source
    }

    /// Every few seconds, closes TCP/TLS connections idle past `sip.connection_idle_timeout_s`
    /// that no call uses.
    static func closeIdleConnections(of sip: SIPTransports, engine: CallEngine) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(5))
            let busy = await engine.streamPeersInUse()
            sip.closeIdleConnections(except: busy)
        }
    }
}

/// A reason the gateway could not start or keep running, worded for the operator.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
