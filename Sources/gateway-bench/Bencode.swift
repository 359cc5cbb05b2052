/// Bencoding as rtpengine's ng control protocol carries it: byte strings, integers, lists,
/// and dictionaries whose keys are written in sorted order.
indirect enum Bencode: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
                       ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral {
    case string([UInt8])
    case integer(Int)
    case list([Bencode])
    case dictionary([String: Bencode])

    init(stringLiteral value: String) { self = .string(Array(value.utf8)) }
    init(arrayLiteral elements: Bencode...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, Bencode)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    init(integerLiteral value: Int) { self = .integer(value) }

    static func text(_ value: String) -> Bencode { .string(Array(value.utf8)) }

    var encoded: [UInt8] {
        switch self {
        case .string(let bytes): return Array("\(bytes.count):".utf8) + bytes
        case .integer(let value): return Array("i\(value)e".utf8)
        case .list(let items): return [UInt8(ascii: "l")] + items.flatMap(\.encoded) + [UInt8(ascii: "e")]
        case .dictionary(let entries):
            // Keys sort as raw byte strings.
            let keys = entries.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return [UInt8(ascii: "d")] + keys.flatMap { Bencode.text($0).encoded + entries[$0]!.encoded } + [UInt8(ascii: "e")]
        }
    }

    var string: String? {
        if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    subscript(key: String) -> Bencode? {
        if case .dictionary(let entries) = self { return entries[key] }
        return nil
    }

    /// Decodes one value that fills `bytes`; nil for anything malformed or nested deeper
    /// than `maximumDepth`.
    static func decode(_ bytes: [UInt8], maximumDepth: Int = 32) -> Bencode? {
        var position = 0
        guard let value = decode(bytes, &position, depth: maximumDepth), position == bytes.count else { return nil }
        return value
    }

    private static func decode(_ bytes: [UInt8], _ position: inout Int, depth: Int) -> Bencode? {
        guard depth > 0, position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "i"):
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "e")),
                  let value = Int(String(decoding: bytes[(position + 1)..<end], as: UTF8.self)) else { return nil }
            position = end + 1
            return .integer(value)
        case UInt8(ascii: "l"), UInt8(ascii: "d"):
            let isList = bytes[position] == UInt8(ascii: "l")
            position += 1
            var items: [Bencode] = []
            var entries: [String: Bencode] = [:]
            while position < bytes.count, bytes[position] != UInt8(ascii: "e") {
                if isList {
                    guard let item = decode(bytes, &position, depth: depth - 1) else { return nil }
                    items.append(item)
                } else {
                    guard let key = decode(bytes, &position, depth: depth - 1)?.string,
                          let value = decode(bytes, &position, depth: depth - 1) else { return nil }
                    entries[key] = value
                }
            }
            guard position < bytes.count else { return nil }
            position += 1
            return isList ? .list(items) : .dictionary(entries)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let colon = bytes[position...].firstIndex(of: UInt8(ascii: ":")),
                  let length = Int(String(decoding: bytes[position..<colon], as: UTF8.self)),
                  length >= 0, colon + 1 + length <= bytes.count else { return nil }
            position = colon + 1 + length
            return .string(Array(bytes[(colon + 1)..<position]))
        default:
            return nil
        }
    }
}
