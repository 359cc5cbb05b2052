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
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value's UTF-8 text.
    public func write(into out: inout [UInt8]) {
        switch self {
        case .string(let value): Self.writeString(value, into: &out)
        case .int(let value): Self.writeInteger(value, into: &out)
        case .double(let value): Self.writeNumber(value, into: &out)
        case .bool(let value):
            if value { out += "true".utf8 } else { out += "false".utf8 }
        case .null: out += "null".utf8
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted(by: Self.keyPrecedes).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]?.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Decimal digits written straight into the output, without a String in between.
    static func writeInteger(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8((magnitude / divisor) % 10))
            divisor /= 10
        } while divisor > 0
    }

    /// Integral values print without a fraction ("4", not "4.0"); others in Swift's
    /// shortest form that reads back the same. JSON has no NaN or infinity: they print as null.
    static func writeNumber(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite else {
            out += "null".utf8
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            writeInteger(Int(value), into: &out)
        } else {
            out += value.description.utf8
        }
    }

    /// RFC 8259 §7: quotation mark, reverse solidus and the control characters are escaped;
    /// every other byte of the UTF-8 text is copied as it is.
    static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out += "\\u00".utf8
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0f))
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
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
