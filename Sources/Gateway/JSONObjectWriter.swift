/// Writes one JSON object straight into a byte array the caller keeps, members in the order
/// they are given: no dictionary of members, no sorted key list, no string in between, so
/// once the array has grown to a message's size writing allocates nothing.
///
/// For messages sent often (the `quality` report, every few seconds per leg of every call).
/// The caller gives the keys in `JSONValue`'s order (ASCII, letters folded to lower case),
/// so the bytes are those `JSONValue.object` writes for the same members; debug builds
/// check the order.
struct JSONObjectWriter {
    private(set) var bytes: [UInt8]
    private var previousKey: StaticString?

    /// Starts an object in `storage`'s array, taken over (swapped, so it stays the only
    /// reference and keeps its capacity; its old contents go) until `finish` gives it back.
    init(taking storage: inout [UInt8]) {
        bytes = []
        swap(&bytes, &storage)
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Ends the object and gives the array back to `storage`.
    mutating func finish(into storage: inout [UInt8]) {
        bytes.append(UInt8(ascii: "}"))
        swap(&bytes, &storage)
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        JSONValue.writeString(value, into: &bytes)
    }

    mutating func int(_ key: StaticString, _ value: Int) {
        self.key(key)
        JSONValue.writeInteger(value, into: &bytes)
    }

    mutating func number(_ key: StaticString, _ value: Double) {
        self.key(key)
        JSONValue.writeNumber(value, into: &bytes)
    }

    mutating func strings(_ key: StaticString, _ values: [String]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for index in values.indices {
            if index > values.startIndex { bytes.append(UInt8(ascii: ",")) }
            JSONValue.writeString(values[index], into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `"key":`, after a comma unless it is the first member.
    private mutating func key(_ key: StaticString) {
        if let previousKey {
            assert(JSONValue.keyPrecedes(previousKey.description, key.description),
                   "JSON keys out of order: \(previousKey) before \(key)")
            bytes.append(UInt8(ascii: ","))
        }
        previousKey = key
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }
}
