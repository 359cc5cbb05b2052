import CoreTypes
import Foundation
import Hashing
import Logging
import NIOConcurrencyHelpers
import Store

/// The STUN and TURN servers handed to browsers in `hello`: `webrtc.ice_servers` of the
/// configuration, until an operator sets a list in the admin console, which is kept in the
/// store and wins until it is reset.
final class ICEServerBook: Sendable {
    static let settingKey = "ice_servers"

    struct Current: Sendable {
        var servers: [ICEServer]
        /// "configuration" or "console".
        var source: String
        var updatedBy: String?
        var updatedAt: Date?
    }

    private let store: any SettingsStore
    private let configured: [ICEServer]
    private let logger: Logger
    private let queue = StoreQueue(label: "gateway.ice-servers")
    private let state: NIOLockedValueBox<Current>

    init(store: any SettingsStore, configured: [ICEServer], logger: Logger) throws(StoreError) {
        self.store = store
        self.configured = configured
        self.logger = logger
        var current = Current(servers: configured, source: "configuration")
        if let saved = try store.setting(Self.settingKey) {
            do {
                current = Current(servers: try ICEServerList.read(Data(saved.value.utf8), keepingSecretsOf: []),
                                  source: "console", updatedBy: saved.updatedBy, updatedAt: saved.updatedAt)
            } catch {
                logger.error("the ICE servers saved in the store cannot be read; using webrtc.ice_servers",
                             metadata: ["field": "\(error.field)", "problem": "\(error.message)"])
            }
        }
        state = NIOLockedValueBox(current)
    }

    var current: Current { state.withLockedValue { $0 } }

    /// What a connection of `identity` receives at `now`: TURN credentials made for it
    /// from each shared secret.
    func handedOut(to identity: String, now: Date = Date()) -> [ICEServer] {
        Self.handOut(current.servers, to: identity, now: now)
    }

    static func handOut(_ servers: [ICEServer], to identity: String, now: Date) -> [ICEServer] {
        let seconds = Int(now.timeIntervalSince1970)
        return servers.map { $0.handedOut(to: identity, now: seconds) { key, message in Hash.sha1.hmac(key: key, message) } }
    }

    func replace(with servers: [ICEServer], by who: String, now: Date = Date()) async throws {
        let setting = StoredSetting(value: ICEServerList.storedJSON(servers), updatedBy: who, updatedAt: now)
        try await queue.run { [store] in try store.saveSetting(Self.settingKey, setting) }
        state.withLockedValue { $0 = Current(servers: servers, source: "console", updatedBy: who, updatedAt: now) }
        logger.notice("ICE servers changed", metadata: ["by": "\(who)", "servers": "\(servers)"])
    }

    /// Back to `webrtc.ice_servers`.
    func reset(by who: String) async throws {
        try await queue.run { [store] in _ = try store.removeSetting(Self.settingKey) }
        state.withLockedValue { [configured] in $0 = Current(servers: configured, source: "configuration") }
        logger.notice("ICE servers reset to the configuration", metadata: ["by": "\(who)"])
    }
}

extension CallEngine {
    /// The ICE servers a new signaling connection of `identity` receives in `hello`.
    func iceServersHandedOut(to identity: String) -> [ICEServer] {
        iceServers?.handedOut(to: identity) ?? ICEServerBook.handOut(config.webrtc.iceServers, to: identity, now: Date())
    }
}
