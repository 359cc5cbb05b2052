import CallLinks
import Foundation
import Gateway
import Hummingbird
import Store
import WebAuth

/// Whether a signaling connection may go on, and as whom.
enum SignalingAdmission: Sendable {
    case admitted(Grants)
    /// The `error` to send before closing with 4401.
    case refused(ServerMessage)
}

extension HTTPServer {
    /// Who a signaling connection is: a call link's page (`?link=`; the link is the
    /// credential, in any `web_auth` mode), else what `web_auth` makes of its identity or token.
    static func signalingGrants(link: String?, identity: String?, token: String?, webAuth: WebAuthGate,
                                engine: CallEngine) async -> SignalingAdmission {
        if let link {
            switch await engine.admitCallLinkConnection(link, now: Date()) {
            case .success(let grants): return .admitted(grants)
            case .failure(let refusal): return .refused(.error(refusal))
            }
        }
        switch await webAuth.authenticate(identity: identity, token: token, now: Date()) {
        case .success(let grants):
            return .admitted(grants)
        case .failure(let refusal):
            await engine.webAuthRefused(refusal)
            return .refused(ServerMessage.authRefusal(refusal))
        }
    }

    /// The admin API of call links (docs/call-links.md), and the two public routes of the
    /// link page: the page itself and what it may know about its link.
    func addCallLinkRoutes(to router: Router<GatewayRequestContext>) {
        let book = self.callLinks
        let engine = self.engine
        @Sendable func requireBook() throws -> CallLinkBook {
            guard let book else { throw HTTPError(.serviceUnavailable, message: "Call links are not available on this gateway.") }
            return book
        }
        router.get("/api/call-links") { _, _ -> Response in
            let now = Date()
            return try JSONResponse.make(["links": try requireBook().all().map { CallLinkJSON($0.link, usage: $0.usage, now: now) }])
        }
        router.post("/api/call-links") { request, context -> Response in
            let book = try requireBook()
            let body = try await request.body.collect(upTo: 16 * 1024)
            do {
                let draft = try CallLinkDraft(json: Data(buffer: body))
                let link = try await book.create(draft, createdBy: context.principalName ?? "unknown",
                                                 targets: engine.callLinkTargets)
                var response = try JSONResponse.make(CallLinkJSON(link, usage: CallLinkUsage(uses: 0, lastUsedAt: nil), now: Date()))
                response.status = .created
                return response
            } catch let mistake as CallLinkDraftError {
                var fields: [String: String] = ["error": mistake.message]
                if let field = mistake.field { fields["field"] = field }
                var response = try JSONResponse.make(fields)
                response.status = .badRequest
                return response
            }
        }
        router.get("/api/call-links/:id") { _, context -> Response in
            let book = try requireBook()
            let id = try context.parameters.require("id")
            guard let entry = book.entry(id: id) else { return try JSONResponse.error(.notFound, "No call link \(id).") }
            let uses = try await book.uses(id: id, limit: 100)
            return try JSONResponse.make(CallLinkJSON(entry.link, usage: entry.usage, now: Date(), recentUses: uses))
        }
        router.delete("/api/call-links/:id") { _, context -> Response in
            let book = try requireBook()
            let id = try context.parameters.require("id")
            guard try await book.revoke(id: id, by: context.principalName ?? "unknown") != nil, let entry = book.entry(id: id) else {
                return try JSONResponse.error(.notFound, "No call link \(id).")
            }
            return try JSONResponse.make(CallLinkJSON(entry.link, usage: entry.usage, now: Date()))
        }
        addCallLinkPageRoutes(to: router)
    }

    /// `/call/<id>`: the link page, for any id (it asks for the rest). `/call-links/<id>.json`:
    /// its title, dial pad and state; 404 for an unknown or revoked link, which must not
    /// reveal it existed.
    private func addCallLinkPageRoutes(to router: Router<GatewayRequestContext>) {
        let book = self.callLinks
        let page = Bundle.module.url(forResource: "link", withExtension: "html", subdirectory: "Web").flatMap { try? Data(contentsOf: $0) }
        router.get("/call/:id") { _, _ -> Response in
            guard let page else { throw HTTPError(.notFound) }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: page)))
        }
        router.get("/call-links/:file") { _, context -> Response in
            let file = try context.parameters.require("file")
            let id = file.hasSuffix(".json") ? String(file.dropLast(5)) : ""
            let now = Date()
            guard CallLinkID.isWellFormed(id), let link = book?.link(id: id), link.state(at: now) != .revoked else {
                return try JSONResponse.error(.notFound, "This call link does not exist.")
            }
            var response = try JSONResponse.make(CallLinkPageJSON(link, now: now))
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
