import Foundation

/// An operator who may sign in to the admin console.
///
/// Not `Encodable`: the password hash is never served. Its `description` leaves the hash
/// out too, so logging an account does not write the hash to the log.
public struct OperatorAccount: Sendable, Equatable, CustomStringConvertible {
    /// The sign-in name, unique.
    public var name: String
    /// The PHC scrypt string of the password (`Hashing.PasswordHash.make`).
    public var passwordHash: String
    public var createdAt: Date
    /// When the password was last set (equal to `createdAt` until it is changed).
    public var updatedAt: Date

    public init(name: String, passwordHash: String, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var description: String {
        "OperatorAccount(name: \(name), createdAt: \(createdAt), updatedAt: \(updatedAt))"
    }
}

/// A key of the REST API, as listings show it.
///
/// Holds no secret: neither the key (shown once, when made) nor its hash, so the whole
/// record may be served as JSON.
public struct APIKeyRecord: Sendable, Equatable, Encodable {
    /// 1, 2, 3… in the order keys were made; never reused after a revocation.
    public var id: Int64
    /// The operator's label for the key, unique (e.g. `billing-export`).
    public var name: String
    /// The key's first characters, to tell keys apart without revealing them.
    public var prefix: String
    public var createdAt: Date
    /// When a request last authenticated with the key; nil when never used.
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, prefix: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// Operators of the admin console and the keys of the REST API. `GatewayStore` keeps
/// them in SQLite (migration `v4_operators`).
///
/// The store keeps only hashes and never compares passwords itself: callers hash with
/// `Hashing.PasswordHash` and look keys up by the digest of the key presented. Like the
/// other stores, the methods may block on disk I/O: call them off the networking
/// threads, never on a SwiftNIO event loop.
public protocol OperatorStore: Sendable {
    /// The operator with this exact name (names are compared byte for byte), if any.
    func operatorAccount(named name: String) throws(StoreError) -> OperatorAccount?

    /// Adds the operator, or replaces the password of an existing one (keeping its
    /// `createdAt`, setting `updatedAt` to `time`). Throws `.invalidRecord` for an empty name.
    func saveOperator(name: String, passwordHash: String, at time: Date) throws(StoreError)

    /// Removes the operator; false when there was none by that name.
    @discardableResult
    func removeOperator(named name: String) throws(StoreError) -> Bool

    /// Every operator's name, in byte order.
    func operatorNames() throws(StoreError) -> [String]

    /// Records a new key by the hash of its secret. Throws `.duplicateID` when a key
    /// has this name (or this hash) already, `.invalidRecord` for an empty name.
    func addAPIKey(name: String, keyHash: String, prefix: String, at time: Date) throws(StoreError) -> APIKeyRecord

    /// The key whose secret hashes to `keyHash`, if it exists and was not revoked.
    func apiKey(withHash keyHash: String) throws(StoreError) -> APIKeyRecord?

    /// Every key, ordered by name (byte order).
    func apiKeys() throws(StoreError) -> [APIKeyRecord]

    /// Deletes the key: requests presenting it fail from now on. False when there was
    /// no key by that name.
    @discardableResult
    func revokeAPIKey(named name: String) throws(StoreError) -> Bool

    /// Records that the key was used at `time`. A key revoked meanwhile is left alone
    /// (no error): the request that used it was already accepted.
    func touchAPIKey(id: Int64, at time: Date) throws(StoreError)
}
