import Foundation
import Testing
@testable import Store

/// Call links and their uses through `CallLinkStore`, on a file database.
@Suite struct CallLinkStoreTests {
    static let made = Date(timeIntervalSince1970: 1_795_000_000)

    static func row(_ id: String, at: Date = made) -> CallLinkRow {
        CallLinkRow(id: id, label: "Support", destinationKind: "number", destination: "+18005550199", context: "web-links",
                    displayName: "ACME", dialPad: false, validFrom: at, validUntil: at.addingTimeInterval(86400),
                    hoursDays: "mon,fri", hoursFrom: 540, hoursTo: 1020, hoursTimeZone: "Europe/Paris",
                    oneTime: true, createdBy: "operator ops", createdAt: at)
    }

    @Test func aLinkComesBackAsItWasStoredNewestFirst() throws {
        try withFileStore { store in
            try store.addCallLink(Self.row("first"))
            try store.addCallLink(Self.row("second", at: Self.made.addingTimeInterval(60)))
            #expect(try store.callLinks().map(\.id) == ["second", "first"])
            #expect(try store.callLink(id: "first") == Self.row("first"))
            #expect(try store.callLink(id: "nope") == nil)
        }
    }

    @Test func aDuplicateIdOrAnUnknownKindIsRefused() throws {
        try withFileStore { store in
            try store.addCallLink(Self.row("one"))
            #expect(throws: StoreError.self) { try store.addCallLink(Self.row("one")) }
            var odd = Self.row("two")
            odd.destinationKind = "fax"
            do {
                try store.addCallLink(odd)
                Issue.record("a link to a fax was stored")
            } catch let error as StoreError {
                #expect(error.kind == .invalidRecord)
            }
        }
    }

    @Test func revokingAndSpendingKeepTheFirstTime() throws {
        try withFileStore { store in
            try store.addCallLink(Self.row("one"))
            let first = Self.made.addingTimeInterval(10), second = Self.made.addingTimeInterval(20)
            #expect(try store.revokeCallLink(id: "one", at: first))
            #expect(try store.revokeCallLink(id: "one", at: second))
            #expect(try store.markCallLinkSpent(id: "one", at: second))
            #expect(try !store.revokeCallLink(id: "other", at: first))
            let stored = try #require(try store.callLink(id: "one"))
            #expect(stored.revokedAt == first)
            #expect(stored.spentAt == second)
        }
    }

    @Test func usesAreListedNewestFirstAndCounted() throws {
        try withFileStore { store in
            try store.addCallLink(Self.row("one"))
            for (offset, outcome) in [(1.0, CallLinkUse.Outcome.placed), (2, .refused), (3, .placed)] {
                try store.recordCallLinkUse(CallLinkUse(linkID: "one", at: Self.made.addingTimeInterval(offset),
                                                        callID: outcome == .placed ? "call-\(Int(offset))" : nil,
                                                        outcome: outcome, detail: outcome == .refused ? "expired" : nil))
            }
            let uses = try store.callLinkUses(linkID: "one", limit: 2)
            #expect(uses.map(\.callID) == ["call-3", nil])
            #expect(uses[1].detail == "expired")
            #expect(try store.callLinkUsage() == ["one": CallLinkUsage(uses: 3, lastUsedAt: Self.made.addingTimeInterval(3))])
        }
    }
}
