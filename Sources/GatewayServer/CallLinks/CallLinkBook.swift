import CallLinks
import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import Store

/// The call links operators made (docs/call-links.md), kept in memory for the signaling
/// path and written through to the store.
///
/// Reads never touch the disk: a link is looked up on every connection and call. Writes
/// that the operator waits for (making, revoking) run on the store's queue and report
/// their failure; the others (uses, a one-time link spent) are queued like call records.
final class CallLinkBook: Sendable {
    private let store: any CallLinkStore
    private let queue = StoreQueue(label: "gateway.call-links")
    private let logger: Logger
    private let state: NIOLockedValueBox<[String: Entry]>

    struct Entry: Sendable {
        var link: CallLinkDefinition
        var usage: CallLinkUsage
    }

    /// Loads every link. A row the code cannot read (edited by hand) is left out and logged.
    init(store: any CallLinkStore, logger: Logger) throws(StoreError) {
        self.store = store
        self.logger = logger
        let usage = try store.callLinkUsage()
        var entries: [String: Entry] = [:]
        for row in try store.callLinks() {
            guard let link = CallLinkDefinition(row: row) else {
                logger.warning("call link row not understood; left out", metadata: ["link": "\(row.id.prefix(8))"])
                continue
            }
            entries[row.id] = Entry(link: link, usage: usage[row.id] ?? CallLinkUsage(uses: 0, lastUsedAt: nil))
        }
        state = NIOLockedValueBox(entries)
    }

    func link(id: String) -> CallLinkDefinition? {
        state.withLockedValue { $0[id]?.link }
    }

    /// Every link with its usage, newest first.
    func all() -> [Entry] {
        state.withLockedValue { Array($0.values) }.sorted { $0.link.createdAt > $1.link.createdAt }
    }

    func entry(id: String) -> Entry? {
        state.withLockedValue { $0[id] }
    }

    /// Makes the link `draft` describes: checked against `targets`, stored, then served.
    func create(_ draft: CallLinkDraft, createdBy: String, targets: CallLinkTargets,
                now: Date = Date()) async throws -> CallLinkDefinition {
        let id = CallLinkID.make(from: Array(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }))
        let link = try draft.definition(id: id, createdBy: createdBy, now: now, targets: targets)
        try await queue.run { [store] in try store.addCallLink(CallLinkRow(link)) }
        state.withLockedValue { $0[id] = Entry(link: link, usage: CallLinkUsage(uses: 0, lastUsedAt: nil)) }
        logger.notice("call link made", metadata: ["link": "\(id.prefix(8))", "by": "\(createdBy)",
                                                    "destination": "\(link.destination.summary)"])
        return link
    }

    /// Revokes a link for good; nil for an unknown id. A revoked link stays listed with its uses.
    func revoke(id: String, by who: String, now: Date = Date()) async throws -> CallLinkDefinition? {
        guard link(id: id) != nil else { return nil }
        try await queue.run { [store] in _ = try store.revokeCallLink(id: id, at: now) }
        let link = state.withLockedValue { entries -> CallLinkDefinition? in
            if entries[id]?.link.revokedAt == nil { entries[id]?.link.revokedAt = now }
            return entries[id]?.link
        }
        logger.notice("call link revoked", metadata: ["link": "\(id.prefix(8))", "by": "\(who)"])
        return link
    }

    /// A one-time link's call was answered: no further call may use it.
    func markSpent(id: String, now: Date = Date()) {
        state.withLockedValue { entries in
            if entries[id]?.link.spentAt == nil { entries[id]?.link.spentAt = now }
        }
        write("spent") { try $0.markCallLinkSpent(id: id, at: now) }
    }

    /// Every call attempt through a link, placed or refused.
    func recordUse(_ use: CallLinkUse) {
        state.withLockedValue { entries in
            entries[use.linkID]?.usage.uses += 1
            entries[use.linkID]?.usage.lastUsedAt = use.at
        }
        write("use") { try $0.recordCallLinkUse(use) }
    }

    func uses(id: String, limit: Int) async throws -> [CallLinkUse] {
        try await queue.run { [store] in try store.callLinkUses(linkID: id, limit: limit) }
    }

    /// Waits until every queued write is done (shutdown, tests).
    func flush() {
        queue.flush()
    }

    private func write(_ what: String, _ body: @escaping @Sendable (any CallLinkStore) throws -> Void) {
        queue.later({ [store] in try body(store) }, onFailure: { [logger] error in
            logger.error("call link write failed", metadata: ["write": "\(what)", "error": "\(error)"])
        })
    }
}
