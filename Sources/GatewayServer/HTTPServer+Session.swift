import Foundation
import Hummingbird
import WebAuth

/// Operator sign-in to the admin console (docs/operations.md "Operators and API keys").
extension HTTPServer {
    struct SignIn: Decodable {
        var name: String
        var password: String
    }

    struct SessionInfo: Encodable {
        var `operator`: String
        var csrfToken: String
    }

    func addSessionRoutes(to router: Router<GatewayRequestContext>) {
        let access = self.access
        // RFC 6265 §4.1.2: HttpOnly keeps it from scripts, Secure from plain HTTP (browsers
        // treat localhost as secure), SameSite=Strict from requests other sites start.
        let cookieAttributes = "Path=/; HttpOnly; Secure; SameSite=Strict"
        router.post("/api/session") { request, context -> Response in
            let body = try await request.body.collect(upTo: 4096)
            guard let signIn = try? JSONDecoder().decode(SignIn.self, from: body),
                  (1...64).contains(signIn.name.utf8.count), (1...256).contains(signIn.password.utf8.count) else {
                return try JSONResponse.error(.badRequest, "Send {\"name\": ..., \"password\": ...}.")
            }
            switch await access.login(name: signIn.name, password: signIn.password, from: context.clientAddress) {
            case .signedIn(let session):
                var response = try JSONResponse.make(SessionInfo(operator: session.operatorName, csrfToken: session.csrfToken))
                response.headers[.setCookie] = "\(AdminAccessMiddleware.sessionCookie)=\(session.id); \(cookieAttributes); "
                    + "Max-Age=\(Int(OperatorSessions.defaultAbsoluteTimeout))"
                return response
            case .refused:
                return try JSONResponse.error(.unauthorized, "Wrong name or password.")
            case .banned(let retryAfter):
                return try JSONResponse.error(.tooManyRequests, "Too many failed sign-ins from this address; try again later.",
                                              headers: [.retryAfter: "\(max(1, retryAfter.components.seconds))"])
            }
        }
        router.get("/api/session") { request, _ -> Response in
            let cookie = AdminAccessMiddleware.cookie(AdminAccessMiddleware.sessionCookie, in: request)
            guard case .operatorSession(let name, let csrf) = await access.principal(authorization: nil, sessionCookie: cookie) else {
                return try JSONResponse.error(.unauthorized, "Not signed in.")
            }
            return try JSONResponse.make(SessionInfo(operator: name, csrfToken: csrf))
        }
        router.delete("/api/session") { request, _ -> Response in
            let cookie = AdminAccessMiddleware.cookie(AdminAccessMiddleware.sessionCookie, in: request)
            // /api/session is outside the middleware's checks (signing in needs none), so
            // signing out checks the session's CSRF token itself.
            guard let cookie, case .operatorSession(_, let csrf) = await access.principal(authorization: nil, sessionCookie: cookie),
                  AdminAccessMiddleware.carriesCSRFToken(request, csrf) else {
                return try JSONResponse.error(.forbidden, "Missing or wrong X-CSRF-Token.")
            }
            await access.logout(sessionID: cookie)
            return Response(status: .noContent,
                            headers: [.setCookie: "\(AdminAccessMiddleware.sessionCookie)=; \(cookieAttributes); Max-Age=0"])
        }
    }
}
