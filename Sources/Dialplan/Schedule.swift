import Foundation

/// Opening hours by name (`schedules:` in a dialplan file), tested by `if: {schedule: ...}`.
///
/// An instant is judged by its local date and wall-clock time in `timeZone`, read with a
/// Gregorian calendar, so daylight saving time moves the UTC instants of "09:00" but never
/// the hours written in the file:
/// - on a date a holiday covers, only that holiday counts (the first one listed, if several
///   do): closed, or open within its `hours`;
/// - on any other date, open exactly when a weekly opening covers the weekday and time.
///
/// A range that crosses midnight (`22:00-02:00`) runs into the next date, and that part is
/// judged with the next date: a Saturday 22:00-02:00 opening keeps Sunday open until 02:00
/// unless Sunday is a holiday. A holiday's overnight hours carry into the next date only
/// when that date belongs to the same holiday.
///
/// The instant is always passed in: the schedule never reads a clock.
public struct Schedule: Sendable, Hashable {
    public var name: String
    public var timeZone: TimeZone
    public var weekly: [WeeklyOpening]
    public var holidays: [Holiday]
    public var location: SourceLocation

    public init(name: String, timeZone: TimeZone, weekly: [WeeklyOpening], holidays: [Holiday] = [],
                location: SourceLocation) {
        self.name = name
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
        self.location = location
    }

    public func isOpen(at date: Date) -> Bool {
        verdict(at: localTime(at: date)).isOpen
    }

    /// Why the schedule is open or closed at `date`, in one line, e.g.
    /// `open: Tuesday 10:15 Europe/Paris is within mon-fri 09:00-12:30` or
    /// `closed: 2026-12-25 is the holiday 'Christmas'`.
    public func explain(at date: Date) -> String {
        let local = localTime(at: date)
        let clock = OpeningHours.clock(local.minute) + " " + timeZone.identifier
        switch verdict(at: local) {
        case .weekly(let opening?):
            return "open: \(local.weekday.name) \(clock) is within \(opening)"
        case .weekly(nil):
            return "closed: \(local.weekday.name) \(clock) is outside every weekly opening"
        case .holiday(let holiday, let open):
            let what = holiday.name.map { "the holiday '\($0)'" } ?? "a holiday"
            guard let hours = holiday.hours else { return "closed: \(local.day) is \(what)" }
            return "\(open ? "open" : "closed"): \(local.day) is \(what), open \(hours), and it is \(clock)"
        }
    }

    struct LocalTime {
        var day: CalendarDay
        var weekday: Weekday
        var minute: Int
    }

    private enum Verdict {
        /// The weekly opening that covers the time, nil when none does.
        case weekly(WeeklyOpening?)
        case holiday(Holiday, open: Bool)

        var isOpen: Bool {
            switch self {
            case .weekly(let opening): return opening != nil
            case .holiday(_, let open): return open
            }
        }
    }

    func localTime(at date: Date) -> LocalTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        return LocalTime(day: CalendarDay(year: parts.year ?? 1, month: parts.month ?? 1, day: parts.day ?? 1),
                         weekday: parts.weekday.flatMap(Weekday.init(rawValue:)) ?? .sunday,
                         minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    private func verdict(at local: LocalTime) -> Verdict {
        if let holiday = holidays.first(where: { $0.covers(local.day) }) {
            guard let hours = holiday.hours else { return .holiday(holiday, open: false) }
            let open = hours.coversStartDay(local.minute)
                || (hours.coversNextDay(local.minute) && holiday.covers(local.day.previous))
            return .holiday(holiday, open: open)
        }
        let yesterday = local.weekday.previous
        let opening = weekly.first { opening in
            (opening.days.contains(local.weekday) && opening.hours.coversStartDay(local.minute))
                || (opening.days.contains(yesterday) && opening.hours.coversNextDay(local.minute))
        }
        return .weekly(opening)
    }
}

/// A day of the week, numbered like `Calendar`'s `weekday` component (Sunday is 1).
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// The week as schedules are written and shown: Monday first.
    public static let mondayFirst: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]

    /// "Monday".
    public var name: String {
        switch self {
        case .sunday: return "Sunday"
        case .monday: return "Monday"
        case .tuesday: return "Tuesday"
        case .wednesday: return "Wednesday"
        case .thursday: return "Thursday"
        case .friday: return "Friday"
        case .saturday: return "Saturday"
        }
    }

    /// "mon", as written in `days:`.
    public var abbreviation: String { String(name.prefix(3)).lowercased() }

    public var next: Weekday { Weekday(rawValue: rawValue % 7 + 1) ?? .sunday }
    public var previous: Weekday { Weekday(rawValue: (rawValue + 5) % 7 + 1) ?? .sunday }

    /// "mon" or "monday", in any case.
    public static func named(_ text: String) -> Weekday? {
        let lower = text.lowercased()
        return allCases.first { $0.abbreviation == lower || $0.name.lowercased() == lower }
    }

    /// The shortest way to write `days`: "daily", "sat", "mon-fri", "fri-mon", "mon,wed,fri".
    public static func describe(_ days: Set<Weekday>) -> String {
        if days.count == 7 { return "daily" }
        if days.isEmpty { return "no day" }
        // Each run of consecutive days (wrapping past Sunday) starts at a day whose
        // previous day is not in the set; runs are listed Monday first.
        var runs: [String] = []
        for start in mondayFirst where days.contains(start) && !days.contains(start.previous) {
            var end = start
            while days.contains(end.next) { end = end.next }
            runs.append(end == start ? start.abbreviation : start.abbreviation + "-" + end.abbreviation)
        }
        return runs.joined(separator: ",")
    }
}

