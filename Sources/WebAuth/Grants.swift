import Foundation

/// What one web connection may do: who it is, what it may dial, which agent groups it
/// serves and how many calls it may have. From a verified token, or from the configuration
/// alone in open mode.
public struct Grants: Sendable, Equatable {
    /// The web identity (`sub`), in call records and the dialplan's `entry.web.identities`.
    public let identity: String
    /// Permission classes, tried in order against the dialplan's `entry.web.classes`.
    public let classes: [String]
    /// Number prefixes the identity may dial out to a trunk ("+1212", "+44"); nil: whatever
    /// the dialplan allows. Premium numbers stay refused by the dialplan either way.
    public let numbers: [String]?
    /// Agent groups this connection takes calls for; nil: in token mode, not an agent.
    public let agentGroups: [String]?
    /// Calls at once and calls started per minute; nil: the configuration's limits.
    public let maxCalls: Int?
    public let callsPerMinute: Int?
    /// When the token stops being accepted for new connections; nil in open mode.
    public let expiresAt: Date?
    /// The id of the operator-made call link this connection opened (`/ws?link=`): its
    /// calls go to the link's destination only. Nil for every other connection.
    public let callLink: String?

    public init(identity: String, classes: [String] = [], numbers: [String]? = nil, agentGroups: [String]? = nil,
                maxCalls: Int? = nil, callsPerMinute: Int? = nil, expiresAt: Date? = nil, callLink: String? = nil) {
        self.identity = identity
        self.classes = classes
        self.numbers = numbers
        self.agentGroups = agentGroups
        self.maxCalls = maxCalls
        self.callsPerMinute = callsPerMinute
        self.expiresAt = expiresAt
        self.callLink = callLink
    }

    /// Open mode: the browser names itself; the dialplan and the configured limits decide.
    public static func open(identity: String) -> Grants {
        Grants(identity: identity)
    }

    /// A call link's connection: named after the link (`link:` and the id's first 8
    /// characters, never the whole secret), allowed nothing but calling the link.
    public static func callLink(id: String) -> Grants {
        Grants(identity: "link:" + id.prefix(8), numbers: [], agentGroups: nil, callLink: id)
    }

    /// Whether `number` (as sent to the trunk, normalized by the dialplan) is within the
    /// `numbers` grant.
    public func allowsNumber(_ number: String) -> Bool {
        guard let numbers else { return true }
        return numbers.contains { number.hasPrefix($0) }
    }

    /// Whether this connection takes calls offered to `group`.
    public func servesAgentGroup(_ group: String) -> Bool {
        agentGroups?.contains(group) ?? false
    }
}
