import Hummingbird
import HummingbirdWebSocket

extension HTTPServer {
    /// `GET /api/trunks`: each trunk with its registration state (docs/configuration.md);
    /// `/api/agents`, `/api/active-calls` (and hanging one up) and `/metrics`.
    func addTrunkRoutes(to router: Router<GatewayRequestContext>) {
        let engine = self.engine
        let dialplans = self.dialplans
        let access = self.access
        router.get("/api/trunks") { _, _ -> Response in
            try JSONResponse.make(await engine.trunkStatuses())
        }
        router.get("/api/agents") { _, _ -> Response in
            try JSONResponse.make(await engine.agentsStatus())
        }
        router.get("/api/active-calls") { _, _ -> Response in
            try JSONResponse.make(await engine.activeCallStatuses())
        }
        router.post("/api/active-calls/:id/hangup") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard await engine.hangUpByOperator(id, operatorName: context.principalName ?? "unknown") else {
                return try JSONResponse.error(.notFound, "No call \(id) in progress.")
            }
            return Response(status: .noContent)
        }
        // Prometheus text format (version 0.0.4).
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: await engine.metricsText() + dialplans.metricsText()
                                                         + access.metricsText())))
        }
    }
}
