import Dialplan
import Foundation

/// A call link an operator made in the admin console: a public page, `/call/<id>`, that
/// calls one destination. Whoever has the URL may call, so the id is the secret, the
/// destination is never the browser's choice, and the link is open only within its
/// validity window, its weekly hours, and (one-time links) until a call through it is answered.
public struct CallLinkDefinition: Sendable, Equatable {
    /// 22 URL-safe characters (`CallLinkID`).
    public var id: String
    /// The operator's name for the link, shown in the console.
    public var label: String
    public var destination: CallLinkDestination
    /// Shown on the page instead of the number; nil shows the number (or the label).
    public var displayName: String?
    /// Whether the page offers a dial pad (for an IVR behind the number).
    public var dialPad: Bool
    /// The link takes calls from `validFrom` (nil: at once) until `validUntil` (nil: forever).
    public var validFrom: Date?
    public var validUntil: Date?
    /// Weekly hours within the window; nil: at any hour.
    public var hours: CallLinkHours?
    /// Spent once a call through it is answered; at most one call at a time.
    public var oneTime: Bool
    /// The operator (or API key) that made it.
    public var createdBy: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// When a one-time link's call was answered.
    public var spentAt: Date?

    public init(id: String, label: String, destination: CallLinkDestination, displayName: String? = nil,
                dialPad: Bool = true, validFrom: Date? = nil, validUntil: Date? = nil, hours: CallLinkHours? = nil,
                oneTime: Bool = false, createdBy: String, createdAt: Date, revokedAt: Date? = nil, spentAt: Date? = nil) {
        self.id = id
        self.label = label
        self.destination = destination
        self.displayName = displayName
        self.dialPad = dialPad
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.hours = hours
        self.oneTime = oneTime
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.spentAt = spentAt
    }

    /// A link made without an end expires this long after it is made.
    public static let defaultLifetime: TimeInterval = 24 * 3600

    /// What the page shows as the callee: the display name, else a number link's number,
    /// else the label (an agent group's or a menu's name means nothing to a caller).
    public var title: String {
        if let displayName { return displayName }
        if case .number(let number, _) = destination { return number }
        return label
    }
}

/// What a call link calls.
public enum CallLinkDestination: Sendable, Equatable {
    /// A phone number, routed through a web context of the dialplan (nil: its web default),
    /// so the dialplan's rules and safety checks apply to it as to any dialed number.
    case number(String, context: String?)
    /// Agents of a group (`agents.groups` in gateway.yaml), queueing as the group does.
    case agents(group: String)
    /// An IVR menu of the dialplan.
    case menu(String)

    /// "number", "agents" or "menu", as the admin API writes it.
    public var kind: String {
        switch self {
        case .number: "number"
        case .agents: "agents"
        case .menu: "menu"
        }
    }

    /// One line for the console and logs: `+18005550199 via web-default`, `agents support`.
    public var summary: String {
        switch self {
        case .number(let number, let context): context.map { "\(number) via \($0)" } ?? number
        case .agents(let group): "agents \(group)"
        case .menu(let menu): "menu \(menu)"
        }
    }
}

/// Weekly hours a link takes calls in: the same days and times every week, judged in one
/// time zone (daylight saving moves the UTC instants, never the hours written).
public struct CallLinkHours: Sendable, Equatable {
    public var days: Set<Weekday>
    /// Minutes after local midnight; `to < from` crosses midnight into the next day.
    public var from: Int
    public var to: Int
    public var timeZone: TimeZone
    /// The zone's name as the operator wrote it: `TimeZone(identifier: "UTC")` calls itself
    /// "GMT" on some platforms, and the operator should read back what they chose.
    public var timeZoneName: String

    public init(days: Set<Weekday>, from: Int, to: Int, timeZone: TimeZone, timeZoneName: String? = nil) {
        self.days = days
        self.from = from
        self.to = to
        self.timeZone = timeZone
        self.timeZoneName = timeZoneName ?? timeZone.identifier
    }

    /// The dialplan's schedule logic, so links and `if: {schedule:}` agree on every edge
    /// (overnight ranges, daylight saving).
    var schedule: Schedule {
        Schedule(name: "call link hours", timeZone: timeZone,
                 weekly: [WeeklyOpening(days: days, start: from, end: to)],
                 location: SourceLocation(file: "call link", line: 0, column: 0))
    }

    public func isOpen(at date: Date) -> Bool {
        schedule.isOpen(at: date)
    }

    /// "mon-fri 09:00-17:00 (Europe/Paris)".
    public var description: String {
        "\(WeeklyOpening(days: days, start: from, end: to)) (\(timeZoneName))"
    }

    /// "HH:MM" of a minute of the day.
    public static func clock(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}
