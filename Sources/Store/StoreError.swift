/// A failure of the store, independent of the database behind it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The database file or its folder could not be opened or created.
        case cannotOpen
        /// A schema migration failed; the database is left as it was before it.
        case migrationFailed
        /// A record with this id exists already.
        case duplicateID
        /// No record has this id.
        case notFound
        /// The record breaks a rule of the schema (e.g. an unknown direction).
        case invalidRecord
        /// The record is bigger than the store accepts (e.g. a dialplan revision over
        /// `DialplanRevision.maximumTotalBytes`); the message says which limit.
        case tooLarge
        /// Any other database failure (disk full, I/O error, corruption…).
        case databaseFailure
    }

    public var kind: Kind
    /// What happened, for logs.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "store error (\(kind)): \(message)"
    }
}
