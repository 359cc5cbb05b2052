import Foundation

/// A call link as the store keeps it: plain columns, checked by the code that makes it
/// (`CallLinks.CallLinkDraft`), not here.
public struct CallLinkRow: Sendable, Equatable {
    public var id: String
    public var label: String
    /// "number", "agents" or "menu".
    public var destinationKind: String
    /// The number, the agent group or the menu.
    public var destination: String
    /// A number link's dialplan context; nil: the web default.
    public var context: String?
    public var displayName: String?
    public var dialPad: Bool
    public var validFrom: Date?
    public var validUntil: Date?
    /// "mon,tue,…"; nil with the other `hours` fields when the link has no weekly hours.
    public var hoursDays: String?
    public var hoursFrom: Int?
    public var hoursTo: Int?
    public var hoursTimeZone: String?
    public var oneTime: Bool
    public var createdBy: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var spentAt: Date?

    public init(id: String, label: String, destinationKind: String, destination: String, context: String? = nil,
                displayName: String? = nil, dialPad: Bool = true, validFrom: Date? = nil, validUntil: Date? = nil,
                hoursDays: String? = nil, hoursFrom: Int? = nil, hoursTo: Int? = nil, hoursTimeZone: String? = nil,
                oneTime: Bool = false, createdBy: String, createdAt: Date, revokedAt: Date? = nil, spentAt: Date? = nil) {
        self.id = id
        self.label = label
        self.destinationKind = destinationKind
        self.destination = destination
        self.context = context
        self.displayName = displayName
        self.dialPad = dialPad
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.hoursDays = hoursDays
        self.hoursFrom = hoursFrom
        self.hoursTo = hoursTo
        self.hoursTimeZone = hoursTimeZone
        self.oneTime = oneTime
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.spentAt = spentAt
    }
}

/// One call attempt through a link.
public struct CallLinkUse: Sendable, Equatable, Encodable {
    public enum Outcome: String, Sendable, Encodable {
        /// The call was placed; its call record (`callId`) tells how it went.
        case placed
        /// The link did not take it (closed, spent, over its limits); `detail` says why.
        case refused
    }

    public var linkID: String
    public var at: Date
    public var callID: String?
    public var outcome: Outcome
    public var detail: String?

    public init(linkID: String, at: Date, callID: String?, outcome: Outcome, detail: String? = nil) {
        self.linkID = linkID
        self.at = at
        self.callID = callID
        self.outcome = outcome
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case at, callID = "callId", outcome, detail
    }
}

/// How much a link has been used: attempts of every outcome and the last one's time.
public struct CallLinkUsage: Sendable, Equatable {
    public var uses: Int
    public var lastUsedAt: Date?

    public init(uses: Int, lastUsedAt: Date?) {
        self.uses = uses
        self.lastUsedAt = lastUsedAt
    }
}

/// Call links and their uses (migration `v5_call_links`). Like the other stores, the
/// methods may block on disk I/O: call them off the networking threads.
public protocol CallLinkStore: Sendable {
    /// Throws `.duplicateID` when a link has this id already.
    func addCallLink(_ link: CallLinkRow) throws(StoreError)
    /// Every link, newest first.
    func callLinks() throws(StoreError) -> [CallLinkRow]
    func callLink(id: String) throws(StoreError) -> CallLinkRow?
    /// Sets `revoked_at` (once: a second revocation keeps the first time); false for an unknown id.
    @discardableResult
    func revokeCallLink(id: String, at time: Date) throws(StoreError) -> Bool
    /// Sets `spent_at` (once); false for an unknown id.
    @discardableResult
    func markCallLinkSpent(id: String, at time: Date) throws(StoreError) -> Bool
    func recordCallLinkUse(_ use: CallLinkUse) throws(StoreError)
    /// A link's latest uses, newest first.
    func callLinkUses(linkID: String, limit: Int) throws(StoreError) -> [CallLinkUse]
    /// Uses per link id, for listings.
    func callLinkUsage() throws(StoreError) -> [String: CallLinkUsage]
}
