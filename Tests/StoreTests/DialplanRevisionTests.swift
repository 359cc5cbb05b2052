import Foundation
import Testing
import Store

/// Dialplan revisions through the `DialplanRevisionStore` protocol.
@Suite struct DialplanRevisionTests {
    /// Runs `body` with a store on a fresh temporary file, then deletes it.
    private func withStore(_ body: (GatewayStore) throws -> Void) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try GatewayStore(path: folder.path("gateway.sqlite"))
        try body(store)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.foreignKeyCheck() == [])
    }

    /// A one-file revision whose contents differ with `tag`.
    private func files(_ tag: String) -> [DialplanRevisionFile] {
        [DialplanRevisionFile(name: "default.yaml", contents: "contexts:\n  web: [] # \(tag)\n")]
    }

    private func expectError(_ kind: StoreError.Kind, mentioning text: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(kind)")
        } catch let error as StoreError {
            #expect(error.kind == kind)
            #expect(error.message.contains(text), "\(error.message)")
        } catch {
            Issue.record("expected a StoreError, got \(error)")
        }
    }

    @Test func saveAndReadBackExactContents() throws {
        try withStore { store in
            let saved = [
                DialplanRevisionFile(name: "trunks.yaml", contents: "# café ☎\r\ncontexts:\n  in: []  \n\t\n"),
                DialplanRevisionFile(name: "default.yaml", contents: ""),
            ]
            let result = try store.saveRevision(files: saved, source: DialplanRevision.startup, note: nil, at: time(0.25))
            #expect(result.isNew)
            let expected = DialplanRevision(id: 1, createdAt: time(0.25), source: "startup", note: nil,
                                            files: [saved[1], saved[0]],
                                            digest: DialplanRevisionDigest.digest(of: saved))
            #expect(result.revision == expected)
            #expect(try store.revision(id: 1) == expected)
            #expect(try store.latestRevision() == expected)
            #expect(try store.revision(id: 2) == nil)
            let read = try #require(try store.revision(id: 1))
            #expect(Array(read.files[1].contents.utf8) == Array(saved[0].contents.utf8))
            #expect(read.totalBytes == saved[0].contents.utf8.count)

            let second = try store.saveRevision(files: files("v2"), source: DialplanRevision.api,
                                                note: "saved by alice", at: time(60))
            #expect(second.isNew && second.revision.id == 2)
            #expect(try store.revision(id: 2)?.note == "saved by alice")
            #expect(try store.revision(id: 2)?.source == "api")
            #expect(try store.latestRevision()?.id == 2)
        }
    }

    @Test func emptyStoreHasNoRevisions() throws {
        let store = try GatewayStore.inMemory()
        #expect(try store.latestRevision() == nil)
        #expect(try store.revision(id: 1) == nil)
        #expect(try store.revisions(limit: 10) == [])
        #expect(try store.pruneRevisions(keeping: 1) == 0)
    }

    @Test func idsIncreaseAndIdenticalSavesAreNotNew() throws {
        try withStore { store in
            #expect(try store.saveRevision(files: files("a"), source: "startup", note: nil, at: time(0)).revision.id == 1)
            #expect(try store.saveRevision(files: files("b"), source: "file-change", note: nil, at: time(1)).revision.id == 2)

            // Same contents as the latest: nothing added, the latest comes back unchanged.
            let again = try store.saveRevision(files: files("b"), source: "sighup", note: "reload", at: time(2))
            #expect(!again.isNew)
            #expect(again.revision.id == 2)
            #expect(again.revision.source == "file-change" && again.revision.note == nil)
            #expect(again.revision.createdAt == time(1))

            // A change gets the next id; going back to older contents is a new revision
            // too, since only the latest is compared.
            let changed = try store.saveRevision(files: files("c"), source: "api", note: nil, at: time(3))
            #expect(changed.isNew && changed.revision.id == 3)
            let back = try store.saveRevision(files: files("a"), source: "rollback",
                                              note: "rollback to revision 1", at: time(4))
            #expect(back.isNew && back.revision.id == 4)
            #expect(try back.revision.digest == store.revision(id: 1)?.digest)
            #expect(try store.revisions(limit: 100).map(\.id) == [4, 3, 2, 1])
        }
    }

    @Test func identicalMeansSameBytesInAnyFileOrder() throws {
        try withStore { store in
            let a = DialplanRevisionFile(name: "a.yaml", contents: "x: 1\n")
            let b = DialplanRevisionFile(name: "b.yaml", contents: "y: 2\n")
            #expect(try store.saveRevision(files: [a, b], source: "startup", note: nil, at: time(0)).isNew)
            let reordered = try store.saveRevision(files: [b, a], source: "startup", note: nil, at: time(1))
            #expect(!reordered.isNew && reordered.revision.id == 1)

            // "é" precomposed and decomposed are equal Swift strings but different files.
            let composed = DialplanRevisionFile(name: "c.yaml", contents: "# caf\u{E9}\n")
            let decomposed = DialplanRevisionFile(name: "c.yaml", contents: "# cafe\u{301}\n")
            #expect(composed == decomposed)
            #expect(try store.saveRevision(files: [composed], source: "api", note: nil, at: time(2)).revision.id == 2)
            let other = try store.saveRevision(files: [decomposed], source: "api", note: nil, at: time(3))
            #expect(other.isNew && other.revision.id == 3)
            let stored = try #require(try store.revision(id: 3))
            #expect(Array(stored.files[0].contents.utf8) == Array(decomposed.contents.utf8))
            // A renamed file with the same contents is a change as well.
            let renamed = DialplanRevisionFile(name: "d.yaml", contents: decomposed.contents)
            #expect(try store.saveRevision(files: [renamed], source: "api", note: nil, at: time(4)).isNew)
        }
    }

    @Test func summariesAreNewestFirstLimitedAndWithoutContents() throws {
        try withStore { store in
            for index in 1...4 {
                let saved = [DialplanRevisionFile(name: "z.yaml", contents: "n: \(index)\n"),
                             DialplanRevisionFile(name: "m.yaml", contents: "# ☎\n")]
                try store.saveRevision(files: saved, source: "file-change", note: "edit \(index)", at: time(Double(index)))
            }
            let all = try store.revisions(limit: 10)
            #expect(all.map(\.id) == [4, 3, 2, 1])
            let newest = try #require(all.first)
            let full = try #require(try store.revision(id: 4))
            #expect(newest == DialplanRevisionSummary(id: 4, createdAt: time(4), source: "file-change",
                                                      note: "edit 4", digest: full.digest,
                                                      fileNames: ["m.yaml", "z.yaml"], totalBytes: 6 + 5))
            #expect(newest.totalBytes == full.totalBytes)
            #expect(Set(all.map(\.digest)).count == 4)
            #expect(try store.revisions(limit: 2).map(\.id) == [4, 3])
            #expect(try store.revisions(limit: 0) == [])
            #expect(try store.revisions(limit: -3) == [])
        }
    }

    @Test func pruneKeepsTheNewestAndNeverReusesIDs() throws {
        try withStore { store in
            for index in 1...5 {
                try store.saveRevision(files: files("\(index)"), source: "api", note: nil, at: time(Double(index)))
            }
            #expect(try store.pruneRevisions(keeping: 2) == 3)
            #expect(try store.revisions(limit: 10).map(\.id) == [5, 4])
            #expect(try store.revision(id: 3) == nil)
            #expect(try store.revision(id: 4)?.files == files("4"))
            #expect(try store.foreignKeyCheck() == [])
            #expect(try store.pruneRevisions(keeping: 2) == 0)

            // Keeping zero still keeps the latest.
            #expect(try store.pruneRevisions(keeping: 0) == 1)
            #expect(try store.pruneRevisions(keeping: -1) == 0)
            #expect(try store.revisions(limit: 10).map(\.id) == [5])
            #expect(try store.latestRevision()?.files == files("5"))
            #expect(try store.saveRevision(files: files("6"), source: "api", note: nil, at: time(6)).revision.id == 6)
        }
    }

    @Test func filesAreOrderedByTheBytesOfTheirNames() throws {
        try withStore { store in
            let names = ["b.yaml", "a.yaml", "B.yaml", "9.yaml", "10.yaml", "é.yaml", "a-b.yaml"]
            let saved = names.map { DialplanRevisionFile(name: $0, contents: "# \($0)\n") }
            let result = try store.saveRevision(files: saved, source: "startup", note: nil, at: time(0))
            let ordered = ["10.yaml", "9.yaml", "B.yaml", "a-b.yaml", "a.yaml", "b.yaml", "é.yaml"]
            #expect(result.revision.files.map(\.name) == ordered)
            #expect(try store.revision(id: 1)?.files.map(\.name) == ordered)
            #expect(try store.revision(id: 1)?.files.map(\.contents) == ordered.map { "# \($0)\n" })
            #expect(try store.revisions(limit: 1).first?.fileNames == ordered)
        }
    }

    @Test func sizeLimitsAreEnforced() throws {
        try withStore { store in
            let most = (0..<DialplanRevision.maximumFileCount).map {
                DialplanRevisionFile(name: "f\($0).yaml", contents: "n: \($0)\n")
            }
            #expect(try store.saveRevision(files: most, source: "api", note: nil, at: time(0)).revision.files.count == 256)
            let tooMany = most + [DialplanRevisionFile(name: "extra.yaml", contents: "")]
            expectError(.tooLarge, mentioning: "at most 256 files") {
                _ = try store.saveRevision(files: tooMany, source: "api", note: nil, at: time(1))
            }

            // Exactly 4 MiB of contents (two files, one with a 2-byte character) fits.
            let limit = 4 * 1024 * 1024
            #expect(DialplanRevision.maximumTotalBytes == limit)
            let half = String(repeating: "x", count: limit / 2)
            let exact = [DialplanRevisionFile(name: "a.yaml", contents: half),
                         DialplanRevisionFile(name: "b.yaml", contents: "é" + String(repeating: "y", count: limit / 2 - 2))]
            let stored = try store.saveRevision(files: exact, source: "api", note: nil, at: time(2))
            #expect(stored.isNew && stored.revision.totalBytes == limit)
            #expect(try store.revision(id: 2)?.files == exact)
            let over = [exact[0], DialplanRevisionFile(name: "b.yaml", contents: exact[1].contents + "z")]
            expectError(.tooLarge, mentioning: "4 MiB") {
                _ = try store.saveRevision(files: over, source: "api", note: nil, at: time(3))
            }
            #expect(try store.latestRevision()?.id == 2)
        }
    }

    @Test func malformedRevisionsAreRejected() throws {
        try withStore { store in
            let good = DialplanRevisionFile(name: "a.yaml", contents: "x: 1\n")
            expectError(.invalidRecord, mentioning: "unknown dialplan revision source 'reload'") {
                _ = try store.saveRevision(files: [good], source: "reload", note: nil, at: time(0))
            }
            expectError(.invalidRecord, mentioning: "at least one file") {
                _ = try store.saveRevision(files: [], source: "api", note: nil, at: time(0))
            }
            expectError(.invalidRecord, mentioning: "empty name") {
                _ = try store.saveRevision(files: [DialplanRevisionFile(name: "", contents: "")],
                                           source: "api", note: nil, at: time(0))
            }
            expectError(.invalidRecord, mentioning: "appears twice") {
                _ = try store.saveRevision(files: [good, good], source: "api", note: nil, at: time(0))
            }
            expectError(.invalidRecord, mentioning: "NUL") {
                _ = try store.saveRevision(files: [DialplanRevisionFile(name: "a.yaml", contents: "x\u{0}y")],
                                           source: "api", note: nil, at: time(0))
            }
            let stored = try store.revisions(limit: 10)
            #expect(stored == [])
        }
    }

    @Test func revisionsSurviveReopeningTheFile() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("gateway.sqlite")
        let first: DialplanRevision
        let second: DialplanRevision
        do {
            let store = try GatewayStore(path: path)
            first = try store.saveRevision(files: files("one"), source: "startup", note: nil, at: time(0)).revision
            second = try store.saveRevision(files: files("two"), source: "sighup", note: "by ops", at: time(10)).revision
        }
        let reopened = try GatewayStore(path: path)
        #expect(try reopened.revision(id: 1) == first)
        #expect(try reopened.latestRevision() == second)
        #expect(try reopened.revisions(limit: 10).map(\.id) == [2, 1])
        // A restart with unchanged files adds nothing.
        let restart = try reopened.saveRevision(files: files("two"), source: "startup", note: nil, at: time(20))
        #expect(!restart.isNew && restart.revision == second)
        #expect(try reopened.saveRevision(files: files("three"), source: "startup", note: nil, at: time(30)).revision.id == 3)
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func digestIsFNV1aOfTheCanonicalContent() {
        // FNV-1a 64 of "a.yaml\0contexts: {}\n\0b.yaml\0# café\n\0" (UTF-8).
        let a = DialplanRevisionFile(name: "a.yaml", contents: "contexts: {}\n")
        let b = DialplanRevisionFile(name: "b.yaml", contents: "# café\n")
        #expect(DialplanRevisionDigest.digest(of: [a, b]) == "0b13b25dde189a01")
        #expect(DialplanRevisionDigest.digest(of: [b, a]) == "0b13b25dde189a01")
        #expect(DialplanRevisionDigest.digest(of: [DialplanRevisionFile(name: "x", contents: "")]) == "be5ffa197ecee51f")
        // No files: the FNV-1a offset basis, zero-padded to 16 digits like every digest.
        #expect(DialplanRevisionDigest.digest(of: []) == "cbf29ce484222325")
    }

    @Test func revisionsEncodeAsJSON() throws {
        let revision = DialplanRevision(id: 7, createdAt: time(0), source: "api", note: "n",
                                        files: files("j"), digest: DialplanRevisionDigest.digest(of: files("j")))
        let data = try JSONEncoder().encode(revision)
        #expect(try JSONDecoder().decode(DialplanRevision.self, from: data) == revision)
    }
}
