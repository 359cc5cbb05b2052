import HTTPTypes
import Hummingbird

/// Which web pages may use the gateway (`http.allowed_origins`): its own, and the origins
/// listed. Browsers send `Origin` with a WebSocket handshake and with cross-origin module
/// fetches (RFC 6454 §7); programs that are not browsers send none and are not judged here
/// (tokens and call links decide who they are).
struct WebOrigins: Sendable {
    let allowed: Set<String>

    init(_ allowed: [String]) {
        self.allowed = Set(allowed)
    }

    /// Whether a request with this `Origin` (nil: none sent) to this `Host` may go on.
    func allows(origin: String?, host: String?) -> Bool {
        guard let origin else { return true }
        if isSameOrigin(origin, host: host) { return true }
        return allowed.contains("*") || allowed.contains(origin.lowercased())
    }

    /// Whether `origin` is the gateway's own: same host and port as the request's `Host`
    /// (the scheme is the connection's, which a proxy in front may change, so it is not compared).
    func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...].lowercased() == host.lowercased()
    }

    /// The `Access-Control-Allow-Origin` value for a cross-origin request, nil when none is due.
    func allowOriginHeader(origin: String?, host: String?) -> String? {
        guard let origin, !isSameOrigin(origin, host: host), allows(origin: origin, host: host) else { return nil }
        return origin
    }
}

/// Adds `Access-Control-Allow-Origin` (and `Vary: Origin`) to the answers outside `/api/`
/// for the pages of an allowed origin, so they can import the SDK and other web files as
/// modules, which browsers fetch in CORS mode. The admin API stays same-origin only.
struct WebOriginMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let origins: WebOrigins

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard !request.uri.path.hasPrefix("/api/") else { return response }
        if let allowed = origins.allowOriginHeader(origin: request.headers[.origin], host: request.head.authority) {
            response.headers[.accessControlAllowOrigin] = allowed
            response.headers[.vary] = "Origin"
        }
        return response
    }
}
