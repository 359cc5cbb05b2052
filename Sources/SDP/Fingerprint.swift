/// `a=fingerprint:<hash-func> <fingerprint>` (RFC 8122 §5), e.g.
/// `sha-256 4F:2A:...:9C`.
public struct Fingerprint: Sendable, Hashable {
    /// Hash function name as written, e.g. `sha-256`.
    public var algorithm: String
    /// Colon-separated uppercase hex as written.
    public var value: String

    public init(algorithm: String, value: String) {
        self.algorithm = algorithm
        self.value = value
    }

    /// A fingerprint for a certificate digest, formatted as RFC 8122 §5 asks
    /// (uppercase hex pairs separated by colons).
    public init(algorithm: String = "sha-256", digest: [UInt8]) {
        self.algorithm = algorithm
        let digits: [Character] = Array("0123456789ABCDEF")
        var text = ""
        text.reserveCapacity(digest.count * 3)
        for (index, byte) in digest.enumerated() {
            if index > 0 { text.append(":") }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        self.value = text
    }

    /// Parses the value of an `a=fingerprint` attribute.
    public init?(attributeValue: String) {
        guard let (algorithm, value) = attributeValue.trimmedSpaces.splitFirstSpace(),
              !algorithm.isEmpty, !value.isEmpty else { return nil }
        self.init(algorithm: algorithm, value: value)
    }

    /// The attribute value: `<algorithm> <value>`.
    public var attributeValue: String { "\(algorithm) \(value)" }

    /// The digest bytes, or nil when `value` is not colon-separated hex pairs.
    public var digest: [UInt8]? {
        var bytes: [UInt8] = []
        for pair in value.split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.utf8.count == 2, let byte = UInt8(pair, radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : bytes
    }

    /// Whether this fingerprint names `digest` computed with `algorithm`
    /// (names compared case-insensitively, as RFC 8122 §5 makes them case-insensitive).
    public func matches(algorithm otherAlgorithm: String, digest other: [UInt8]) -> Bool {
        algorithm.lowercased() == otherAlgorithm.lowercased() && digest == other
    }
}
