import Dialplan
import Foundation
import Hummingbird

/// `POST /api/dialplans/trace`: what a call would do, step by step, under the running
/// dialplan or under edited files not saved yet (the admin console traces before saving).
extension HTTPServer {
    struct TraceRequest: Decodable {
        var files: [UploadedFile]?
        var from: String
        var to: String
        /// ISO 8601 time for schedules; now when absent.
        var at: String?
    }

    struct TraceBody: Encodable {
        var lines: [String]
        var findings: [DialplanFinding]
    }

    func addDialplanTraceRoute(to router: Router<GatewayRequestContext>) {
        let dialplans = self.dialplans
        router.post("/api/dialplans/trace") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: DialplanUpload.maxBytes)
            guard let trace = try? JSONDecoder().decode(TraceRequest.self, from: Data(buffer.readableBytesView)),
                  (1...128).contains(trace.from.utf8.count), trace.to.utf8.count <= 128 else {
                return try JSONResponse.error(.badRequest, "Send {\"from\": context or entry point, \"to\": number, \"files\": [...] (optional)}.")
            }
            var date = Date()
            if let at = trace.at {
                guard let parsed = ISO8601DateFormatter().date(from: at) else {
                    return try JSONResponse.error(.badRequest, "at must be an ISO 8601 time such as 2026-11-22T10:00:00Z.")
                }
                date = parsed
            }
            let dialplan: Dialplan
            if let files = trace.files, !files.isEmpty {
                do {
                    dialplan = try DialplanLoader.load(files: files.map { DialplanFile(name: $0.name, contents: $0.contents) },
                                                       references: DialplanReferences())
                } catch let error as DialplanError {
                    var response = try JSONResponse.make(TraceBody(lines: [], findings: error.findings))
                    response.status = .unprocessableContent
                    return response
                }
            } else {
                guard let running = dialplans.slot.current?.dialplan else {
                    return try JSONResponse.error(.notFound, "No dialplan is loaded.")
                }
                dialplan = running
            }
            return try JSONResponse.make(TraceBody(lines: dialplan.explain(from: trace.from, to: trace.to, at: date).lines,
                                                   findings: []))
        }
    }
}
