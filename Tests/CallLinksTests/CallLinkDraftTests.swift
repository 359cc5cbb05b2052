import CallLinks
import Dialplan
import Foundation
import Testing

/// Drafts from the admin API: every mistake named by its field, defaults filled in.
@Suite struct CallLinkDraftTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let targets = CallLinkTargets(hasDialplan: true, webContexts: ["web-default", "web-links"],
                                         webDefault: "web-default", menus: ["main"], agentGroups: ["support"])

    func make(_ json: String, targets: CallLinkTargets = Self.targets) throws(CallLinkDraftError) -> CallLinkDefinition {
        try CallLinkDraft(json: Data(json.utf8)).definition(id: "abcdefghijklmnopqrstuv", createdBy: "operator ops",
                                                            now: Self.now, targets: targets)
    }

    func mistake(_ json: String, targets: CallLinkTargets = Self.targets) -> CallLinkDraftError? {
        do {
            _ = try make(json, targets: targets)
            return nil
        } catch {
            return error
        }
    }

    @Test func aLinkWithoutAnEndExpiresADayAfterItOpens() throws {
        let link = try make(#"{"label": " Support ", "destination": {"kind": "number", "number": "+1 (800) 555-0199"}}"#)
        #expect(link.label == "Support")
        #expect(link.destination == .number("+18005550199", context: nil))
        #expect(link.validUntil == Self.now.addingTimeInterval(24 * 3600))
        #expect(link.dialPad)
        #expect(!link.oneTime)
        #expect(link.state(at: Self.now) == .open)

        let later = try make(#"{"label": "L", "destination": {"kind": "menu", "menu": "main"}, "validFrom": "2026-12-01T08:00:00Z"}"#)
        #expect(later.validUntil == ISO8601DateFormatter().date(from: "2026-12-02T08:00:00Z"))
        let forever = try make(#"{"label": "L", "destination": {"kind": "agents", "group": "support"}, "neverExpires": true}"#)
        #expect(forever.validUntil == nil)
    }

    @Test func everyOptionIsRead() throws {
        let link = try make("""
            {"label": "Night line", "destination": {"kind": "number", "number": "*43", "context": "web-links"},
             "displayName": "Echo", "dialPad": false, "oneTime": true, "validUntil": "2026-11-30T00:00:00.000Z",
             "hours": {"days": ["sat", "sun"], "from": "20:00", "to": "24:00", "timeZone": "America/New_York"}}
            """)
        #expect(link.destination == .number("*43", context: "web-links"))
        #expect(link.displayName == "Echo")
        #expect(!link.dialPad)
        #expect(link.oneTime)
        #expect(link.hours == CallLinkHours(days: [.saturday, .sunday], from: 1200, to: 1440,
                                            timeZone: TimeZone(identifier: "America/New_York")!))
    }

    @Test func mistakesNameTheirField() {
        let number = #""destination": {"kind": "number", "number": "+18005550199"}"#
        #expect(mistake(#"{"destination": {"kind": "number", "number": "+18005550199"}}"#)?.field == "label")
        #expect(mistake(#"{"label": "L"}"#)?.field == "destination")
        #expect(mistake(#"{"label": "L", "destination": {"kind": "fax"}}"#)?.field == "destination.kind")
        #expect(mistake(#"{"label": "L", "destination": {"kind": "number", "number": "call me"}}"#)?.field == "destination.number")
        #expect(mistake(#"{"label": "L", "destination": {"kind": "number", "number": "1", "context": "from-carrier"}}"#)?.field == "destination.context")
        #expect(mistake(#"{"label": "L", "destination": {"kind": "agents", "group": "sales"}}"#)?.message
                == "There is no agent group 'sales' in gateway.yaml; the groups are support.")
        #expect(mistake(#"{"label": "L", "destination": {"kind": "menu", "menu": "night"}}"#)?.field == "destination.menu")
        #expect(mistake("{\"label\": \"L\", \(number), \"dialPad\": 1}")?.field == "dialPad")
        #expect(mistake("{\"label\": \"L\", \(number), \"validUntil\": \"tomorrow\"}")?.field == "validUntil")
        #expect(mistake("{\"label\": \"L\", \(number), \"validUntil\": \"2026-01-01T00:00:00Z\"}")?.message
                == "The end is already past: the link could never be used.")
        #expect(mistake("{\"label\": \"L\", \(number), \"validFrom\": \"2026-12-02T00:00:00Z\", \"validUntil\": \"2026-12-01T00:00:00Z\"}")?.field == "validUntil")
        #expect(mistake("{\"label\": \"L\", \(number), \"neverExpires\": true, \"validUntil\": \"2026-12-01T00:00:00Z\"}")?.field == "validUntil")
        #expect(mistake("{\"label\": \"L\", \(number), \"hours\": {\"days\": [], \"from\": \"09:00\", \"to\": \"17:00\"}}")?.field == "hours.days")
        #expect(mistake("{\"label\": \"L\", \(number), \"hours\": {\"days\": [\"mon\"], \"from\": \"9:00\", \"to\": \"17:00\"}}")?.field == "hours.from")
        #expect(mistake("{\"label\": \"L\", \(number), \"hours\": {\"days\": [\"mon\"], \"from\": \"09:00\", \"to\": \"09:00\"}}")?.field == "hours.to")
        #expect(mistake("{\"label\": \"L\", \(number), \"hours\": {\"days\": [\"mon\"], \"from\": \"09:00\", \"to\": \"17:00\", \"timeZone\": \"Mars/Olympus\"}}")?.field == "hours.timeZone")
        #expect(mistake("[1, 2]")?.field == nil)
    }

    @Test func withoutADialplanNumbersNeedNoContextAndMenusDoNotExist() {
        let bare = CallLinkTargets(hasDialplan: false, agentGroups: [])
        #expect(mistake(#"{"label": "L", "destination": {"kind": "number", "number": "+18005550199"}}"#, targets: bare) == nil)
        #expect(mistake(#"{"label": "L", "destination": {"kind": "menu", "menu": "main"}}"#, targets: bare)?.field == "destination.menu")
        let noDefault = CallLinkTargets(hasDialplan: true, webContexts: ["web-links"])
        #expect(mistake(#"{"label": "L", "destination": {"kind": "number", "number": "+18005550199"}}"#, targets: noDefault)?.field
                == "destination.context")
    }
}
