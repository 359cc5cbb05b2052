/// An Asterisk-style pattern, also the common form of exact numbers and prefixes.
///
/// Characters: digits, '+', '*' and '#' match themselves; `X` any digit, `Z` 1-9, `N` 2-9;
/// `[15-7]` one of the listed digits and ranges; a final `.` one or more further
/// characters, a final `!` zero or more. A leading `_` (Asterisk's marker) and '-' between
/// characters (for readability) are ignored. Patterns see the normalized number, so an
/// E.164 pattern starts with '+'.
public struct AsteriskPattern: Sendable, Hashable {
    /// What may follow the fixed positions.
    public enum Tail: Sendable, Hashable {
        case none
        case oneOrMore
        case zeroOrMore
    }

    public var source: String
    /// One set of allowed characters per fixed position.
    public var positions: [CharacterSet]
    public var tail: Tail

    /// The characters numbers are made of after normalization, as bits of a small set.
    public struct CharacterSet: Sendable, Hashable {
        static let alphabet: [Character] = Array("0123456789+*#")
        var bits: UInt16

        static let any = CharacterSet(bits: (1 << 13) - 1)

        static func single(_ c: Character) -> CharacterSet? {
            alphabet.firstIndex(of: c).map { CharacterSet(bits: 1 << UInt16($0)) }
        }

        static func digits(_ range: ClosedRange<Int>) -> CharacterSet {
            var bits: UInt16 = 0
            for d in range { bits |= 1 << UInt16(d) }
            return CharacterSet(bits: bits)
        }

        func contains(_ c: Character) -> Bool {
            guard let index = Self.alphabet.firstIndex(of: c) else { return false }
            return bits & (1 << UInt16(index)) != 0
        }

        func isSubset(of other: CharacterSet) -> Bool { bits & ~other.bits == 0 }

        /// The only character in the set, when it has exactly one.
        var singleCharacter: Character? {
            guard bits != 0, bits & (bits - 1) == 0 else { return nil }
            return Self.alphabet[bits.trailingZeroBitCount]
        }

        /// Some character in the set (the lowest), for building a sample number.
        var sample: Character? {
            bits == 0 ? nil : Self.alphabet[bits.trailingZeroBitCount]
        }
    }

    public init(source: String, positions: [CharacterSet], tail: Tail) {
        self.source = source
        self.positions = positions
        self.tail = tail
    }

    /// An exact number as a pattern of literal positions.
    static func literal(_ text: String, tail: Tail) -> AsteriskPattern {
        AsteriskPattern(source: text, positions: text.compactMap { CharacterSet.single($0) }, tail: tail)
    }

    public func matches(_ number: String) -> Bool {
        let characters = Array(number)
        switch tail {
        case .none: guard characters.count == positions.count else { return false }
        case .oneOrMore: guard characters.count > positions.count else { return false }
        case .zeroOrMore: guard characters.count >= positions.count else { return false }
        }
        for (set, character) in zip(positions, characters) where !set.contains(character) {
            return false
        }
        return true
    }

    /// The fixed characters every match starts with.
    public var literalPrefix: String {
        String(positions.prefix { $0.singleCharacter != nil }.compactMap(\.singleCharacter))
    }

    /// Whether every number this pattern matches is also matched by `other`.
    ///
    /// Exact for these patterns: the lengths this one accepts must all be accepted by
    /// `other`, and at each position `other` checks, this one's choices must be a subset.
    func isCovered(by other: AsteriskPattern) -> Bool {
        let (minSelf, maxSelf) = lengthBounds
        let (minOther, maxOther) = other.lengthBounds
        guard minSelf >= minOther else { return false }
        if let maxOther {
            guard let maxSelf, maxSelf <= maxOther else { return false }
        }
        for (index, otherSet) in other.positions.enumerated() {
            let mine = index < positions.count ? positions[index] : CharacterSet.any
            if !mine.isSubset(of: otherSet) { return false }
        }
        return true
    }

    /// Shortest and longest (nil: unbounded) matching lengths.
    var lengthBounds: (Int, Int?) {
        switch tail {
        case .none: return (positions.count, positions.count)
        case .oneOrMore: return (positions.count + 1, nil)
        case .zeroOrMore: return (positions.count, nil)
        }
    }

    /// A number this pattern matches, padded with 5s to `length` when it may be longer.
    func sample(padTo length: Int) -> String {
        var text = String(positions.compactMap(\.sample))
        if tail != .none {
            let missing = max(tail == .oneOrMore ? 1 : 0, length - text.count)
            text += String(repeating: "5", count: missing)
        }
        return text
    }
}
