import Foundation
import HTTPTypes
import Hummingbird
import WebAuth

/// Guards the admin API: every `/api/` path but the sign-in itself needs an operator
/// session, an API key or `http.admin_token` (401 otherwise); a change (any method but GET
/// and HEAD) made with a session cookie must also carry its CSRF token in `X-CSRF-Token`
/// (403 otherwise), so another site cannot make a signed-in browser change anything.
struct AdminAccessMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let access: AdminAccess

    static let sessionCookie = "gw_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/"), path != "/api/session" else { return try await next(request, context) }
        let principal = await access.principal(authorization: request.headers[.authorization],
                                               sessionCookie: Self.cookie(Self.sessionCookie, in: request))
        guard let principal else {
            return try JSONResponse.error(.unauthorized, "Sign in to the admin console, or send Authorization: Bearer <API key>.",
                                          headers: [.wwwAuthenticate: "Bearer"])
        }
        if case .operatorSession(_, let csrf) = principal, request.method != .get, request.method != .head {
            guard Self.carriesCSRFToken(request, csrf) else {
                return try JSONResponse.error(.forbidden, "Missing or wrong X-CSRF-Token (GET /api/session gives it).")
            }
        }
        var context = context
        context.principalName = principal.description
        return try await next(request, context)
    }

    /// Whether the request carries the session's CSRF token in `X-CSRF-Token`.
    static func carriesCSRFToken(_ request: Request, _ csrf: String) -> Bool {
        guard let presented = request.headers[csrfHeader] else { return false }
        return constantTimeEquals(presented, csrf)
    }

    /// The value of cookie `name` (RFC 6265 §5.4 `Cookie: a=1; b=2`).
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}

extension JSONResponse {
    /// `{"error": message}` with `status`.
    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields,
                        body: .init(byteBuffer: ByteBuffer(bytes: try encode(["error": message]))))
    }
}
