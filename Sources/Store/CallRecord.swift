import Foundation

/// One call as the gateway remembers it: who, where to, when, and how it ended.
///
/// Written when a call starts, updated when it is answered and when it ends. A record
/// whose `endedAt` is `nil` belongs to a call in progress, or to one interrupted by a
/// crash (see `CallRecordStore.closeOpenRecords(at:cause:)`).
public struct CallRecord: Codable, Sendable, Hashable {
    /// Direction of a call from the web user's point of view.
    public static let outbound = "outbound"  // web → phone
    public static let inbound = "inbound"    // phone → web
    public static let echo = "echo"          // web → built-in echo test
    /// Every accepted `direction`.
    public static let directions = [outbound, inbound, echo]

    /// Unique call id chosen by the gateway.
    public var id: String
    /// `outbound`, `inbound` or `echo`.
    public var direction: String
    /// The web user's identity, when known.
    public var webIdentity: String?
    /// Number or URI dialed (outbound), or the DID called (inbound).
    public var destination: String
    /// Name of the trunk the SIP leg used, if any.
    public var trunk: String?
    /// SIP Call-ID of the SIP leg, if any.
    public var sipCallId: String?
    public var startedAt: Date
    public var answeredAt: Date?
    public var endedAt: Date?
    /// Which side hung up, e.g. `web`, `sip`, `gateway`.
    public var hangupSide: String?
    /// Why the call ended, e.g. `normal`, `busy`, `not_answered`, `gateway_restart`.
    public var cause: String?
    /// Final SIP status code (RFC 3261 §21), when the SIP leg gave one.
    public var sipStatus: Int?
    /// Q.850 cause value (RFC 3326 Reason header), when known.
    public var q850: Int?
    /// What happened along the way, oldest first. `nil` unless loaded: `record(id:)`
    /// fills it (an empty list when nothing happened), `recentRecords(limit:)` and
    /// `openRecords()` do not. Left out of JSON when `nil`. Events are stored apart from
    /// the record: `insert` and `update` ignore this field, `addEvent` adds to it.
    public var events: [CallRecordEvent]?

    public init(id: String, direction: String, webIdentity: String? = nil, destination: String,
                trunk: String? = nil, sipCallId: String? = nil, startedAt: Date,
                answeredAt: Date? = nil, endedAt: Date? = nil, hangupSide: String? = nil,
                cause: String? = nil, sipStatus: Int? = nil, q850: Int? = nil,
                events: [CallRecordEvent]? = nil) {
        self.id = id
        self.direction = direction
        self.webIdentity = webIdentity
        self.destination = destination
        self.trunk = trunk
        self.sipCallId = sipCallId
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.hangupSide = hangupSide
        self.cause = cause
        self.sipStatus = sipStatus
        self.q850 = q850
        self.events = events
    }

    /// True while the call has not ended.
    public var isOpen: Bool {
        endedAt == nil
    }
}
