/// A JSON value as the gateway writes it to browsers (RFC 8259), written without Foundation.
///
/// Why not `JSONSerialization`: every call sends its browser a quality report every few
/// seconds, and bridging a `[String: Any]` to Foundation's objects, sorting its keys with
/// a locale-aware compare and boxing each number cost over a hundred allocations a message,
/// more than all of the call's media. Objects keep the same sorted, compact form.
public enum JSONValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    /// Compact text, object keys in ascending order ignoring ASCII case.
    public var text: String {
        var out = ""
        out.reserveCapacity(128)
        write(into: &out)
        return out
    }

    public func write(into out: inout String) {
        switch self {
        case .string(let value): Self.writeString(value, into: &out)
        case .int(let value): out += String(value)
        case .double(let value): Self.writeNumber(value, into: &out)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted(by: Self.keyPrecedes).enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                members[key]?.write(into: &out)
            }
            out += "}"
        }
    }

    /// Integral values print without a fraction ("4", not "4.0"); others in Swift's
    /// shortest form that reads back the same. JSON has no NaN or infinity: they print as null.
    static func writeNumber(_ value: Double, into out: inout String) {
        guard value.isFinite else {
            out += "null"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            out += String(Int(value))
        } else {
            out += value.description
        }
    }

    /// RFC 8259 §7: quotation mark, reverse solidus and the control characters are escaped.
    static func writeString(_ value: String, into out: inout String) {
        out += "\""
        var plainStart = value.unicodeScalars.startIndex
        var index = plainStart
        let scalars = value.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case _ where scalar.value < 0x20: escape = "\\u00" + hexByte(UInt8(scalar.value))
            default: escape = nil
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                out += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        out += "\""
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }

    /// Keys compare as ASCII with letters folded to lower case, then by their bytes.
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        func folded(_ byte: UInt8) -> UInt8 { (0x41...0x5a).contains(byte) ? byte | 0x20 : byte }
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return a.utf8.lexicographicallyPrecedes(b.utf8)
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?):
                if folded(x) != folded(y) { return folded(x) < folded(y) }
            }
        }
    }
}
