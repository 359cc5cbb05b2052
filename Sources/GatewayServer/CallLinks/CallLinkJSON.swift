import CallLinks
import Dialplan
import Foundation
import Store

/// A link as the admin API serves it (docs/call-links.md).
struct CallLinkJSON: Encodable {
    struct Destination: Encodable {
        var kind: String
        var number: String?
        var context: String?
        var group: String?
        var menu: String?
    }

    struct Hours: Encodable {
        var days: [String]
        var from: String
        var to: String
        var timeZone: String
    }

    var id: String
    var url: String
    var label: String
    var destination: Destination
    var displayName: String?
    var dialPad: Bool
    var validFrom: Date?
    var validUntil: Date?
    var hours: Hours?
    var oneTime: Bool
    var createdBy: String
    var createdAt: Date
    var revokedAt: Date?
    var spentAt: Date?
    var state: String
    var stateText: String
    var uses: Int
    var lastUsedAt: Date?
    /// Only in the answer about one link.
    var recentUses: [CallLinkUse]?

    init(_ link: CallLinkDefinition, usage: CallLinkUsage, now: Date, recentUses: [CallLinkUse]? = nil) {
        id = link.id
        url = "/call/" + link.id
        label = link.label
        switch link.destination {
        case .number(let number, let context): destination = Destination(kind: "number", number: number, context: context)
        case .agents(let group): destination = Destination(kind: "agents", group: group)
        case .menu(let menu): destination = Destination(kind: "menu", menu: menu)
        }
        displayName = link.displayName
        dialPad = link.dialPad
        validFrom = link.validFrom
        validUntil = link.validUntil
        hours = link.hours.map {
            Hours(days: Weekday.mondayFirst.filter($0.days.contains).map(\.abbreviation),
                  from: CallLinkHours.clock($0.from), to: CallLinkHours.clock($0.to), timeZone: $0.timeZoneName)
        }
        oneTime = link.oneTime
        createdBy = link.createdBy
        createdAt = link.createdAt
        revokedAt = link.revokedAt
        spentAt = link.spentAt
        state = link.state(at: now).rawValue
        stateText = link.operatorText(at: now)
        uses = usage.uses
        lastUsedAt = usage.lastUsedAt
        self.recentUses = recentUses
    }
}

/// What the public link page learns about a link: nothing about its destination beyond the
/// title the operator chose to show.
struct CallLinkPageJSON: Encodable {
    var title: String
    var dialPad: Bool
    var state: String
    var message: String?

    init(_ link: CallLinkDefinition, now: Date) {
        title = link.title
        dialPad = link.dialPad
        state = link.state(at: now).rawValue
        message = link.callerMessage(at: now)
    }
}