/// A daily time range in minutes after local midnight: `start` in 0..<1440, `end` in 1...1440.
///
/// `end < start` crosses midnight: the part after midnight lies on the next day.
/// `00:00-24:00` is the whole day; a range with `start == end` is empty.
public struct OpeningHours: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public var crossesMidnight: Bool { end < start }

    /// Whether `minute` of the day the range starts on is inside it.
    func coversStartDay(_ minute: Int) -> Bool {
        start < end ? (start <= minute && minute < end) : (end < start && minute >= start)
    }

    /// Whether `minute` of the following day is inside the after-midnight part.
    func coversNextDay(_ minute: Int) -> Bool {
        crossesMidnight && minute < end
    }

    /// "09:00-12:30".
    public var description: String { Self.clock(start) + "-" + Self.clock(end) }

    /// "HH:MM" for a minute of the day; 1440 is "24:00".
    static func clock(_ minute: Int) -> String {
        let clamped = min(max(minute, 0), 1440)
        return twoDigits(clamped / 60) + ":" + twoDigits(clamped % 60)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

/// Opening hours on some days of every week.
public struct WeeklyOpening: Sendable, Hashable, CustomStringConvertible {
    /// The days the range starts on; an overnight range also covers the early hours of the next day.
    public var days: Set<Weekday>
    public var hours: OpeningHours

    public init(days: Set<Weekday>, hours: OpeningHours) {
        self.days = days
        self.hours = hours
    }

    public init(days: Set<Weekday>, start: Int, end: Int) {
        self.init(days: days, hours: OpeningHours(start: start, end: end))
    }

    /// Minute of the day the opening starts.
    public var start: Int {
        get { hours.start }
        set { hours.start = newValue }
    }

    /// Minute of the day the opening ends (1440 for midnight at the end of the day).
    public var end: Int {
        get { hours.end }
        set { hours.end = newValue }
    }

    /// "mon-fri 09:00-12:30".
    public var description: String { Weekday.describe(days) + " " + hours.description }
}

/// Days on which the weekly openings do not apply: closed, or open only in `hours`.
public struct Holiday: Sendable, Hashable {
    public var name: String?
    public var first: CalendarDay
    /// The last day, inclusive; equal to `first` for a single day.
    public var last: CalendarDay
    /// Opening hours that apply on each of these days instead of being closed all day.
    public var hours: OpeningHours?

    public init(name: String? = nil, first: CalendarDay, last: CalendarDay? = nil, hours: OpeningHours? = nil) {
        self.name = name
        self.first = first
        self.last = last ?? first
        self.hours = hours
    }

    public func covers(_ day: CalendarDay) -> Bool {
        first <= day && day <= last
    }
}

/// A date of the Gregorian calendar, without time or zone: what a holiday names.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil unless it is written that way and is a real date.
    public init?(_ text: String) {
        guard let fields = Self.fields(of: text) else { return nil }
        self = fields
        guard isValid else { return nil }
    }

    /// `YYYY-MM-DD` read digit by digit, without checking that the date exists.
    static func fields(of text: String) -> CalendarDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }

    /// Whether this date exists: year 1-9999, month 1-12, day within the month.
    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && (1...Self.days(inMonth: month, of: year)).contains(day)
    }

    /// Days in a month of the Gregorian calendar (28 for an invalid month, so ranges stay valid).
    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        default:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap && month == 2 ? 29 : 28
        }
    }

    /// The day before, across month and year ends.
    public var previous: CalendarDay {
        if day > 1 { return CalendarDay(year: year, month: month, day: day - 1) }
        if month > 1 { return CalendarDay(year: year, month: month - 1, day: Self.days(inMonth: month - 1, of: year)) }
        return CalendarDay(year: year - 1, month: 12, day: 31)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// "2026-12-25".
    public var description: String {
        let year = String(repeating: "0", count: max(0, 4 - String(self.year).count)) + String(self.year)
        return year + "-" + OpeningHours.twoDigits(month) + "-" + OpeningHours.twoDigits(day)
    }
}
