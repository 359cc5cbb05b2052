import Foundation
import Testing
@testable import Dialplan

/// Schedules: evaluation at fixed UTC instants (2026 calendar: Jun 2 is a Tuesday, Dec 25 a
/// Friday; US clocks change on Mar 8 and Nov 1, European ones on Mar 29 and Oct 25) and
/// decoding findings with their exact place.
@Suite struct ScheduleTests {
    static let officeHours = """
    schedules:
      office-hours:
        time_zone: America/New_York
        weekly:
          - {days: mon-fri, hours: "09:00-12:30"}
          - {days: [mon, wed, fri], hours: "13:30-17:00"}
          - {days: sat, hours: "22:00-02:00"}
        holidays:
          - 2026-12-25
          - {date: 2026-12-24, hours: "09:00-12:00", name: Christmas Eve}
          - {from: 2026-12-31, to: 2027-01-01, name: New Year}
    """

    func decode(_ yaml: String) -> (schedules: [Schedule], findings: [DialplanFinding]) {
        NodeReader.decodeSchedules(yaml: yaml, file: "test.yaml")
    }

    func schedule(_ yaml: String = officeHours) throws -> Schedule {
        let decoded = decode(yaml)
        #expect(decoded.findings.isEmpty, "\(decoded.findings)")
        return try #require(decoded.schedules.first)
    }

    /// A one-schedule file with `time_zone` and the given weekly lines (each indented six spaces).
    func yaml(zone: String = "America/New_York", _ weekly: String, holidays: String? = nil) -> String {
        var text = "schedules:\n  s:\n    time_zone: \(zone)\n    weekly:\n\(weekly)"
        if let holidays { text += "\n    holidays:\n\(holidays)" }
        return text
    }

