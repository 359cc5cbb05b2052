import Foundation

/// The names web users and agents go by: in call records, the dialplan's `entry.web.identities`,
/// the agent roster, and a token's `sub` claim (docs/signaling.md, docs/tokens.md).
public enum WebIdentity {
    /// The identity of a browser that names nobody in open mode.
    public static let anonymous = "anonymous"

    /// 1 to 64 ASCII letters, digits and `. _ - @ +`: safe in logs, SIP headers and URLs.
    public static func isValid(_ s: String) -> Bool {
        guard (1...64).contains(s.utf8.count) else { return false }
        return s.unicodeScalars.allSatisfy { c in
            c.isASCII && (CharacterSet.alphanumerics.contains(c) || "._-@+".unicodeScalars.contains(c))
        }
    }
}
