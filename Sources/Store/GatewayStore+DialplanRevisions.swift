import Foundation
import GRDB

extension GatewayStore: DialplanRevisionStore {
    @discardableResult
    public func saveRevision(files: [DialplanRevisionFile], source: String, note: String?,
                             at time: Date) throws(StoreError) -> (revision: DialplanRevision, isNew: Bool) {
        try DialplanRevision.validate(files: files, source: source)
        let ordered = DialplanRevisionDigest.canonicalOrder(files)
        let digest = DialplanRevisionDigest.digest(of: ordered)
        // One transaction: the comparison with the latest revision and the insert cannot
        // interleave with another save, and a failure leaves no partial revision.
        return try write { db -> (revision: DialplanRevision, isNew: Bool) in
            if let latest = try Self.fetchLatestIDAndDigest(db), latest.digest == digest,
               let revision = try Self.fetchRevision(db, id: latest.id),
               DialplanRevisionDigest.sameBytes(revision.files, ordered) {
                return (revision, false)
            }
            try db.execute(sql: """
                INSERT INTO dialplan_revision (created_at, source, note, digest) VALUES (?, ?, ?, ?)
                """, arguments: [time, source, note, digest])
            let id = db.lastInsertedRowID
            for file in ordered {
                try db.execute(sql: """
                    INSERT INTO dialplan_revision_file (revision_id, name, contents, size) VALUES (?, ?, ?, ?)
                    """, arguments: [id, file.name, file.contents, file.contents.utf8.count])
            }
            // The database keeps milliseconds: return the time as stored, so this revision
            // equals the one `revision(id:)` reads later.
            let createdAt = try Date.fetchOne(db, sql: "SELECT created_at FROM dialplan_revision WHERE id = ?",
                                              arguments: [id]) ?? time
            let revision = DialplanRevision(id: id, createdAt: createdAt, source: source, note: note,
                                            files: ordered, digest: digest)
            return (revision, true)
        }
    }

    public func revision(id: Int64) throws(StoreError) -> DialplanRevision? {
        try read { db in try Self.fetchRevision(db, id: id) }
    }

    public func latestRevision() throws(StoreError) -> DialplanRevision? {
        try read { db in
            guard let latest = try Self.fetchLatestIDAndDigest(db) else { return nil }
            return try Self.fetchRevision(db, id: latest.id)
        }
    }

    public func revisions(limit: Int) throws(StoreError) -> [DialplanRevisionSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, created_at, source, note, digest FROM dialplan_revision
                ORDER BY id DESC LIMIT ?
                """, arguments: [max(0, limit)])
            var summaries = try rows.map { row in
                DialplanRevisionSummary(id: try row.decode(forColumn: "id"),
                                        createdAt: try row.decode(forColumn: "created_at"),
                                        source: try row.decode(forColumn: "source"),
                                        note: try row.decode(forColumn: "note"),
                                        digest: try row.decode(forColumn: "digest"),
                                        fileNames: [], totalBytes: 0)
            }
            guard let newest = summaries.first?.id, let oldest = summaries.last?.id else { return [] }
            // The newest N revisions are every revision from `oldest` up: one range query
            // fetches their file names and sizes, without the contents.
            let position = Dictionary(uniqueKeysWithValues: summaries.enumerated().map { ($1.id, $0) })
            let files = try Row.fetchAll(db, sql: """
                SELECT revision_id, name, size FROM dialplan_revision_file
                WHERE revision_id BETWEEN ? AND ? ORDER BY revision_id, name
                """, arguments: [oldest, newest])
            for file in files {
                let revisionID: Int64 = try file.decode(forColumn: "revision_id")
                guard let index = position[revisionID] else { continue }
                summaries[index].fileNames.append(try file.decode(forColumn: "name"))
                summaries[index].totalBytes += try file.decode(Int.self, forColumn: "size")
            }
            return summaries
        }
    }

    @discardableResult
    public func pruneRevisions(keeping: Int) throws(StoreError) -> Int {
        try write { db in
            // Their files go with them (ON DELETE CASCADE).
            try db.execute(sql: """
                DELETE FROM dialplan_revision
                WHERE id NOT IN (SELECT id FROM dialplan_revision ORDER BY id DESC LIMIT ?)
                """, arguments: [max(1, keeping)])
            return db.changesCount
        }
    }

    // MARK: Queries

    private static func fetchLatestIDAndDigest(_ db: Database) throws -> (id: Int64, digest: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, digest FROM dialplan_revision ORDER BY id DESC LIMIT 1")
        else { return nil }
        return (try row.decode(forColumn: "id"), try row.decode(forColumn: "digest"))
    }

    private static func fetchRevision(_ db: Database, id: Int64) throws -> DialplanRevision? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, created_at, source, note, digest FROM dialplan_revision WHERE id = ?
            """, arguments: [id])
        else { return nil }
        let files = try Row.fetchAll(db, sql: """
            SELECT name, contents FROM dialplan_revision_file WHERE revision_id = ? ORDER BY name
            """, arguments: [id]).map { file in
            DialplanRevisionFile(name: try file.decode(forColumn: "name"),
                                 contents: try file.decode(forColumn: "contents"))
        }
        return DialplanRevision(id: try row.decode(forColumn: "id"), createdAt: try row.decode(forColumn: "created_at"),
                                source: try row.decode(forColumn: "source"), note: try row.decode(forColumn: "note"),
                                files: files, digest: try row.decode(forColumn: "digest"))
    }
}
