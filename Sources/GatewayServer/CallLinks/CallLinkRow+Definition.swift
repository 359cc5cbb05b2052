import CallLinks
import Dialplan
import Foundation
import Store

extension CallLinkRow {
    /// The columns of `link`.
    init(_ link: CallLinkDefinition) {
        let (kind, target, context): (String, String, String?) = switch link.destination {
        case .number(let number, let context): ("number", number, context)
        case .agents(let group): ("agents", group, nil)
        case .menu(let menu): ("menu", menu, nil)
        }
        self.init(id: link.id, label: link.label, destinationKind: kind, destination: target, context: context,
                  displayName: link.displayName, dialPad: link.dialPad, validFrom: link.validFrom,
                  validUntil: link.validUntil,
                  hoursDays: link.hours.map { Weekday.mondayFirst.filter($0.days.contains).map(\.abbreviation).joined(separator: ",") },
                  hoursFrom: link.hours?.from, hoursTo: link.hours?.to, hoursTimeZone: link.hours?.timeZoneName,
                  oneTime: link.oneTime, createdBy: link.createdBy, createdAt: link.createdAt,
                  revokedAt: link.revokedAt, spentAt: link.spentAt)
    }
}

extension CallLinkDefinition {
    /// The link a stored row holds; nil when a column holds what no link was made with.
    init?(row: CallLinkRow) {
        let destination: CallLinkDestination
        switch row.destinationKind {
        case "number": destination = .number(row.destination, context: row.context)
        case "agents": destination = .agents(group: row.destination)
        case "menu": destination = .menu(row.destination)
        default: return nil
        }
        var hours: CallLinkHours?
        if let daysText = row.hoursDays {
            let days = daysText.split(separator: ",").compactMap { Weekday.named(String($0)) }
            guard !days.isEmpty, let from = row.hoursFrom, let to = row.hoursTo, let zoneName = row.hoursTimeZone,
                  let zone = TimeZone(identifier: zoneName) else { return nil }
            hours = CallLinkHours(days: Set(days), from: from, to: to, timeZone: zone, timeZoneName: zoneName)
        }
        self.init(id: row.id, label: row.label, destination: destination, displayName: row.displayName,
                  dialPad: row.dialPad, validFrom: row.validFrom, validUntil: row.validUntil, hours: hours,
                  oneTime: row.oneTime, createdBy: row.createdBy, createdAt: row.createdAt,
                  revokedAt: row.revokedAt, spentAt: row.spentAt)
    }
}