    func at(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso), "bad test instant \(iso)")
    }

    /// Each instant's verdict, so a failure names the instant.
    func verdicts(_ schedule: Schedule, _ instants: [String]) throws -> [String] {
        try instants.map { "\($0) \(schedule.isOpen(at: try at($0)) ? "open" : "closed")" }
    }

    // MARK: Evaluation

    @Test func weekdayHoursInNewYork() throws {
        let office = try schedule()
        #expect(try verdicts(office, [
            "2026-06-02T12:59:00Z", "2026-06-02T13:00:00Z", "2026-06-02T16:29:00Z", "2026-06-02T16:30:00Z",
            "2026-06-02T17:45:00Z", "2026-06-03T17:45:00Z", "2026-06-03T21:00:00Z",
        ]) == [
            "2026-06-02T12:59:00Z closed", "2026-06-02T13:00:00Z open",   // Tuesday 08:59, 09:00 EDT
            "2026-06-02T16:29:00Z open", "2026-06-02T16:30:00Z closed",   // the end minute is outside
            "2026-06-02T17:45:00Z closed", "2026-06-03T17:45:00Z open",   // afternoons: mon, wed, fri only
            "2026-06-03T21:00:00Z closed",
        ])
        #expect(office.explain(at: try at("2026-06-03T17:45:00Z"))
                == "open: Wednesday 13:45 America/New_York is within mon,wed,fri 13:30-17:00")
        #expect(office.explain(at: try at("2026-06-02T17:45:00Z"))
                == "closed: Tuesday 13:45 America/New_York is outside every weekly opening")
    }

    @Test func oneInstantDiffersByTimeZone() throws {
        let weekly = "      - {days: mon-fri, hours: \"09:00-12:30\"}"
        let paris = try schedule(yaml(zone: "Europe/Paris", weekly))
        let newYork = try schedule(yaml(zone: "America/New_York", weekly))
        let tuesday = try at("2026-06-02T08:15:00Z")
        #expect(paris.isOpen(at: tuesday) && !newYork.isOpen(at: tuesday))
        #expect(paris.explain(at: tuesday) == "open: Tuesday 10:15 Europe/Paris is within mon-fri 09:00-12:30")
        #expect(newYork.explain(at: tuesday) == "closed: Tuesday 04:15 America/New_York is outside every weekly opening")
        // Friday 23:30 UTC is already Saturday 08:30 in Tokyo but still Friday 19:30 in New York.
        let saturdayMorning = "      - {days: sat, hours: \"08:00-12:00\"}"
        let tokyo = try schedule(yaml(zone: "Asia/Tokyo", saturdayMorning))
        let utc = try schedule(yaml(zone: "UTC", saturdayMorning))
        let fridayNight = try at("2026-06-05T23:30:00Z")
        #expect(tokyo.isOpen(at: fridayNight) && !utc.isOpen(at: fridayNight))
        #expect(try verdicts(utc, ["2026-06-06T07:59:00Z", "2026-06-06T08:00:00Z"])
                == ["2026-06-06T07:59:00Z closed", "2026-06-06T08:00:00Z open"])
        #expect(!newYork.isOpen(at: try at("2026-06-06T14:00:00Z")))   // Saturday 10:00 EDT: mon-fri only
    }

    @Test func newYorkDaylightSavingTime() throws {
        let office = try schedule()
        #expect(try verdicts(office, [
            "2026-03-02T13:30:00Z", "2026-03-02T14:00:00Z",   // Monday before: 09:00 EST is 14:00 UTC
            "2026-03-09T12:59:00Z", "2026-03-09T13:00:00Z",   // Monday after the switch: 09:00 EDT is 13:00 UTC
            "2026-11-02T13:30:00Z", "2026-11-02T14:00:00Z",   // Monday after the switch back: EST again
        ]) == [
            "2026-03-02T13:30:00Z closed", "2026-03-02T14:00:00Z open",
            "2026-03-09T12:59:00Z closed", "2026-03-09T13:00:00Z open",
            "2026-11-02T13:30:00Z closed", "2026-11-02T14:00:00Z open",
        ])
        #expect(office.explain(at: try at("2026-03-09T13:00:00Z"))
                == "open: Monday 09:00 America/New_York is within mon-fri 09:00-12:30")
    }

    @Test func parisDaylightSavingTime() throws {
        let paris = try schedule(yaml(zone: "Europe/Paris", "      - {days: mon-fri, hours: \"09:00-17:00\"}"))
        #expect(try verdicts(paris, [
            "2026-03-23T07:30:00Z", "2026-03-23T08:00:00Z",   // CET: 09:00 is 08:00 UTC
            "2026-03-30T06:59:00Z", "2026-03-30T07:00:00Z",   // CEST from Mar 29: 09:00 is 07:00 UTC
            "2026-03-30T14:59:00Z", "2026-03-30T15:00:00Z",
            "2026-10-26T07:30:00Z", "2026-10-26T08:00:00Z",   // CET again from Oct 25
        ]) == [
            "2026-03-23T07:30:00Z closed", "2026-03-23T08:00:00Z open",
            "2026-03-30T06:59:00Z closed", "2026-03-30T07:00:00Z open",
            "2026-03-30T14:59:00Z open", "2026-03-30T15:00:00Z closed",
            "2026-10-26T07:30:00Z closed", "2026-10-26T08:00:00Z open",
        ])
    }

    @Test func theNightsTheClocksChange() throws {
        let newYork = try schedule(yaml("      - {days: sun, hours: \"01:00-04:00\"}"))
        #expect(try verdicts(newYork, [
            "2026-03-08T05:59:00Z", "2026-03-08T06:30:00Z",   // 00:59, 01:30 EST
            "2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z",   // 03:30, 04:00 EDT (02:xx never happens)
            "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z",   // 01:30 EDT, then 01:30 EST again
            "2026-11-01T08:59:00Z", "2026-11-01T09:00:00Z",   // 03:59, 04:00 EST
        ]) == [
            "2026-03-08T05:59:00Z closed", "2026-03-08T06:30:00Z open",
            "2026-03-08T07:30:00Z open", "2026-03-08T08:00:00Z closed",
            "2026-11-01T05:30:00Z open", "2026-11-01T06:30:00Z open",
            "2026-11-01T08:59:00Z open", "2026-11-01T09:00:00Z closed",
        ])
        let paris = try schedule(yaml(zone: "Europe/Paris", "      - {days: sun, hours: \"02:00-03:00\"}"))
        #expect(!paris.isOpen(at: try at("2026-03-29T01:00:00Z")))   // 01:59 CET jumps to 03:00 CEST
        // 02:30 happens twice on Oct 25 (CEST, then CET): open both times.
        #expect(try verdicts(paris, ["2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"])
                == ["2026-10-25T00:30:00Z open", "2026-10-25T01:30:00Z open"])
    }

    @Test func overnightRangeRunsIntoTheNextDay() throws {
        let office = try schedule()
        #expect(try verdicts(office, [
            "2026-06-06T05:00:00Z", "2026-06-07T01:59:00Z", "2026-06-07T02:00:00Z", "2026-06-07T03:00:00Z",
            "2026-06-07T05:00:00Z", "2026-06-07T05:59:00Z", "2026-06-07T06:00:00Z", "2026-06-07T07:00:00Z",
        ]) == [
            "2026-06-06T05:00:00Z closed",                                  // Saturday 01:00: Friday has no night
            "2026-06-07T01:59:00Z closed", "2026-06-07T02:00:00Z open",     // Saturday 21:59, 22:00
            "2026-06-07T03:00:00Z open",                                    // Saturday 23:00
            "2026-06-07T05:00:00Z open", "2026-06-07T05:59:00Z open",       // Sunday 01:00, 01:59
            "2026-06-07T06:00:00Z closed", "2026-06-07T07:00:00Z closed",   // Sunday 02:00, 03:00
        ])
        #expect(office.explain(at: try at("2026-06-07T05:00:00Z"))
                == "open: Sunday 01:00 America/New_York is within sat 22:00-02:00")
        // A night shift every weekday: "17:00-09:00" covers Friday night into Saturday morning.
        let nights = try schedule(yaml("      - {days: mon-fri, hours: \"17:00-09:00\"}"))
        #expect(try verdicts(nights, ["2026-06-06T12:59:00Z", "2026-06-06T13:00:00Z", "2026-06-08T12:00:00Z"])
                == ["2026-06-06T12:59:00Z open", "2026-06-06T13:00:00Z closed", "2026-06-08T12:00:00Z closed"])
    }

    @Test func allDayAndWrappingDays() throws {
        let always = try schedule(yaml("      - {days: daily, hours: \"00:00-24:00\"}"))
        for instant in ["2026-06-07T04:00:00Z", "2026-06-07T03:59:00Z", "2026-12-31T23:59:59Z"] {
            #expect(always.isOpen(at: try at(instant)), "\(instant)")
        }
        let weekend = try schedule(yaml("      - {days: FRIDAY-Mon, hours: \"10:00-11:00\"}"))
        #expect(weekend.weekly.first?.days == [.friday, .saturday, .sunday, .monday])
        #expect(try verdicts(weekend, ["2026-06-07T14:30:00Z", "2026-06-08T14:30:00Z", "2026-06-09T14:30:00Z"])
                == ["2026-06-07T14:30:00Z open", "2026-06-08T14:30:00Z open", "2026-06-09T14:30:00Z closed"])
    }

    @Test func holidaysOverrideTheWeek() throws {
        let office = try schedule()
        #expect(try verdicts(office, [
            "2026-12-23T15:00:00Z", "2026-12-25T15:00:00Z", "2026-12-25T19:00:00Z",   // Wed open; Christmas Friday
            "2026-12-24T14:30:00Z", "2026-12-24T15:00:00Z", "2026-12-24T16:59:00Z",   // Christmas Eve 09:00-12:00 only,
            "2026-12-24T17:00:00Z",                                                   // though the week says 12:30
        ]) == [
            "2026-12-23T15:00:00Z open", "2026-12-25T15:00:00Z closed", "2026-12-25T19:00:00Z closed",
            "2026-12-24T14:30:00Z open", "2026-12-24T15:00:00Z open", "2026-12-24T16:59:00Z open",
            "2026-12-24T17:00:00Z closed",
        ])
        #expect(office.explain(at: try at("2026-12-25T15:00:00Z")) == "closed: 2026-12-25 is a holiday")
        #expect(office.explain(at: try at("2026-12-24T15:00:00Z"))
                == "open: 2026-12-24 is the holiday 'Christmas Eve', open 09:00-12:00, and it is 10:00 America/New_York")
        #expect(office.explain(at: try at("2026-12-24T17:00:00Z"))
                == "closed: 2026-12-24 is the holiday 'Christmas Eve', open 09:00-12:00, and it is 12:00 America/New_York")
        // The date is the local one: 03:00 UTC on the 26th is still Christmas in New York.
        #expect(office.explain(at: try at("2026-12-26T03:00:00Z")) == "closed: 2026-12-25 is a holiday")
    }

    @Test func holidayRangeAcrossTheYearEnd() throws {
        let office = try schedule()
        #expect(try verdicts(office, [
            "2026-12-30T15:00:00Z", "2026-12-31T15:00:00Z", "2027-01-01T15:00:00Z", "2027-01-01T19:00:00Z",
            "2027-01-04T15:00:00Z",
        ]) == [
            "2026-12-30T15:00:00Z open", "2026-12-31T15:00:00Z closed", "2027-01-01T15:00:00Z closed",
            "2027-01-01T19:00:00Z closed", "2027-01-04T15:00:00Z open",
        ])
        #expect(office.explain(at: try at("2027-01-01T15:00:00Z")) == "closed: 2027-01-01 is the holiday 'New Year'")
    }

    @Test func holidaysAndOvernightRanges() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let saturdayNight = WeeklyOpening(days: [.saturday], start: 22 * 60, end: 2 * 60)
        let sunday = CalendarDay(year: 2026, month: 6, day: 7), saturday = CalendarDay(year: 2026, month: 6, day: 6)
        func make(_ holidays: [Holiday]) -> Schedule {
            Schedule(name: "s", timeZone: zone, weekly: [saturdayNight], holidays: holidays,
                     location: SourceLocation(file: "t", line: 1, column: 1))
        }
        let sundayOne = try at("2026-06-07T05:00:00Z")   // Sunday 01:00 EDT
        // The after-midnight part belongs to Sunday: a Sunday holiday closes it, a Saturday one does not.
        #expect(!make([Holiday(name: "Sun", first: sunday)]).isOpen(at: sundayOne))
        #expect(make([Holiday(name: "Sat", first: saturday)]).isOpen(at: sundayOne))
        #expect(!make([Holiday(name: "Sat", first: saturday)]).isOpen(at: try at("2026-06-07T03:00:00Z")))
        // A holiday's own overnight hours carry on only within the same holiday.
        let late = Holiday(name: "Late", first: CalendarDay(year: 2026, month: 12, day: 31),
                           last: CalendarDay(year: 2027, month: 1, day: 1), hours: OpeningHours(start: 20 * 60, end: 2 * 60))
        let party = make([late])
        #expect(try verdicts(party, [
            "2027-01-01T01:00:00Z", "2027-01-01T06:00:00Z", "2027-01-01T15:00:00Z", "2027-01-02T06:00:00Z",
        ]) == [
            "2027-01-01T01:00:00Z open", "2027-01-01T06:00:00Z open",     // Dec 31 20:00, Jan 1 01:00
            "2027-01-01T15:00:00Z closed", "2027-01-02T06:00:00Z closed", // Jan 1 10:00; Jan 2 01:00 is a weekday again
        ])
        // Overlapping holidays: the first one listed decides.
        let christmas = CalendarDay(year: 2026, month: 12, day: 25)
        let both = make([Holiday(name: "Christmas", first: christmas),
                         Holiday(name: "Open day", first: christmas, hours: OpeningHours(start: 0, end: 1440))])
        #expect(both.explain(at: try at("2026-12-25T15:00:00Z")) == "closed: 2026-12-25 is the holiday 'Christmas'")
    }

    @Test func calendarDaysAndWeekdays() {
        #expect(CalendarDay("2028-02-29") == CalendarDay(year: 2028, month: 2, day: 29))
        #expect(CalendarDay("2000-02-29") != nil)
        for text in ["2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-05", "26-01-05", "2026-01-05T"] {
            #expect(CalendarDay(text) == nil, "\(text)")
        }
        #expect(CalendarDay(year: 2027, month: 1, day: 1).previous.description == "2026-12-31")
        #expect(CalendarDay(year: 2028, month: 3, day: 1).previous.description == "2028-02-29")
        #expect(CalendarDay(year: 2026, month: 3, day: 1).previous.description == "2026-02-28")
        #expect(Weekday.describe([.monday, .tuesday, .wednesday, .thursday, .friday]) == "mon-fri")
        #expect(Weekday.describe([.friday, .saturday, .sunday, .monday]) == "fri-mon")
        #expect(Weekday.describe([.monday, .wednesday, .friday]) == "mon,wed,fri")
        #expect(Weekday.describe([.sunday, .monday, .tuesday, .thursday]) == "thu,sun-tue")
        #expect(Weekday.describe(Set(Weekday.allCases)) == "daily")
        #expect(Weekday.sunday.previous == .saturday && Weekday.saturday.next == .sunday)
        #expect(Weekday.named("Wednesday") == .wednesday && Weekday.named("THU") == .thursday && Weekday.named("thurs") == nil)
    }

    // MARK: Decoding

    @Test func decodesTheExample() throws {
        let office = try schedule()
        #expect(office.name == "office-hours" && office.timeZone.identifier == "America/New_York")
        #expect(office.location == SourceLocation(file: "test.yaml", line: 2, column: 3))
        #expect(office.weekly == [
            WeeklyOpening(days: [.monday, .tuesday, .wednesday, .thursday, .friday], start: 540, end: 750),
            WeeklyOpening(days: [.monday, .wednesday, .friday], start: 810, end: 1020),
            WeeklyOpening(days: [.saturday], start: 1320, end: 120),
        ])
        #expect(office.holidays == [
            Holiday(first: CalendarDay(year: 2026, month: 12, day: 25)),
            Holiday(name: "Christmas Eve", first: CalendarDay(year: 2026, month: 12, day: 24),
                    hours: OpeningHours(start: 540, end: 720)),
            Holiday(name: "New Year", first: CalendarDay(year: 2026, month: 12, day: 31),
                    last: CalendarDay(year: 2027, month: 1, day: 1)),
        ])
        // Unquoted times, full day names in a list and 24:00 as an end.
        let plain = try schedule(yaml("      - days: [Monday, sat-sun]\n        hours: 9:30-24:00"))
        #expect(plain.weekly == [WeeklyOpening(days: [.monday, .saturday, .sunday], start: 570, end: 1440)])
    }

    /// "line:column path: problem; fix" for each finding, in file order.
    func described(_ yaml: String) -> [String] {
        let decoded = decode(yaml)
        #expect(decoded.schedules.isEmpty, "a schedule with findings must be left out")
        return decoded.findings.map { "\($0.line):\($0.column) \($0.path): \($0.problem); \($0.fix ?? "-")" }
    }

    @Test func timeZoneFindings() {
        #expect(described(yaml(zone: "Europe/Pairs", "      - {days: mon, hours: \"09:00-17:00\"}")) == [
            "3:16 schedules.s.time_zone: unknown time zone 'Europe/Pairs'; did you mean 'Europe/Paris'?",
        ])
        #expect(described(yaml(zone: "EST", "      - {days: mon, hours: \"09:00-17:00\"}")) == [
            "3:16 schedules.s.time_zone: 'EST' is an abbreviation or offset, not an IANA time zone name; "
                + "write an IANA name such as 'America/New_York' or 'Europe/Paris', which follows daylight saving time",
        ])
    }

    @Test func hoursFindings() {
        // Line 5 is the first opening; "      - {days: mon, hours: " puts the value at column 28.
        #expect(described(yaml("""
              - {days: mon, hours: "9-17"}
              - {days: mon, hours: "10:00-10:00"}
              - {days: mon, hours: "24:00-10:00"}
              - {days: mon, hours: "09:00-24:30"}
              - {days: mon}
        """)) == [
            "5:28 schedules.s.weekly[0].hours: '9-17' is not a range of times; write \"HH:MM-HH:MM\" in 24-hour time, e.g. \"09:00-17:00\"",
            "6:28 schedules.s.weekly[1].hours: '10:00-10:00' is an empty range; "
                + "write \"00:00-24:00\" to be open all day, or leave the day out to be closed",
            "7:28 schedules.s.weekly[2].hours: '24:00-10:00' starts at 24:00; start at 00:00 instead",
            "8:28 schedules.s.weekly[3].hours: '09:00-24:30' is not a range of times; write \"HH:MM-HH:MM\" in 24-hour time, e.g. \"09:00-17:00\"",
            "9:9 schedules.s.weekly[4]: missing 'hours'; add e.g. 'hours: \"09:00-17:00\"' (\"00:00-24:00\" is all day)",
        ])
    }

    @Test func dayFindings() {
        #expect(described(yaml("""
              - {days: mnd, hours: "09:00-17:00"}
              - {days: [mon, tue-frd], hours: "09:00-17:00"}
              - {days: wed-wed, hours: "09:00-17:00"}
              - {days: tues, hours: "09:00-17:00"}
        """)) == [
            "5:16 schedules.s.weekly[0].days: unknown day 'mnd'; "
                + "write mon, tue, wed, thu, fri, sat, sun (or the full name), a range like mon-fri, or daily",
            "6:22 schedules.s.weekly[1].days[1]: unknown day 'frd'; did you mean 'fri'?",
            "7:16 schedules.s.weekly[2].days: 'wed-wed' starts and ends on the same day; write 'wed' for one day or 'daily' for every day",
            "8:16 schedules.s.weekly[3].days: unknown day 'tues'; did you mean 'tue'?",
        ])
    }

    @Test func holidayFindings() {
        let weekly = "      - {days: mon, hours: \"09:00-17:00\"}"
        // Holidays start on line 7; "      - " puts a bare date at column 9.
        #expect(described(yaml(weekly, holidays: """
              - 2026-02-30
              - 25/12/2026
              - {date: 2026-13-01}
              - {from: 2027-01-01, to: 2026-12-31}
              - {from: 2026-12-31}
              - {date: 2026-12-24, from: 2026-12-24, to: 2026-12-26}
              - {name: Someday}
        """)) == [
            "7:9 schedules.s.holidays[0]: 2026-02-30 is not a calendar date; 2026-02 has 28 days",
            "8:9 schedules.s.holidays[1]: '25/12/2026' is not a date; write YYYY-MM-DD, e.g. 2026-12-25",
            "9:16 schedules.s.holidays[2].date: 2026-13-01 is not a calendar date; months run from 01 to 12",
            "10:32 schedules.s.holidays[3].to: 'to' 2026-12-31 is before 'from' 2027-01-01; swap them",
            "11:9 schedules.s.holidays[4]: missing 'to'; a range needs both 'from' and 'to'",
            "12:9 schedules.s.holidays[5]: 'date' together with 'from'/'to'; use 'date' for one day or 'from' and 'to' for a range",
            "13:9 schedules.s.holidays[6]: missing 'date'; add 'date: 2026-12-25', or 'from:' and 'to:' for a range",
        ])
    }

    @Test func structureFindings() {
        #expect(described("""
        schedules:
          s:
            timezone: Europe/Paris
            weekly:
              - {days: mon, hour: "09:00-17:00"}
          t:
            time_zone: Europe/Paris
            weekly: []
        """) == [
            "3:5 schedules.s.timezone: unknown key 'timezone'; did you mean 'time_zone'?",
            "5:21 schedules.s.weekly[0].hour: unknown key 'hour'; did you mean 'hours'?",
            "5:9 schedules.s.weekly[0]: missing 'hours'; add e.g. 'hours: \"09:00-17:00\"' (\"00:00-24:00\" is all day)",
            "2:3 schedules.s: missing 'time_zone'; add e.g. 'time_zone: Europe/Paris' (an IANA name)",
            "8:13 schedules.t.weekly: no weekly opening, so the schedule is open only on holidays with hours; "
                + "add an opening, e.g. '- {days: mon-fri, hours: \"09:00-17:00\"}'",
        ])
        #expect(described("schedules:\n  s:\n    time_zone: UTC\n") == [
            "2:3 schedules.s: missing 'weekly'; add a 'weekly:' list, e.g. '- {days: mon-fri, hours: \"09:00-17:00\"}'",
        ])
    }
}
