/// Conversion between textual IP literals (as carried in `Endpoint.host`) and
/// their network-order bytes, for the address attributes of STUN.
///
/// Pure string work: no resolver, no sockets. Host names are not IP literals
/// and yield `nil`.
enum IPAddressLiteral {
    /// 4 bytes for an IPv4 dotted quad, 16 bytes for an IPv6 literal
    /// (RFC 4291 §2.2, optionally in brackets, zone identifier ignored), else nil.
    static func bytes(of literal: String) -> [UInt8]? {
        var text = Substring(literal)
        if text.hasPrefix("["), text.hasSuffix("]") {
            text = text.dropFirst().dropLast()
        }
        if let percent = text.firstIndex(of: "%") {
            text = text[..<percent]   // RFC 6874 zone identifier: not on the wire
        }
        if text.contains(":") { return ipv6Bytes(text) }
        return ipv4Bytes(text)
    }

    /// Dotted quad for 4 bytes, RFC 5952 canonical text for 16 bytes, else nil.
    static func text(of bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16: return ipv6Text(bytes)
        default: return nil
        }
    }

    private static func ipv4Bytes(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit),
                  let value = UInt8(part) else { return nil }
            out.append(value)
        }
        return out
    }

    private static func ipv6Bytes(_ text: Substring) -> [UInt8]? {
        // Split around the single "::" (if any) into a head and a tail of groups.
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0], allowIPv4Tail: halves.count == 1) else { return nil }
        var tail: [UInt16] = []
        if halves.count == 2 {
            guard let parsed = groups(halves[1], allowIPv4Tail: true) else { return nil }
            tail = parsed
        }
        let missing = 8 - head.count - tail.count
        if halves.count == 2 {
            guard missing >= 1 else { return nil }
        } else {
            guard missing == 0 else { return nil }
        }
        let all = head + [UInt16](repeating: 0, count: missing) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Colon-separated hex groups; the last may be a dotted quad (two groups).
    private static func groups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var out: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowIPv4Tail, part.contains(".") {
                guard let quad = ipv4Bytes(part) else { return nil }
                out.append(UInt16(quad[0]) << 8 | UInt16(quad[1]))
                out.append(UInt16(quad[2]) << 8 | UInt16(quad[3]))
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit),
                  let value = UInt16(part, radix: 16) else { return nil }
            out.append(value)
        }
        return out.count <= 8 ? out : nil
    }

    /// RFC 5952 §4: lower-case hex, no leading zeros, the longest run (of two
    /// or more) of zero groups replaced by "::", the first one on a tie.
    private static func ipv6Text(_ bytes: [UInt8]) -> String {
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1, bestLength = 0, runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                let length = index - runStart
                if length > bestLength { bestStart = runStart; bestLength = length }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
