import COpenSSL

/// Stored passwords of operators signing in to the admin console: scrypt (RFC 7914),
/// which is memory-hard, so guessing offline costs memory as well as time.
///
/// A stored password is a PHC-style string that carries its own cost and salt, e.g.
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (both in base64 without padding), so the cost
/// can be raised later without invalidating the hashes already stored.
public enum PasswordHash {
    /// scrypt's work factors (RFC 7914 §2): N = 2^logN rounds over 128·r·N bytes of
    /// memory, p independent lanes.
    public struct Cost: Sendable, Equatable {
        public var logN: Int
        public var r: Int
        public var p: Int

        /// N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second per attempt,
        /// the usual interactive-login cost (RFC 7914 §2, OWASP password storage).
        public static let standard = Cost(logN: 15, r: 8, p: 1)

        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// Whether `verify` accepts a stored hash of this cost. Anything beyond is taken
        /// for a damaged or planted hash: verifying it could take gigabytes or minutes.
        public var isAcceptable: Bool {
            guard (1...PasswordHash.maximumLogN).contains(logN),
                  (1...PasswordHash.maximumRTimesP).contains(r),
                  (1...PasswordHash.maximumRTimesP).contains(p),
                  r * p <= PasswordHash.maximumRTimesP
            else { return false }
            // No overflow: at most 128 · 64 · 2^20 = 2^33 here.
            return 128 * r * (1 << logN) <= PasswordHash.maximumVerifyMemory
        }
    }

    /// Limits on the cost of a stored hash (see `Cost.isAcceptable`).
    static let maximumLogN = 20
    static let maximumRTimesP = 64
    static let maximumVerifyMemory = 256 << 20
    /// Limits on raw `scrypt` calls: enough for the RFC 7914 §12 vectors but never an
    /// allocation that could exhaust the machine.
    static let maximumRawMemory = 1 << 30
    static let maximumKeyLength = 1024

    static let saltLength = 16
    static let hashLength = 32
    /// Salt and hash lengths `verify` accepts, so hashes made with other lengths (by
    /// another tool, or a later release) still verify.
    static let acceptedSaltLengths = 8...64
    static let acceptedHashLengths = 16...64
    /// Longer strings are not ours: rejected before any parsing.
    static let maximumEncodedLength = 512

    private static let prefix = "$scrypt$"

    /// A new PHC-style hash of `password` with 16 random salt bytes:
    /// `$scrypt$ln=15,r=8,p=1$<salt>$<32-byte hash>`. `cost` must be one `verify`
    /// accepts (`Cost.isAcceptable`); anything else is a programming error and traps.
    public static func make(password: String, cost: Cost = .standard) -> String {
        precondition(cost.isAcceptable, "scrypt cost \(cost) is beyond what verify accepts")
        let salt = secureRandomBytes(saltLength)
        guard let hash = scrypt(password: Array(password.utf8), salt: salt,
                                logN: cost.logN, r: cost.r, p: cost.p, length: hashLength)
        else { preconditionFailure("scrypt failed at cost \(cost)") }
        return "\(prefix)ln=\(cost.logN),r=\(cost.r),p=\(cost.p)$\(UnpaddedBase64.encode(salt))$\(UnpaddedBase64.encode(hash))"
    }

    /// True when `password` matches `encoded`. False for anything malformed, with a salt
    /// or hash of unusual length, or with a cost beyond `Cost.isAcceptable`; never traps.
    /// The hashes are compared in constant time (`CRYPTO_memcmp`).
    public static func verify(password: String, against encoded: String) -> Bool {
        guard let stored = Stored(parsing: encoded),
              let computed = scrypt(password: Array(password.utf8), salt: stored.salt,
                                    logN: stored.cost.logN, r: stored.cost.r, p: stored.cost.p,
                                    length: stored.hash.count),
              computed.count == stored.hash.count
        else { return false }
        return computed.withUnsafeBytes { a in
            stored.hash.withUnsafeBytes { b in
                CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
            }
        }
    }

