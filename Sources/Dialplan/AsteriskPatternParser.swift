/// Why a pattern was refused, said so the operator can fix it.
public struct PatternProblem: Error, Sendable, CustomStringConvertible {
    public var problem: String
    public var fix: String?

    public var description: String { fix.map { problem + "; " + $0 } ?? problem }
}

extension AsteriskPattern {
    /// Longest pattern accepted; numbers themselves are at most 32 characters.
    static let maxSourceLength = 64

    /// Parses Asterisk pattern syntax (see the type's comment).
    static func parse(_ source: String) throws(PatternProblem) -> AsteriskPattern {
        guard source.count <= maxSourceLength else {
            throw PatternProblem(problem: "pattern is longer than \(maxSourceLength) characters", fix: "shorten it")
        }
        var characters = Array(source)
        if characters.first == "_" { characters.removeFirst() }
        var positions: [CharacterSet] = []
        var tail = Tail.none
        var index = 0
        while index < characters.count {
            let c = characters[index]
            index += 1
            if tail != .none {
                throw PatternProblem(problem: "'.' and '!' may only end a pattern",
                                     fix: "move it to the end or use X for one digit")
            }
            switch c {
            case "X": positions.append(.digits(0...9))
            case "Z": positions.append(.digits(1...9))
            case "N": positions.append(.digits(2...9))
            case ".": tail = .oneOrMore
            case "!": tail = .zeroOrMore
            case "-": continue
            case "[":
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw PatternProblem(problem: "'[' is never closed", fix: "write a set like [1-5]")
                }
                positions.append(try parseSet(characters[index..<close]))
                index = close + 1
            case "x", "z", "n":
                throw PatternProblem(problem: "'\(c)' is not a pattern letter",
                                     fix: "write it in upper case: '\(c.uppercased())'")
            default:
                guard let set = CharacterSet.single(c) else {
                    throw PatternProblem(problem: "'\(c)' cannot appear in a pattern",
                                         fix: "use digits, + * #, X Z N, [1-5], and a final . or !")
                }
                positions.append(set)
            }
        }
        guard !positions.isEmpty || tail != .none else {
            throw PatternProblem(problem: "the pattern is empty", fix: "write e.g. '+1NXXNXXXXXX'")
        }
        return AsteriskPattern(source: source, positions: positions, tail: tail)
    }

    /// `[...]` content: digits and digit ranges `a-b` with a <= b.
    private static func parseSet(_ body: ArraySlice<Character>) throws(PatternProblem) -> CharacterSet {
        let items = Array(body)
        var bits: UInt16 = 0
        var i = 0
        while i < items.count {
            guard let low = items[i].wholeNumberValue, items[i].isASCII else {
                throw PatternProblem(problem: "'\(items[i])' cannot appear inside [ ]", fix: "list digits and ranges like [1-5]")
            }
            if i + 2 < items.count, items[i + 1] == "-" {
                guard let high = items[i + 2].wholeNumberValue, items[i + 2].isASCII, low <= high else {
                    throw PatternProblem(problem: "bad range '\(items[i])-\(items[i + 2])' inside [ ]",
                                         fix: "write ranges low to high, like [2-7]")
                }
                bits |= CharacterSet.digits(low...high).bits
                i += 3
            } else {
                bits |= CharacterSet.digits(low...low).bits
                i += 1
            }
        }
        guard bits != 0 else {
            throw PatternProblem(problem: "empty set [ ]", fix: "list digits like [1-5]")
        }
        return CharacterSet(bits: bits)
    }
}
