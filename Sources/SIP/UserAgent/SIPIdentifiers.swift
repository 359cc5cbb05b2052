import Hashing

/// Fresh identifiers for requests and dialogs, from a secure random source.
public enum SIPIdentifiers {
    /// A Via branch with the RFC 3261 magic cookie (§8.1.1.7), unique per transaction.
    public static func newBranch() -> String { Via.magicCookie + randomToken(length: 16) }

    /// A From/To tag with enough randomness to be globally unique (§19.3: ≥ 32 bits).
    public static func newTag() -> String { randomToken(length: 12) }

    /// A Call-ID (§8.1.1.4), optionally `@domain`.
    public static func newCallID(domain: String? = nil) -> String {
        randomToken(length: 24) + (domain.map { "@\($0)" } ?? "")
    }
}
