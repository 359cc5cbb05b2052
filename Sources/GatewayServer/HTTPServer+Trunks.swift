import Hummingbird
import HummingbirdWebSocket

extension HTTPServer {
    /// `GET /api/trunks`: each trunk with its registration state (docs/configuration.md).
    func addTrunkRoutes(to router: Router<BasicWebSocketRequestContext>) {
        let engine = self.engine
        router.get("/api/trunks") { _, _ -> Response in
            try JSONResponse.make(await engine.trunkStatuses())
        }
    }
}
