import Foundation
import Gateway
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOSSL
import NIOWebSocket
import Store
import WebAuth

/// The HTTP side: the web UI, health, call records and the signaling WebSocket.
///
/// Handlers only translate between HTTP/WebSocket and the `CallEngine`; every
/// decision about calls is taken there.
struct HTTPServer {
    let host: String
    let port: Int
    let engine: CallEngine
    let store: GatewayStore
    let dialplans: DialplanService
    /// Operators, API keys and `http.admin_token`: who may use the admin API.
    let access: AdminAccess
    /// `web_auth`: who a signaling connection is.
    let webAuth: WebAuthGate
    /// HTTPS/WSS (`http.tls_*`); nil: plain HTTP.
    var tls: TLSConfiguration? = nil
    /// Call links made in the admin console; nil: the routes answer 503.
    var callLinks: CallLinkBook? = nil
    /// The ICE servers handed to browsers, editable in the admin console; nil: the configuration's.
    var iceServers: ICEServerBook? = nil
    /// `http.allowed_origins`: other sites whose pages may use the SDK and `/ws`.
    var allowedOrigins: [String] = []
    let logger: Logger

    var revisions: any DialplanRevisionStore { store }

    func makeApplication() throws -> some ApplicationProtocol {
        let router = Router(context: GatewayRequestContext.self)
        let origins = WebOrigins(allowedOrigins)
        router.add(middleware: WebOriginMiddleware(origins: origins))
        if let webRoot = Bundle.module.url(forResource: "Web", withExtension: nil) {
            router.add(middleware: FileMiddleware(webRoot.path, searchForIndexHtml: true))
        }
        // /health: the process answers. /ready: it takes new calls (503 while shutting down,
        // so a load balancer stops sending new users here while calls drain).
        router.get("/health") { _, _ in "ok\n" }
        router.get("/ready") { [engine] _, _ -> Response in
            let draining = await engine.isDraining
            return Response(status: draining ? .serviceUnavailable : .ok,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: draining ? "draining\n" : "ready\n")))
        }
        router.add(middleware: AdminAccessMiddleware(access: access))
        addSessionRoutes(to: router)
        addCallRecordRoutes(to: router)
        addTrunkRoutes(to: router)
        addDialplanRoutes(to: router)
        addDialplanTraceRoute(to: router)
        addCallLinkRoutes(to: router)
        addICEServerRoutes(to: router)
        router.ws("/ws") { [webAuth, engine] request, _ in
            // A page of another origin may not open the signaling unless it is listed
            // (http.allowed_origins): it would act with whatever the browser can reach.
            // (The handshake is refused with 400: the upgrade handler has no other answer.)
            guard origins.allows(origin: request.headers[.origin], host: request.head.authority) else {
                await engine.signalingOriginRefused()
                return .dontUpgrade
            }
            // Open mode refuses a malformed identity before upgrading; a token is checked after,
            // so the browser can be told why (a failed upgrade shows it nothing).
            if !webAuth.requiresToken,
               !WebIdentity.isValid(request.uri.queryParameters.get("identity") ?? WebIdentity.anonymous) {
                await engine.webAuthRefused(.badIdentity)
                return .dontUpgrade
            }
            return .upgrade([:])
        } onUpgrade: { [engine, logger, webAuth] inbound, outbound, context in
            let query = context.request.uri.queryParameters
            let grants: Grants
            switch await Self.signalingGrants(link: query.get("link"), identity: query.get("identity"),
                                              token: query.get("token"), webAuth: webAuth, engine: engine) {
            case .admitted(let granted):
                grants = granted
            case .refused(let refusal):
                try? await outbound.write(.text(refusal.json()))
                try? await outbound.close(.unknown(4401), reason: "unauthorized")
                return
            }
            let connection = await engine.connect(grants: grants)
            logger.debug("signaling connected", metadata: ["identity": "\(grants.identity)", "session": "\(connection.id)"])
            // One writer task keeps outbound messages in the order the engine produced them.
            // Each is already UTF-8 in a buffer of its own, sent as the text frame's payload.
            let writer = Task {
                for await text in connection.outbound {
                    try? await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: text)))
                }
            }
            do {
                for try await message in inbound.messages(maxSize: 128 * 1024) {
                    let text: String
                    switch message {
                    case .text(let received): text = received
                    case .binary: text = ""
                    }
                    // On a task of its own that ends with the message: a task keeps the
                    // largest stack its async calls ever needed, and placing a call goes
                    // deep, so on this connection's task each call would hold tens of KB.
                    await Task { await engine.receive(text: text, from: connection.id) }.value
                }
            } catch {
                logger.debug("signaling read ended", metadata: ["error": "\(error)"])
            }
            await engine.disconnect(connection.id)
            writer.cancel()
        }
        let plain: HTTPServerBuilder = .http1WebSocketUpgrade(webSocketRouter: router)
        return Application(
            router: router,
            server: try tls.map { try .tls(plain, tlsConfiguration: $0) } ?? plain,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            logger: logger
        )
    }

    private func addCallRecordRoutes(to router: Router<GatewayRequestContext>) {
        let store = self.store
        // ?q= text, direction=, cause=, since=/until= (ISO 8601), limit= (1-1000, default 50).
        router.get("/api/calls") { request, _ -> Response in
            let (filter, limit) = try Self.recordQuery(request, defaultLimit: 50)
            return try JSONResponse.make(try await store.searchRecords(filter, limit: limit))
        }
        router.get("/api/calls.csv") { request, _ -> Response in
            let (filter, limit) = try Self.recordQuery(request, defaultLimit: 10_000, maxLimit: 100_000)
            let text = CallRecordCSV.text(try await store.searchRecords(filter, limit: limit))
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"calls.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        // One record with `events`, what happened along the way (docs/signaling.md).
        router.get("/api/calls/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let record = try await store.record(id: id) else {
                throw HTTPError(.notFound, message: "No call record with id \(id).")
            }
            return try JSONResponse.make(record)
        }
    }
}

extension HTTPServer {
    /// The call record filter of a request's query, or 400 for a value that cannot be read.
    static func recordQuery(_ request: Request, defaultLimit: Int, maxLimit: Int = 1000) throws -> (CallRecordFilter, Int) {
        let query = request.uri.queryParameters
        let limit = min(max(query.get("limit", as: Int.self) ?? defaultLimit, 1), maxLimit)
        func date(_ key: String) throws -> Date? {
            guard let text = query.get(key), !text.isEmpty else { return nil }
            guard let parsed = ISO8601DateFormatter().date(from: text) else {
                throw HTTPError(.badRequest, message: "\(key) must be an ISO 8601 time such as 2026-11-22T10:00:00Z.")
            }
            return parsed
        }
        func text(_ key: String) -> String? {
            query.get(key).flatMap { $0.isEmpty ? nil : String($0.prefix(128)) }
        }
        let filter = CallRecordFilter(text: text("q"), direction: text("direction"), cause: text("cause"),
                                      since: try date("since"), until: try date("until"))
        return (filter, limit)
    }
}

/// JSON bodies with ISO 8601 dates.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T) throws -> Response {
        let data = try encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// The body `make` sends.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
