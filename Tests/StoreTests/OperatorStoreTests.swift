import Foundation
import Testing
@testable import Store

/// Operators of the admin console and REST API keys through `OperatorStore`.
@Suite struct OperatorStoreTests {

    private func expectError(_ kind: StoreError.Kind, mentioning text: String? = nil, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(kind)")
        } catch let error as StoreError {
            #expect(error.kind == kind)
            if let text {
                #expect(error.message.contains(text), "\(error.message)")
            }
        } catch {
            Issue.record("expected a StoreError, got \(error)")
        }
    }

    // Stand-ins for PHC strings and key digests: the store neither reads nor checks them.
    private let hashA = "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaC1h"
    private let hashB = "$scrypt$ln=15,r=8,p=1$b3RoZXJzYWx0b3RoZXJzYQ$aGFzaC1i"

    // MARK: Operators

    @Test func operatorsAreAddedReplacedAndRemoved() throws {
        try withFileStore { gatewayStore in
            let store: any OperatorStore = gatewayStore
            #expect(try store.operatorAccount(named: "alice") == nil)
            #expect(try store.operatorNames() == [])

            try store.saveOperator(name: "alice", passwordHash: hashA, at: time(1.25))
            #expect(try store.operatorAccount(named: "alice")
                    == OperatorAccount(name: "alice", passwordHash: hashA, createdAt: time(1.25), updatedAt: time(1.25)))
            // Names are exact: no case folding, no trimming.
            #expect(try store.operatorAccount(named: "Alice") == nil)
            #expect(try store.operatorAccount(named: "alice ") == nil)

            // A new password replaces the old one and keeps the creation time.
            try store.saveOperator(name: "alice", passwordHash: hashB, at: time(60.5))
            #expect(try store.operatorAccount(named: "alice")
                    == OperatorAccount(name: "alice", passwordHash: hashB, createdAt: time(1.25), updatedAt: time(60.5)))
            #expect(try store.operatorNames() == ["alice"])

            #expect(try store.removeOperator(named: "alice"))
            #expect(try store.operatorAccount(named: "alice") == nil)
            #expect(try !store.removeOperator(named: "alice"))
            #expect(try store.operatorNames() == [])
        }
    }

    @Test func operatorNamesAreSortedByteWise() throws {
        try withFileStore { store in
            for (index, name) in ["zoe", "bob", "Carol", "alice", "éric", "bob2"].enumerated() {
                try store.saveOperator(name: name, passwordHash: hashA, at: time(Double(index)))
            }
            #expect(try store.operatorNames() == ["Carol", "alice", "bob", "bob2", "zoe", "éric"])
        }
    }

    @Test func anEmptyOperatorNameIsRefused() throws {
        try withFileStore { store in
            expectError(.invalidRecord) { try store.saveOperator(name: "", passwordHash: hashA, at: time(0)) }
            let names = try store.operatorNames()
            #expect(names == [])
        }
    }

    @Test func operatorsSurviveReopening() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("gateway.sqlite")
        do {
            let store = try GatewayStore(path: path)
            try store.saveOperator(name: "root", passwordHash: hashA, at: time(3))
        }
        let reopened = try GatewayStore(path: path)
        #expect(try reopened.operatorAccount(named: "root")?.passwordHash == hashA)
    }

    @Test func anAccountsDescriptionLeavesTheHashOut() {
        let account = OperatorAccount(name: "alice", passwordHash: hashA, createdAt: time(0), updatedAt: time(0))
        #expect("\(account)".contains("alice"))
        #expect(!"\(account)".contains("scrypt"))
    }

    // MARK: API keys

    @Test func apiKeysAreAddedFoundTouchedAndRevoked() throws {
        try withFileStore { gatewayStore in
            let store: any OperatorStore = gatewayStore
            let billing = try store.addAPIKey(name: "billing", keyHash: "digest-1", prefix: "gw_Ab3x", at: time(10.5))
            #expect(billing == APIKeyRecord(id: 1, name: "billing", prefix: "gw_Ab3x", createdAt: time(10.5), lastUsedAt: nil))
            let monitor = try store.addAPIKey(name: "monitor", keyHash: "digest-2", prefix: "gw_Zz90", at: time(11))
            #expect(monitor.id == 2)

            #expect(try store.apiKey(withHash: "digest-1") == billing)
            #expect(try store.apiKey(withHash: "digest-2") == monitor)
            #expect(try store.apiKey(withHash: "digest-3") == nil)
            #expect(try store.apiKey(withHash: "gw_Ab3x") == nil)

            try store.touchAPIKey(id: billing.id, at: time(20.125))
            var used = billing
            used.lastUsedAt = time(20.125)
            #expect(try store.apiKey(withHash: "digest-1") == used)
            try store.touchAPIKey(id: billing.id, at: time(30))
            #expect(try store.apiKey(withHash: "digest-1")?.lastUsedAt == time(30))
            #expect(try store.apiKey(withHash: "digest-2") == monitor)

            #expect(try store.revokeAPIKey(named: "billing"))
            #expect(try store.apiKey(withHash: "digest-1") == nil)
            #expect(try !store.revokeAPIKey(named: "billing"))
            #expect(try store.apiKeys() == [monitor])
            // Touching a key revoked meanwhile is not an error and changes nothing.
            try store.touchAPIKey(id: billing.id, at: time(40))
            #expect(try store.apiKeys() == [monitor])
        }
    }

    @Test func duplicateNamesAndSecretsAreRefused() throws {
        try withFileStore { store in
            let first = try store.addAPIKey(name: "ci", keyHash: "digest-1", prefix: "gw_aaaa", at: time(0))
            expectError(.duplicateID, mentioning: "ci") {
                _ = try store.addAPIKey(name: "ci", keyHash: "digest-2", prefix: "gw_bbbb", at: time(1))
            }
            expectError(.duplicateID, mentioning: "same secret") {
                _ = try store.addAPIKey(name: "other", keyHash: "digest-1", prefix: "gw_aaaa", at: time(1))
            }
            expectError(.invalidRecord, mentioning: "length(name)") {
                _ = try store.addAPIKey(name: "", keyHash: "digest-3", prefix: "gw_cccc", at: time(1))
            }
            #expect(try store.apiKeys() == [first])
            #expect(try store.apiKey(withHash: "digest-2") == nil)
        }
    }

    @Test func keysAreListedByNameAndIDsAreNeverReused() throws {
        try withFileStore { store in
            let zulu = try store.addAPIKey(name: "zulu", keyHash: "h1", prefix: "gw_1", at: time(0))
            let alpha = try store.addAPIKey(name: "alpha", keyHash: "h2", prefix: "gw_2", at: time(1))
            let mike = try store.addAPIKey(name: "mike", keyHash: "h3", prefix: "gw_3", at: time(2))
            #expect(try store.apiKeys() == [alpha, mike, zulu])
            #expect(try store.apiKeys().map(\.id) == [2, 3, 1])

            // The newest key revoked, a new one does not take its id (nor its name's old slot).
            #expect(try store.revokeAPIKey(named: "mike"))
            let again = try store.addAPIKey(name: "mike", keyHash: "h4", prefix: "gw_4", at: time(3))
            #expect(again.id == 4)
            #expect(try store.apiKey(withHash: "h3") == nil)
            #expect(try store.apiKeys() == [alpha, again, zulu])
        }
    }

    @Test func keyRecordsServeNoSecret() throws {
        var record = APIKeyRecord(id: 7, name: "billing", prefix: "gw_Ab3x", createdAt: time(0), lastUsedAt: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let fresh = try #require(try JSONSerialization.jsonObject(with: encoder.encode(record)) as? [String: Any])
        #expect(fresh.keys.sorted() == ["createdAt", "id", "name", "prefix"])
        #expect(fresh["name"] as? String == "billing")
        #expect(fresh["prefix"] as? String == "gw_Ab3x")
        record.lastUsedAt = time(5)
        let used = try #require(try JSONSerialization.jsonObject(with: encoder.encode(record)) as? [String: Any])
        #expect(used.keys.sorted() == ["createdAt", "id", "lastUsedAt", "name", "prefix"])
    }

    // MARK: Migration

    @Test func upgradingFromV3KeepsEverythingAndStartsWithNoOperators() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("gateway.sqlite")
        let record = sampleRecord(id: "old-1", startedAt: time(0))
        let event = CallRecordEvent(at: time(5), kind: CallRecordEvent.browserDropped, detail: "ICE consent lost")
        let files = [DialplanRevisionFile(name: "default.yaml", contents: "contexts: {}\n")]
        let revision: DialplanRevision
        do {
            let v3 = try GatewayStore(path: path, migratingUpTo: "v3_call_events")
            #expect(try v3.appliedMigrations() == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events"])
            try v3.insert(record)
            try v3.addEvent(callID: "old-1", event)
            revision = try v3.saveRevision(files: files, source: DialplanRevision.startup, note: "boot", at: time(1)).revision
        }
        let upgraded = try GatewayStore(path: path)
        #expect(try upgraded.appliedMigrations()
                == ["v1_call_records", "v2_dialplan_revisions", "v3_call_events", "v4_operators", "v5_call_links", "v6_settings"])
        #expect(try upgraded.record(id: "old-1") == record.loaded([event]))
        #expect(try upgraded.latestRevision() == revision)
        #expect(try upgraded.operatorNames() == [])
        #expect(try upgraded.apiKeys() == [])

        try upgraded.saveOperator(name: "admin", passwordHash: hashA, at: time(100))
        _ = try upgraded.addAPIKey(name: "ci", keyHash: "digest", prefix: "gw_x", at: time(101))
        #expect(try upgraded.operatorNames() == ["admin"])
        #expect(try upgraded.apiKey(withHash: "digest")?.name == "ci")
        #expect(try upgraded.record(id: "old-1") == record.loaded([event]))
        #expect(try upgraded.integrityCheck() == ["ok"])
        #expect(try upgraded.foreignKeyCheck() == [])
    }
}
