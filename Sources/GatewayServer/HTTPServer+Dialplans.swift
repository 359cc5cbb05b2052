import Dialplan
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Store

/// The dialplan admin API (docs/dialplans.md): read, validate, save, reload, roll back.
///
/// A refused version answers 422 with every finding (file, line, column, how to fix) and
/// failed test; the running dialplan is untouched.
extension HTTPServer {
    func addDialplanRoutes(to router: Router<GatewayRequestContext>) {
        let dialplans = self.dialplans
        let revisions = self.revisions
        router.get("/api/dialplans") { _, _ -> Response in
            guard let active = dialplans.slot.current else { throw HTTPError(.notFound, message: "No dialplan is loaded.") }
            return try JSONResponse.make(DialplanStatus(active))
        }
        router.get("/api/dialplans/revisions") { request, _ -> Response in
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 50, 1), 1000)
            return try JSONResponse.make(try revisions.revisions(limit: limit))
        }
        router.get("/api/dialplans/revisions/:id") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let revision = try revisions.revision(id: id) else {
                throw HTTPError(.notFound, message: "No dialplan revision \(id).")
            }
            return try JSONResponse.make(revision)
        }
        router.post("/api/dialplans/validate") { request, _ -> Response in
            let body = try await DialplanUpload.read(request)
            let (outcome, _) = await dialplans.check(body.dialplanFiles)
            return try OutcomeResponse.make(outcome)
        }
        router.put("/api/dialplans") { request, _ -> Response in
            let body = try await DialplanUpload.read(request)
            return try OutcomeResponse.make(await dialplans.save(body.dialplanFiles, source: DialplanRevision.api, note: body.note))
        }
        router.post("/api/dialplans/reload") { _, _ -> Response in
            try OutcomeResponse.make(await dialplans.reload(source: DialplanRevision.sighup, note: "reload through the API"))
        }
        router.post("/api/dialplans/rollback/:id") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            return try OutcomeResponse.make(await dialplans.rollback(to: id))
        }
    }
}

/// `GET /api/dialplans`: the running version.
struct DialplanStatus: Encodable {
    var revision: Int64?
    var loadedAt: Date
    var contexts: [String]
    var menus: [String]
    var schedules: [String]
    var files: [UploadedFile]

    init(_ active: ActiveDialplan) {
        revision = active.revision
        loadedAt = active.loadedAt
        contexts = active.dialplan.contexts.keys.sorted()
        menus = active.dialplan.menus.keys.sorted()
        schedules = active.dialplan.schedules.keys.sorted()
        files = active.files.map { UploadedFile(name: $0.name, contents: $0.contents) }
    }
}

struct UploadedFile: Codable {
    var name: String
    var contents: String
}

/// The body of validate and save: `{"files": [{"name": "...", "contents": "..."}], "note": "..."}`.
struct DialplanUpload: Decodable {
    var files: [UploadedFile]
    var note: String?

    static let maxBytes = 8 << 20

    var dialplanFiles: [DialplanFile] { files.map { DialplanFile(name: $0.name, contents: $0.contents) } }

    static func read(_ request: Request) async throws -> DialplanUpload {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBytes)
        do {
            let upload = try JSONDecoder().decode(DialplanUpload.self, from: Data(buffer.readableBytesView))
            guard !upload.files.isEmpty else {
                throw HTTPError(.badRequest, message: "No files: send {\"files\": [{\"name\": \"default.yaml\", \"contents\": \"...\"}]}.")
            }
            return upload
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(.badRequest, message: "The body is not {\"files\": [{\"name\", \"contents\"}], \"note\"} JSON (\(error)).")
        }
    }
}

/// 200 with the revision when accepted, 422 with findings and failed tests when refused.
enum OutcomeResponse {
    struct Body: Encodable {
        var accepted: Bool
        var unchanged: Bool
        var revision: Int64?
        var testsRun: Int
        var findings: [DialplanFinding]
        var testFailures: [String]
    }

    static func make(_ outcome: DialplanService.Outcome) throws -> Response {
        let body = Body(accepted: outcome.accepted, unchanged: outcome.unchanged, revision: outcome.revision,
                        testsRun: outcome.testsRun,
                        findings: outcome.findings,
                        testFailures: outcome.testFailures)
        var response = try JSONResponse.make(body)
        if !outcome.accepted { response.status = .unprocessableContent }
        return response
    }
}
