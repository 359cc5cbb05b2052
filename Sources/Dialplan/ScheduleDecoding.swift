import Foundation
import Yams

/// Reads `schedules:` (see `Schedule` and docs/dialplans.md):
///
/// ```yaml
/// schedules:
///   office-hours:
///     time_zone: America/New_York
///     weekly:
///       - {days: mon-fri, hours: "09:00-17:00"}
///     holidays:
///       - 2026-12-25
///       - {date: 2026-12-24, hours: "09:00-12:00", name: Christmas Eve}
///       - {from: 2026-12-31, to: 2027-01-01, name: New Year}
/// ```
extension NodeReader {
    static let scheduleKeys = ["time_zone", "weekly", "holidays"]
    static let openingKeys = ["days", "hours"]
    static let holidayKeys = ["date", "from", "to", "hours", "name"]
    static let openingExample = "- {days: mon-fri, hours: \"09:00-17:00\"}"

    /// The schedules of a `schedules:` mapping, in file order; those with findings are left out.
    mutating func decodeSchedules(_ node: Node) -> [Schedule] {
        guard let entries = mapping(node, path: "schedules", keys: []) else { return [] }
        return entries.compactMap { decodeSchedule(name: $0.key, nameNode: $0.keyNode, $0.value) }
    }

    /// One schedule, or nil when anything in it was reported (a schedule is never half-used).
    mutating func decodeSchedule(name: String, nameNode: Node, _ node: Node) -> Schedule? {
        let path = "schedules." + name
        let findingsBefore = findings.count
        guard let entries = mapping(node, path: path, keys: Self.scheduleKeys) else { return nil }
        var timeZone: TimeZone?
        var weekly: [WeeklyOpening] = []
        var holidays: [Holiday] = []
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "time_zone":
                timeZone = decodeTimeZone(entry.value, path: keyPath)
            case "weekly":
                guard let items = sequence(entry.value, path: keyPath, example: Self.openingExample) else { continue }
                if items.isEmpty {
                    report(entry.value, keyPath, "no weekly opening, so the schedule is open only on holidays with hours",
                           fix: "add an opening, e.g. '\(Self.openingExample)'")
                }
                for (index, item) in items.enumerated() {
                    if let opening = decodeOpening(item, path: keyPath + "[\(index)]") { weekly.append(opening) }
                }
            default:
                guard let items = sequence(entry.value, path: keyPath, example: "- 2026-12-25") else { continue }
                for (index, item) in items.enumerated() {
                    if let holiday = decodeHoliday(item, path: keyPath + "[\(index)]") { holidays.append(holiday) }
                }
            }
        }
        if !entries.contains(where: { $0.key == "time_zone" }) {
            report(nameNode, path, "missing 'time_zone'", fix: "add e.g. 'time_zone: Europe/Paris' (an IANA name)")
        }
        if !entries.contains(where: { $0.key == "weekly" }) {
            report(nameNode, path, "missing 'weekly'", fix: "add a 'weekly:' list, e.g. '\(Self.openingExample)'")
        }
        guard findings.count == findingsBefore, let timeZone else { return nil }
        return Schedule(name: name, timeZone: timeZone, weekly: weekly, holidays: holidays, location: location(nameNode))
    }

    /// An IANA name such as `Europe/Paris`. Abbreviations and offsets (`EST`, `GMT+1`) are
    /// refused although Foundation knows them: they do not follow a place's daylight saving time.
    private mutating func decodeTimeZone(_ node: Node, path: String) -> TimeZone? {
        guard let text = string(node, path: path, what: "an IANA time zone name like Europe/Paris") else { return nil }
        let zone = TimeZone(identifier: text)
        if let zone, text.contains("/") || text == "UTC" || text == "GMT" { return zone }
        let problem = zone == nil ? "unknown time zone '\(text)'"
            : "'\(text)' is an abbreviation or offset, not an IANA time zone name"
        let fix = suggestions.closest(to: text, among: TimeZone.knownTimeZoneIdentifiers).map { "did you mean '\($0)'?" }
            ?? "write an IANA name such as 'America/New_York' or 'Europe/Paris', which follows daylight saving time"
        report(node, path, problem, fix: fix)
        return nil
    }

    private mutating func decodeOpening(_ node: Node, path: String) -> WeeklyOpening? {
        guard let entries = mapping(node, path: path, keys: Self.openingKeys) else { return nil }
        var days: Set<Weekday>?
        var hours: OpeningHours?
        for entry in entries {
            if entry.key == "days" {
                days = decodeDays(entry.value, path: join(path, "days"))
            } else {
                hours = decodeHours(entry.value, path: join(path, "hours"))
            }
        }
        if !entries.contains(where: { $0.key == "days" }) {
            report(node, path, "missing 'days'", fix: "add e.g. 'days: mon-fri' or 'days: daily'")
        }
        if !entries.contains(where: { $0.key == "hours" }) {
            report(node, path, "missing 'hours'", fix: "add e.g. 'hours: \"09:00-17:00\"' (\"00:00-24:00\" is all day)")
        }
        guard let days, let hours else { return nil }
        return WeeklyOpening(days: days, hours: hours)
    }

    /// `mon`, `monday`, `mon-fri`, `fri-mon` (wrapping), `daily`, or a list of those.
    private mutating func decodeDays(_ node: Node, path: String) -> Set<Weekday>? {
        guard case .sequence(let items) = node else { return decodeDayItem(node, path: path) }
        if items.count == 0 {
            report(node, path, "no days", fix: "list days, e.g. [mon, wed, fri]")
            return nil
        }
        var days: Set<Weekday> = []
        var ok = true
        for (index, item) in items.enumerated() {
            if let more = decodeDayItem(item, path: path + "[\(index)]") { days.formUnion(more) } else { ok = false }
        }
        return ok ? days : nil
    }

    private mutating func decodeDayItem(_ node: Node, path: String) -> Set<Weekday>? {
        guard let text = string(node, path: path, what: "a day like mon, a range like mon-fri, or daily") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "daily" { return Set(Weekday.allCases) }
        let names = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count <= 2 else {
            report(node, path, "'\(text)' is not a day or a range of days", fix: "write e.g. 'mon', 'mon-fri' or 'daily'")
            return nil
        }
        var found: [Weekday] = []
        for name in names {
            guard let day = Weekday.named(name) else {
                let candidates = Weekday.mondayFirst.map(\.abbreviation) + ["daily"]
                let fix = Suggestion.closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
                    ?? "write mon, tue, wed, thu, fri, sat, sun (or the full name), a range like mon-fri, or daily"
                report(node, path, "unknown day '\(name)'", fix: fix)
                return nil
            }
            found.append(day)
        }
        guard let first = found.first, let last = found.last else { return nil }
        if found.count == 1 { return [first] }
        guard first != last else {
            report(node, path, "'\(text)' starts and ends on the same day",
                   fix: "write '\(first.abbreviation)' for one day or 'daily' for every day")
            return nil
        }
        // A range runs forward through the week and may wrap: fri-mon is fri, sat, sun, mon.
        var days: Set<Weekday> = [first]
        var day = first
        while day != last {
            day = day.next
            days.insert(day)
        }
        return days
    }

    /// `"HH:MM-HH:MM"` in 24-hour time; 24:00 only as the end; an end before the start
    /// crosses midnight.
    mutating func decodeHours(_ node: Node, path: String) -> OpeningHours? {
        let example = "write \"HH:MM-HH:MM\" in 24-hour time, e.g. \"09:00-17:00\""
        guard let text = string(node, path: path, what: "hours like \"09:00-17:00\"") else { return nil }
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let start = Self.minuteOfDay(ends[0]), let end = Self.minuteOfDay(ends[1]) else {
            report(node, path, "'\(text)' is not a range of times", fix: example)
            return nil
        }
        guard start < 1440 else {
            report(node, path, "'\(text)' starts at 24:00", fix: "start at 00:00 instead")
            return nil
        }
        guard start != end else {
            report(node, path, "'\(text)' is an empty range",
                   fix: "write \"00:00-24:00\" to be open all day, or leave the day out to be closed")
            return nil
        }
        return OpeningHours(start: start, end: end)
    }

    /// "9:30" or "09:30" as minutes after midnight; "24:00" is 1440.
    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60 else { return nil }
        guard hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    /// `2026-12-25` (closed all day) or `{date | from+to, hours?, name?}`.
    private mutating func decodeHoliday(_ node: Node, path: String) -> Holiday? {
        if case .scalar = node, !node.isNull {
            return decodeDate(node, path: path).map { Holiday(first: $0) }
        }
        guard case .mapping = node else {
            report(node, path, "expected a date like 2026-12-25 or a mapping with 'date' or 'from' and 'to', got \(node.kindDescription)",
                   fix: "write e.g. '- 2026-12-25' or '- {from: 2026-12-31, to: 2027-01-01}'")
            return nil
        }
        guard let entries = mapping(node, path: path, keys: Self.holidayKeys) else { return nil }
        let findingsBefore = findings.count
        var dates: [String: (day: CalendarDay, node: Node)] = [:]
        var hours: OpeningHours?
        var name: String?
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "hours": hours = decodeHours(entry.value, path: keyPath)
            case "name": name = string(entry.value, path: keyPath, what: "a name")
            default:
                if let day = decodeDate(entry.value, path: keyPath) { dates[entry.key] = (day, entry.value) }
            }
        }
        let given = Set(entries.map(\.key))
        if given.contains("date"), !given.isDisjoint(with: ["from", "to"]) {
            report(node, path, "'date' together with 'from'/'to'", fix: "use 'date' for one day or 'from' and 'to' for a range")
        } else if !given.contains("date") {
            if !given.contains("from") && !given.contains("to") {
                report(node, path, "missing 'date'", fix: "add 'date: 2026-12-25', or 'from:' and 'to:' for a range")
            } else if !given.contains("from") {
                report(node, path, "missing 'from'", fix: "a range needs both 'from' and 'to'")
            } else if !given.contains("to") {
                report(node, path, "missing 'to'", fix: "a range needs both 'from' and 'to'")
            }
        }
        if let from = dates["from"], let to = dates["to"], to.day < from.day {
            report(to.node, join(path, "to"), "'to' \(to.day) is before 'from' \(from.day)", fix: "swap them")
        }
        guard findings.count == findingsBefore, let first = dates["date"] ?? dates["from"] else { return nil }
        let label = name.flatMap { $0.isEmpty ? nil : $0 }
        return Holiday(name: label, first: first.day, last: dates["to"]?.day ?? first.day, hours: hours)
    }

    private mutating func decodeDate(_ node: Node, path: String) -> CalendarDay? {
        guard let text = string(node, path: path, what: "a date like 2026-12-25") else { return nil }
        guard let day = CalendarDay.fields(of: text) else {
            report(node, path, "'\(text)' is not a date", fix: "write YYYY-MM-DD, e.g. 2026-12-25")
            return nil
        }
        guard day.isValid else {
            let fix = !(1...12).contains(day.month) ? "months run from 01 to 12"
                : !(1...9999).contains(day.year) ? "years run from 0001 to 9999"
                : "\(day.year)-\(OpeningHours.twoDigits(day.month)) has \(CalendarDay.days(inMonth: day.month, of: day.year)) days"
            report(node, path, "\(text) is not a calendar date", fix: fix)
            return nil
        }
        return day
    }
}

extension NodeReader {
    /// Decodes a document whose only key is `schedules:`, with the same bounds as a
    /// dialplan file; lets schedule decoding be checked on its own.
    static func decodeSchedules(yaml: String, file: String,
                                limits: DialplanLimits = DialplanLimits()) -> (schedules: [Schedule], findings: [DialplanFinding]) {
        if let finding = InputBounds.precheck(yaml, file: file, limits: limits) { return ([], [finding]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            return ([], [YAMLErrorFinding.finding(for: error, file: file)])
        }
        guard let root else { return ([], []) }
        if let finding = InputBounds.checkTree(root, file: file, limits: limits) { return ([], [finding]) }
        var reader = NodeReader(file: file)
        var schedules: [Schedule] = []
        for entry in reader.mapping(root, path: "", keys: ["schedules"]) ?? [] {
            schedules += reader.decodeSchedules(entry.value)
        }
        return (schedules, reader.findings)
    }
}
