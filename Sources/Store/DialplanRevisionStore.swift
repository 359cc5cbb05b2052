import Foundation

/// Where accepted versions of the dialplan files live, so operators can list them and
/// roll back. `GatewayStore` keeps them in SQLite.
///
/// Like `CallRecordStore`, the methods may block on disk I/O: call them off the
/// networking threads, never on a SwiftNIO event loop.
public protocol DialplanRevisionStore: Sendable {
    /// Stores `files` as a new revision, unless they are byte for byte the files of the
    /// latest revision: then nothing is added and the latest is returned with `isNew`
    /// false, so restarts and touching a file without changing it add nothing.
    /// Throws `.invalidRecord` for an unknown `source`, no files, an empty or repeated
    /// name or a NUL byte, and `.tooLarge` beyond `DialplanRevision.maximumFileCount`
    /// files or `DialplanRevision.maximumTotalBytes` bytes.
    @discardableResult
    func saveRevision(files: [DialplanRevisionFile], source: String, note: String?,
                      at time: Date) throws(StoreError) -> (revision: DialplanRevision, isNew: Bool)

    /// The revision with this id, if any (it may have been pruned).
    func revision(id: Int64) throws(StoreError) -> DialplanRevision?

    /// The most recently stored revision, if any.
    func latestRevision() throws(StoreError) -> DialplanRevision?

    /// Up to `limit` revisions without their contents, newest first.
    func revisions(limit: Int) throws(StoreError) -> [DialplanRevisionSummary]

    /// Deletes the oldest revisions beyond the newest `keeping` (at least 1: the latest
    /// is never deleted). Returns how many were deleted.
    @discardableResult
    func pruneRevisions(keeping: Int) throws(StoreError) -> Int
}