    /// Raw scrypt (RFC 7914 §6) through OpenSSL's `EVP_PBE_scrypt`. Nil when OpenSSL
    /// refuses the parameters (e.g. N ≥ 2^(16·r), RFC 7914 §2), when `length` is not in
    /// 1...1024, or when the work would need more than 1 GiB of memory.
    public static func scrypt(password: [UInt8], salt: [UInt8], logN: Int, r: Int, p: Int,
                              length: Int) -> [UInt8]? {
        guard (1...30).contains(logN), (1...1024).contains(r), (1...1024).contains(p),
              (1...maximumKeyLength).contains(length)
        else { return nil }
        let n = 1 << logN
        // OpenSSL needs 128·r·(N + 2) bytes for V and 128·r·p for B, and refuses to run
        // when that exceeds `maxmem` (32 MiB by default: just short of the standard cost).
        // No overflow: at most 128 · 2^10 · (2^30 + 2^10 + 2) < 2^48.
        let needed = 128 * r * (n + 2) + 128 * r * p
        guard needed <= maximumRawMemory else { return nil }
        let maxmem = UInt64(needed + 64 * 1024)
        var key = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBufferPointer { pass in
            salt.withUnsafeBufferPointer { saltBuffer in
                pass.withMemoryRebound(to: CChar.self) { passChars in
                    EVP_PBE_scrypt(passChars.baseAddress, passChars.count,
                                   saltBuffer.baseAddress, saltBuffer.count,
                                   UInt64(n), UInt64(r), UInt64(p), maxmem, &key, length)
                }
            }
        }
        return ok == 1 ? key : nil
    }

    /// A hash of a random password at the standard cost, made once on first use.
    /// Verifying an unknown user's attempt against it takes as long as verifying a known
    /// user's, so response times do not tell unknown names from wrong passwords.
    public static let decoy: String = make(password: randomToken(length: 32))

    /// The parts of a stored hash, once checked.
    private struct Stored {
        var cost: Cost
        var salt: [UInt8]
        var hash: [UInt8]

        /// `$scrypt$ln=<logN>,r=<r>,p=<p>$<salt>$<hash>`, exactly; nil otherwise.
        init?(parsing encoded: String) {
            guard encoded.utf8.count <= PasswordHash.maximumEncodedLength,
                  encoded.hasPrefix(PasswordHash.prefix)
            else { return nil }
            let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
            // "", "scrypt", parameters, salt, hash
            guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
            let parameters = fields[2].split(separator: ",", omittingEmptySubsequences: false)
            guard parameters.count == 3,
                  let logN = Self.number(parameters[0], named: "ln"),
                  let r = Self.number(parameters[1], named: "r"),
                  let p = Self.number(parameters[2], named: "p")
            else { return nil }
            let cost = Cost(logN: logN, r: r, p: p)
            guard cost.isAcceptable,
                  let salt = UnpaddedBase64.decode(fields[3]), PasswordHash.acceptedSaltLengths.contains(salt.count),
                  let hash = UnpaddedBase64.decode(fields[4]), PasswordHash.acceptedHashLengths.contains(hash.count)
            else { return nil }
            self.cost = cost
            self.salt = salt
            self.hash = hash
        }

        /// The value of `<name>=<decimal>`: ASCII digits only, no sign, no leading zero,
        /// at most 9 digits (so it cannot overflow).
        private static func number(_ field: Substring, named name: String) -> Int? {
            let parts = field.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { return nil }
            let digits = parts[1].utf8
            guard (1...9).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }),
                  digits.first != 0x30 || digits.count == 1
            else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
    }
}

/// Standard base64 (RFC 4648 §4) without padding, as PHC strings write salts and hashes.
enum UnpaddedBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var group = 0
            for (offset, byte) in chunk.enumerated() {
                group |= Int(byte) << (16 - 8 * offset)
            }
            // 1, 2 or 3 bytes make 2, 3 or 4 characters.
            for position in 0...chunk.count {
                out.append(alphabet[(group >> (18 - 6 * position)) & 0x3f])
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil for padding, any character outside the alphabet, an impossible length, or
    /// leftover bits that are not zero (so each byte string has exactly one encoding).
    static func decode(_ text: Substring) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(characters.count * 3 / 4)
        var accumulator = 0
        var bits = 0
        for character in characters {
            guard let value = Self.value(of: character) else { return nil }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> bits) & 0xff))
                accumulator &= (1 << bits) - 1
            }
        }
        guard accumulator == 0 else { return nil }
        return out
    }

    private static func value(of character: UInt8) -> Int? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
