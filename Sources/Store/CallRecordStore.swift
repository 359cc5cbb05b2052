import Foundation

/// Where call records live. `GatewayStore` keeps them in SQLite; a shared database
/// (e.g. PostgreSQL for several gateway nodes) would be another type conforming to this.
///
/// The synchronous methods may block on disk I/O: call them from a dedicated thread or
/// a serial queue off the networking threads, never on a SwiftNIO event loop. The
/// `async` overloads of the readers suspend instead of blocking, for request handlers
/// that run in Swift concurrency (they are picked automatically in `async` code).
public protocol CallRecordStore: Sendable {
    /// Adds a new record; throws `.duplicateID` if its id is taken.
    func insert(_ record: CallRecord) throws(StoreError)

    /// Replaces every field of the record with the same id; throws `.notFound` if none.
    func update(_ record: CallRecord) throws(StoreError)

    /// Sets `answeredAt` once; returns false if the call is unknown, already answered or ended.
    @discardableResult
    func markAnswered(id: String, at time: Date) throws(StoreError) -> Bool

    /// Ends the call once; returns false if the call is unknown or already ended,
    /// so the first report of how a call ended is the one kept.
    @discardableResult
    func markEnded(id: String, at time: Date, side: String?, cause: String?,
                   sipStatus: Int?, q850: Int?) throws(StoreError) -> Bool

    /// The record with this id, if any, with its `events` loaded.
    func record(id: String) throws(StoreError) -> CallRecord?

    /// Up to `limit` records, the most recently started first.
    func recentRecords(limit: Int) throws(StoreError) -> [CallRecord]

    /// Records not ended yet, oldest first.
    func openRecords() throws(StoreError) -> [CallRecord]

    /// Ends every open record at `time` with `cause` and hangup side `gateway`; run at
    /// startup, every open record then belongs to a call lost in a crash or restart.
    /// Returns how many records were closed.
    @discardableResult
    func closeOpenRecords(at time: Date, cause: String) throws(StoreError) -> Int

    /// Adds an event to the call's record; throws `.notFound` if the call is unknown.
    /// A call keeps at most `CallRecordEvent.maximumPerCall` events: the first one past
    /// that is replaced by a single `events_truncated` marker and later ones are dropped
    /// without an error, so a misbehaving call cannot fail or flood its recorder.
    func addEvent(callID: String, _ event: CallRecordEvent) throws(StoreError)

    /// The call's events, oldest first (in the order they were added); empty for a call
    /// without events or an unknown call.
    func events(callID: String) throws(StoreError) -> [CallRecordEvent]

    // MARK: Readers that suspend instead of blocking

    /// `record(id:)` without blocking the calling thread.
    func record(id: String) async throws(StoreError) -> CallRecord?

    /// `recentRecords(limit:)` without blocking the calling thread.
    func recentRecords(limit: Int) async throws(StoreError) -> [CallRecord]

    /// `openRecords()` without blocking the calling thread.
    func openRecords() async throws(StoreError) -> [CallRecord]

    /// `events(callID:)` without blocking the calling thread.
    func events(callID: String) async throws(StoreError) -> [CallRecordEvent]
}
