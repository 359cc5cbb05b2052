import Foundation

/// One dialplan file as it was when a revision was stored.
public struct DialplanRevisionFile: Codable, Sendable, Hashable {
    /// File name inside the dialplan folder, e.g. `default.yaml`.
    public var name: String
    /// The file's text, exactly as read from disk.
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// One accepted version of the operator's dialplan files, kept so operators can see
/// what changed and roll back to it.
public struct DialplanRevision: Codable, Sendable, Hashable {
    /// Why a revision was stored (`source`).
    public static let startup = "startup"          // the gateway loaded the files when it started
    public static let fileChange = "file-change"   // a watched file changed on disk
    public static let sighup = "sighup"            // the operator asked for a reload (SIGHUP)
    public static let api = "api"                  // saved through the HTTP API
    public static let rollback = "rollback"        // an older revision was put back
    /// Every accepted `source`.
    public static let sources = [startup, fileChange, sighup, api, rollback]

    /// A revision holds at most this many files…
    public static let maximumFileCount = 256
    /// …and at most this many bytes of contents (UTF-8, all files together): 4 MiB.
    public static let maximumTotalBytes = 4 * 1024 * 1024

    /// 1, 2, 3… in the order revisions were stored; never reused, even after pruning,
    /// so a note such as "rollback to revision 3" keeps meaning the same revision.
    public var id: Int64
    public var createdAt: Date
    /// One of `sources`.
    public var source: String
    /// Free text, e.g. `rollback to revision 3` or who saved it.
    public var note: String?
    /// The files, ordered by name (byte order of their UTF-8 names).
    public var files: [DialplanRevisionFile]
    /// `DialplanRevisionDigest` of `files`: equal digests spot identical contents.
    public var digest: String

    public init(id: Int64, createdAt: Date, source: String, note: String?,
                files: [DialplanRevisionFile], digest: String) {
        self.id = id
        self.createdAt = createdAt
        self.source = source
        self.note = note
        self.files = files
        self.digest = digest
    }

    /// Bytes of contents (UTF-8) of all files together.
    public var totalBytes: Int {
        files.reduce(0) { $0 + $1.contents.utf8.count }
    }
}

/// A revision without its files' contents, for listings.
public struct DialplanRevisionSummary: Codable, Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    public var source: String
    public var note: String?
    public var digest: String
    /// Names of the revision's files, ordered by name.
    public var fileNames: [String]
    /// Bytes of contents (UTF-8) of all files together.
    public var totalBytes: Int

    public init(id: Int64, createdAt: Date, source: String, note: String?, digest: String,
                fileNames: [String], totalBytes: Int) {
        self.id = id
        self.createdAt = createdAt
        self.source = source
        self.note = note
        self.digest = digest
        self.fileNames = fileNames
        self.totalBytes = totalBytes
    }
}
