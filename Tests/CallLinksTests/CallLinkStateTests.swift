import CallLinks
import Dialplan
import Foundation
import Testing

/// Open or closed, judged in the documented order, with a manual clock.
@Suite struct CallLinkStateTests {
    static let made = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-18T11:06:40Z, a Wednesday
    static let paris = TimeZone(identifier: "Europe/Paris")!

    func link(validFrom: Date? = nil, validUntil: Date? = nil, hours: CallLinkHours? = nil,
              revokedAt: Date? = nil, spentAt: Date? = nil) -> CallLinkDefinition {
        CallLinkDefinition(id: "abcdefghijklmnopqrstuv", label: "Support", destination: .number("+18005550199", context: nil),
                           validFrom: validFrom, validUntil: validUntil, hours: hours, createdBy: "operator ops",
                           createdAt: Self.made, revokedAt: revokedAt, spentAt: spentAt)
    }

    @Test func aWindowOpensAtItsStartAndClosesAtItsEnd() {
        let start = Self.made.addingTimeInterval(3600), end = Self.made.addingTimeInterval(7200)
        let windowed = link(validFrom: start, validUntil: end)
        #expect(windowed.state(at: start.addingTimeInterval(-1)) == .scheduled)
        #expect(windowed.state(at: start) == .open)
        #expect(windowed.state(at: end.addingTimeInterval(-1)) == .open)
        #expect(windowed.state(at: end) == .expired)
        #expect(windowed.callerMessage(at: end) == "This link has expired.")
        #expect(windowed.callerMessage(at: start) == nil)
        #expect(windowed.callerMessage(at: Self.made) == "This link opens on 2026-11-18 12:06 UTC.")
    }

    @Test func weeklyHoursAreJudgedInTheirTimeZone() throws {
        // Mon-Fri 09:00-17:00 in Paris (UTC+1 in November).
        let hours = CallLinkHours(days: [.monday, .tuesday, .wednesday, .thursday, .friday], from: 540, to: 1020, timeZone: Self.paris)
        let office = link(hours: hours)
        let wednesday0830UTC = try #require(ISO8601DateFormatter().date(from: "2026-11-18T08:30:00Z"))   // 09:30 Paris
        let wednesday1630UTC = try #require(ISO8601DateFormatter().date(from: "2026-11-18T16:30:00Z"))   // 17:30 Paris
        let saturdayNoon = try #require(ISO8601DateFormatter().date(from: "2026-11-21T11:00:00Z"))
        #expect(office.state(at: wednesday0830UTC) == .open)
        #expect(office.state(at: wednesday1630UTC) == .closedNow)
        #expect(office.state(at: saturdayNoon) == .closedNow)
        #expect(office.callerMessage(at: saturdayNoon) == "This link takes calls mon-fri from 09:00 to 17:00 (Europe/Paris).")
    }

    @Test func hoursAcrossMidnightKeepTheNextMorningOpen() throws {
        let night = link(hours: CallLinkHours(days: [.friday], from: 22 * 60, to: 2 * 60, timeZone: TimeZone(identifier: "UTC")!))
        #expect(night.state(at: try #require(ISO8601DateFormatter().date(from: "2026-11-20T23:00:00Z"))) == .open)
        #expect(night.state(at: try #require(ISO8601DateFormatter().date(from: "2026-11-21T01:59:00Z"))) == .open)
        #expect(night.state(at: try #require(ISO8601DateFormatter().date(from: "2026-11-21T02:00:00Z"))) == .closedNow)
    }

    @Test func revokedAndSpentWinOverEveryOtherReason() {
        let past = Self.made.addingTimeInterval(-10)
        let later = Self.made.addingTimeInterval(100_000)
        #expect(link(validUntil: past, revokedAt: Self.made).state(at: later) == .revoked)
        #expect(link(validUntil: past, spentAt: Self.made).state(at: later) == .spent)
        #expect(link(spentAt: Self.made).callerMessage(at: later) == "This link has been used.")
        #expect(link(revokedAt: Self.made).callerMessage(at: later) == "This call link does not exist.")
    }

    @Test func theTitleNeverShowsAGroupOrMenuName() {
        var named = link()
        #expect(named.title == "+18005550199")
        named.displayName = "ACME support"
        #expect(named.title == "ACME support")
        let agents = CallLinkDefinition(id: "x", label: "Sales queue", destination: .agents(group: "sales"),
                                        createdBy: "ops", createdAt: Self.made)
        #expect(agents.title == "Sales queue")
    }

    @Test func idsAreTwentyTwoURLSafeCharacters() {
        let id = CallLinkID.make(from: Array(0..<16).map { UInt8($0 * 17) })
        #expect(id.count == 22)
        #expect(CallLinkID.isWellFormed(id))
        // RFC 4648 §5 alphabet: 0x00 0x11 0x22 → "ABEi".
        #expect(CallLinkID.make(from: [0x00, 0x11, 0x22]) == "ABEi")
        #expect(CallLinkID.make(from: [0xFB, 0xFF]) == "-_8")
        #expect(!CallLinkID.isWellFormed("abc"))
        #expect(!CallLinkID.isWellFormed("abcdefghijklmnopqrst/v"))
        #expect(!CallLinkID.isWellFormed("abcdefghijklmnopqrstuvw"))
    }
}
