/// A cursor over the bytes of one header value (or URI), with the small set of
/// moves the SIP grammar needs. Never traps: every read is bounds-checked.
struct ByteScanner {
    let bytes: [UInt8]
    private(set) var index: Int = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ text: String) { self.bytes = Array(text.utf8) }

    var isAtEnd: Bool { index >= bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance() { if index < bytes.count { index += 1 } }

    /// Skips SP, HTAB and any CR/LF left over from folding (RFC 3261 §7.3.1 LWS).
    mutating func skipWhitespace() {
        while let b = peek(), SIPChar.isWhitespace(b) || b == 0x0D || b == 0x0A { index += 1 }
    }

    /// Consumes `b` if it is next; returns whether it did.
    mutating func consume(_ b: UInt8) -> Bool {
        guard peek() == b else { return false }
        index += 1
        return true
    }

    mutating func read(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = index
        while let b = peek(), predicate(b) { index += 1 }
        return bytes[start..<index]
    }

    /// A non-empty `token`, or nil (without moving) if none is next.
    mutating func readToken() -> String? {
        let run = read(while: SIPChar.isToken)
        return run.isEmpty ? nil : String(sipBytes: run)
    }

    /// A quoted-string starting at the cursor (RFC 3261 §25.1 `quoted-string`).
    /// Returns the raw text including quotes and the unescaped content.
    mutating func readQuotedString() -> (raw: String, content: String)? {
        let start = index
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var content: [UInt8] = []
        while let b = peek() {
            index += 1
            if b == UInt8(ascii: "\\") {
                // quoted-pair: any byte except CR and LF may be escaped.
                guard let next = peek(), next != 0x0D, next != 0x0A else { index = start; return nil }
                content.append(next)
                index += 1
            } else if b == UInt8(ascii: "\"") {
                return (String(sipBytes: bytes[start..<index]), String(sipBytes: content))
            } else {
                content.append(b)
            }
        }
        index = start
        return nil
    }

    var remainder: ArraySlice<UInt8> { bytes[min(index, bytes.count)...] }
}

extension ArraySlice<UInt8> {
    /// The slice without leading and trailing SP/HTAB/CR/LF.
    func trimmingWhitespace() -> ArraySlice<UInt8> {
        var lo = startIndex, hi = endIndex
        func ws(_ b: UInt8) -> Bool { SIPChar.isWhitespace(b) || b == 0x0D || b == 0x0A }
        while lo < hi, ws(self[lo]) { lo += 1 }
        while hi > lo, ws(self[hi - 1]) { hi -= 1 }
        return self[lo..<hi]
    }
}

extension String {
    /// Trims SP, HTAB, CR and LF at both ends.
    func trimmingSIPWhitespace() -> String {
        String(sipBytes: Array(utf8)[...].trimmingWhitespace())
    }
}
