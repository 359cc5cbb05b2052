/// A datagram split into start line, unfolded header fields and body, before any
/// header value is interpreted (RFC 3261 §7, §18.3).
struct RawSIPMessage {
    var startLine: [UInt8]
    var fields: [SIPHeaderField]
    var body: [UInt8]

    private static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// Splits `bytes` received as one datagram. Lines may end in CRLF or a bare LF.
    static func split(_ bytes: [UInt8], limits: SIPParseLimits) throws(SIPParseError) -> RawSIPMessage {
        let head = try splitHead(bytes, limits: limits)
        let body = try frameBody(bytes[head.bodyStart...], fields: head.fields, limits: limits)
        return RawSIPMessage(startLine: head.startLine, fields: head.fields, body: body)
    }

    /// Start line and unfolded header fields, plus where the body begins.
    static func splitHead(_ bytes: [UInt8], limits: SIPParseLimits) throws(SIPParseError)
        -> (startLine: [UInt8], fields: [SIPHeaderField], bodyStart: Int) {
        guard bytes.count <= limits.maxMessageBytes else {
            throw SIPParseError(kind: .messageTooLarge,
                                message: "Message of \(bytes.count) bytes exceeds \(limits.maxMessageBytes)",
                                suggestedStatus: 513)
        }
        var i = 0
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        while i < bytes.count, bytes[i] == cr || bytes[i] == lf || SIPChar.isWhitespace(bytes[i]) { i += 1 }
        guard i < bytes.count else { throw SIPParseError(kind: .empty, message: "Empty message") }

        func nextLine() -> ArraySlice<UInt8>? {
            guard i < bytes.count else { return nil }
            let end = bytes[i...].firstIndex(of: lf) ?? bytes.count
            var line = bytes[i..<end]
            if line.last == cr { line = line.dropLast() }
            i = min(end + 1, bytes.count)
            return line
        }

        guard let start = nextLine() else { throw SIPParseError(kind: .empty, message: "Empty message") }
        var fields: [SIPHeaderField] = []
        var name: String?
        var value: [UInt8] = []

        func flush() {
            if let n = name { fields.append(SIPHeaderField(name: n, value: String(sipBytes: value[...].trimmingWhitespace()))) }
            name = nil
            value.removeAll(keepingCapacity: true)
        }

        while let line = nextLine() {
            if line.isEmpty { break }
            if let first = line.first, SIPChar.isWhitespace(first) {
                // RFC 3261 §7.3.1: a folded line continues the previous value; the fold is one SP.
                guard name != nil else { throw .startLine("Continuation line before any header") }
                value.append(0x20)
                value.append(contentsOf: line.trimmingWhitespace())
                continue
            }
            flush()
            guard fields.count < limits.maxHeaderFields else {
                throw SIPParseError(kind: .tooManyHeaders,
                                    message: "More than \(limits.maxHeaderFields) header fields",
                                    suggestedStatus: 513)
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw SIPParseError(kind: .header("?"), message: "Header line without ':'")
            }
            let rawName = line[..<colon].trimmingWhitespace()
            guard !rawName.isEmpty, rawName.allSatisfy(SIPChar.isToken) else {
                throw SIPParseError(kind: .header("?"), message: "Invalid header name")
            }
            name = String(sipBytes: rawName)
            value.append(contentsOf: line[(colon + 1)...].trimmingWhitespace())
        }
        flush()
        return (Array(start), fields, i)
    }

    /// RFC 3261 §18.3 for datagrams: Content-Length bounds the body; extra bytes are
    /// discarded; a short datagram is an error; no Content-Length means "to the end".
    private static func frameBody(_ rest: ArraySlice<UInt8>, fields: [SIPHeaderField],
                                  limits: SIPParseLimits) throws(SIPParseError) -> [UInt8] {
        let lengths = fields.filter { $0.name == "Content-Length" }
        guard let field = lengths.first else { return Array(rest) }
        guard lengths.count == 1 else { throw .framing("Multiple Content-Length values") }
        let digits = Array(field.value.utf8)
        guard !digits.isEmpty, digits.allSatisfy(SIPChar.isDigit) else {
            throw .framing("Invalid Content-Length '\(field.value.prefix(20))'")
        }
        guard let length = parseDecimal(digits, max: UInt64(limits.maxMessageBytes)) else {
            throw SIPParseError(kind: .bodyTooLarge, message: "Content-Length exceeds limit", suggestedStatus: 413)
        }
        guard Int(length) <= rest.count else {
            throw .framing("Body shorter than Content-Length (\(rest.count) < \(length))")
        }
        return Array(rest.prefix(Int(length)))
    }
}
