import CoreTypes
import Foundation

/// ICE servers as the admin API reads and writes them (docs/operations.md, "ICE servers").
///
/// Reading names every mistake by its place (`servers[1].urls[0]`). Secrets and fixed
/// credentials are never served back: listings say only whether an entry has one, and an
/// entry sent without them keeps those of the entry with the same URLs, so an operator can
/// change a list without typing every password again.
enum ICEServerList {
    struct Mistake: Error, Equatable {
        var field: String
        var message: String
    }

    /// The list a `PUT /api/ice-servers` body describes; `current` lends the secrets kept.
    static func read(_ json: Data, keepingSecretsOf current: [ICEServer]) throws(Mistake) -> [ICEServer] {
        guard let parsed = try? JSONSerialization.jsonObject(with: json), let object = parsed as? [String: Any],
              let entries = object["servers"] as? [Any] else {
            throw Mistake(field: "servers", message: "The body must be {\"servers\": [...]}, a list of ICE servers.")
        }
        guard entries.count <= 16 else { throw Mistake(field: "servers", message: "At most 16 ICE servers.") }
        var servers: [ICEServer] = []
        for (index, entry) in entries.enumerated() {
            servers.append(try server(entry, at: "servers[\(index)]", current: current))
        }
        return servers
    }

    private static func server(_ entry: Any, at place: String, current: [ICEServer]) throws(Mistake) -> ICEServer {
        guard let fields = entry as? [String: Any] else { throw Mistake(field: place, message: "Each ICE server is an object.") }
        let urlList: [String]
        if let one = fields["urls"] as? String { urlList = [one] } else if let many = fields["urls"] as? [String] { urlList = many } else {
            throw Mistake(field: "\(place).urls", message: "Give one URL or a list of them, e.g. stun:stun.example.org:3478.")
        }
        let urls = urlList.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !urls.isEmpty else { throw Mistake(field: "\(place).urls", message: "Give at least one URL.") }
        for (index, url) in urls.enumerated() {
            if let problem = ICEServer.urlProblem(url) {
                throw Mistake(field: "\(place).urls[\(index)]", message: problem + "; start it with stun:, stuns:, turn: or turns:.")
            }
        }
        func text(_ key: String) throws(Mistake) -> String? {
            guard let value = fields[key], !(value is NSNull) else { return nil }
            guard let string = value as? String, string.count <= 256, !string.contains(where: { $0.isNewline }) else {
                throw Mistake(field: "\(place).\(key)", message: "\(key) must be text of at most 256 characters on one line.")
            }
            return string.isEmpty ? nil : string
        }
        var server = ICEServer(urls: urls, username: try text("username"), credential: try text("credential"),
                               secret: try text("secret"))
        if let ttl = fields["credentialTtlS"] {
            guard let seconds = ttl as? Int, !(ttl is Bool), ICEServer.credentialLifetimeRange.contains(seconds) else {
                throw Mistake(field: "\(place).credentialTtlS", message: "credentialTtlS is a number of seconds from "
                    + "\(ICEServer.credentialLifetimeRange.lowerBound) to \(ICEServer.credentialLifetimeRange.upperBound).")
            }
            server.credentialLifetimeSeconds = seconds
        }
        // Secrets not sent again are those of the same server (same URLs) in the list in
        // force: its shared secret when no username is sent, its credential for the same username.
        if server.credential == nil, server.secret == nil, let kept = current.first(where: { $0.urls == urls }) {
            if server.username == nil {
                server.secret = kept.secret
            } else if server.username == kept.username {
                server.credential = kept.credential
            }
        }
        if server.secret != nil, server.username != nil || server.credential != nil {
            throw Mistake(field: "\(place).secret", message: "Use a shared secret or a fixed username and credential, not both.")
        }
        if server.isTURN, server.secret == nil, server.username == nil || server.credential == nil {
            throw Mistake(field: "\(place).\(server.username == nil ? "username" : "credential")",
                          message: "TURN servers need a username and a credential, or a shared secret (coturn use-auth-secret).")
        }
        return server
    }

    /// An entry as listings show it: no credential, no secret.
    static func listing(_ server: ICEServer) -> [String: Any] {
        var entry: [String: Any] = ["urls": server.urls, "hasCredential": server.credential != nil,
                                    "hasSecret": server.secret != nil]
        if let username = server.username { entry["username"] = username }
        if server.secret != nil { entry["credentialTtlS"] = server.credentialLifetimeSeconds }
        return entry
    }

    /// The whole list as the store keeps it, secrets included.
    static func storedJSON(_ servers: [ICEServer]) -> String {
        let entries: [[String: Any]] = servers.map { server in
            var entry: [String: Any] = ["urls": server.urls, "credentialTtlS": server.credentialLifetimeSeconds]
            if let username = server.username { entry["username"] = username }
            if let credential = server.credential { entry["credential"] = credential }
            if let secret = server.secret { entry["secret"] = secret }
            return entry
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["servers": entries], options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
