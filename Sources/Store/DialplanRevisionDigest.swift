/// The digest and canonical order of a revision's files.
///
/// The digest is a 64-bit FNV-1a hash, as 16 lowercase hex digits, of the canonical
/// content: for each file in name order, its UTF-8 name, a NUL byte, its UTF-8 contents
/// and a NUL byte. It is there to spot identical contents at a glance (in listings, in
/// logs, before comparing two revisions); it is not a security checksum, and the store
/// never relies on it alone: it compares the bytes too before calling two revisions equal.
public enum DialplanRevisionDigest {
    /// FNV-1a 64-bit parameters (offset basis and prime).
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The digest of `files`, whatever order they come in.
    public static func digest(of files: [DialplanRevisionFile]) -> String {
        var hash = offsetBasis
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* prime  // wraps modulo 2^64, as FNV specifies
        }
        for file in canonicalOrder(files) {
            file.name.utf8.forEach(mix)
            mix(0)
            file.contents.utf8.forEach(mix)
            mix(0)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `files` sorted by the bytes of their UTF-8 names: the order SQLite's default
    /// (binary) collation gives, so Swift and SQL agree on it.
    public static func canonicalOrder(_ files: [DialplanRevisionFile]) -> [DialplanRevisionFile] {
        files.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// True when both lists hold the same names and contents byte for byte (Swift's `==`
    /// on strings would also match differently normalized Unicode text).
    static func sameBytes(_ left: [DialplanRevisionFile], _ right: [DialplanRevisionFile]) -> Bool {
        let left = canonicalOrder(left)
        let right = canonicalOrder(right)
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { pair in
            pair.0.name.utf8.elementsEqual(pair.1.name.utf8)
                && pair.0.contents.utf8.elementsEqual(pair.1.contents.utf8)
        }
    }
}
