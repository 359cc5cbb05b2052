import CoreTypes
import Foundation
import Hummingbird

extension HTTPServer {
    /// `GET /api/ice-servers`: the list handed to browsers and where it comes from;
    /// `PUT` replaces it (kept in the store), `DELETE` goes back to `webrtc.ice_servers`.
    /// Secrets and credentials are never served.
    func addICEServerRoutes(to router: Router<GatewayRequestContext>) {
        let book = self.iceServers
        @Sendable func requireBook() throws -> ICEServerBook {
            guard let book else { throw HTTPError(.serviceUnavailable, message: "ICE servers cannot be changed on this gateway.") }
            return book
        }
        router.get("/api/ice-servers") { _, _ -> Response in
            try Self.iceListing(try requireBook().current)
        }
        router.put("/api/ice-servers") { request, context -> Response in
            let book = try requireBook()
            let body = try await request.body.collect(upTo: 64 * 1024)
            let servers: [ICEServer]
            do {
                servers = try ICEServerList.read(Data(buffer: body), keepingSecretsOf: book.current.servers)
            } catch let mistake as ICEServerList.Mistake {
                var response = try JSONResponse.make(["error": mistake.message, "field": mistake.field])
                response.status = .badRequest
                return response
            }
            try await book.replace(with: servers, by: context.principalName ?? "unknown")
            return try Self.iceListing(book.current)
        }
        router.delete("/api/ice-servers") { _, context -> Response in
            let book = try requireBook()
            try await book.reset(by: context.principalName ?? "unknown")
            return try Self.iceListing(book.current)
        }
    }

    static func iceListing(_ current: ICEServerBook.Current) throws -> Response {
        var object: [String: Any] = ["source": current.source, "servers": current.servers.map(ICEServerList.listing)]
        if let by = current.updatedBy { object["updatedBy"] = by }
        if let at = current.updatedAt { object["updatedAt"] = ISO8601DateFormatter().string(from: at) }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
