/// Cuts a byte stream (TCP, TLS) into SIP messages (RFC 3261 §18.3): the header
/// section ends at the first empty line and Content-Length, mandatory on
/// streams, gives the body size. CRLF keep-alives between messages are skipped.
public struct SIPStreamFramer: Sendable {
    public let limits: SIPParseLimits
    private var buffer: [UInt8] = []

    public init(limits: SIPParseLimits = .default) { self.limits = limits }

    /// Bytes received but not yet returned as a message.
    public var bufferedByteCount: Int { buffer.count }

    public mutating func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// The next complete message, or nil when more bytes are needed; keep-alive
    /// pings are skipped. A thrown error means the stream cannot be
    /// re-synchronised: close the connection (RFC 4475 §3.3.9).
    public mutating func nextMessage() throws(SIPParseError) -> [UInt8]? {
        while let item = try nextItem() {
            if case .message(let message) = item { return message }
        }
        return nil
    }

    /// The next complete message or keep-alive ping, or nil when more bytes are needed.
    ///
    /// RFC 5626 §4.4.1: a double CRLF between messages is a ping, which the
    /// receiver answers with a single CRLF (pong). Any other CR or LF between
    /// messages (a pong, a stray line end, RFC 3261 §7.5) is skipped.
    public mutating func nextItem() throws(SIPParseError) -> SIPStreamItem? {
        while let first = buffer.first, first == 0x0D || first == 0x0A {
            if buffer.starts(with: Self.ping) {
                buffer.removeFirst(Self.ping.count)
                return .keepAlivePing
            }
            // A partial ping waits for its last bytes before it is judged.
            if buffer.count < Self.ping.count, Self.ping.starts(with: buffer) { return nil }
            buffer.removeFirst()
        }
        return try nextFramedMessage().map { .message($0) }
    }

    private static let ping: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]

    private mutating func nextFramedMessage() throws(SIPParseError) -> [UInt8]? {
        guard let headEnd = Self.endOfHeaders(buffer) else {
            if buffer.count > limits.maxMessageBytes {
                throw SIPParseError(kind: .messageTooLarge, message: "Header section too large", suggestedStatus: 513)
            }
            return nil
        }
        let head = try RawSIPMessage.splitHead(Array(buffer[..<headEnd]), limits: limits)
        let lengths = head.fields.filter { $0.name == "Content-Length" }
        guard lengths.count == 1, let field = lengths.first else {
            throw .framing(lengths.isEmpty ? "Content-Length is required on streams" : "Multiple Content-Length values")
        }
        let digits = Array(field.value.utf8)
        guard digits.allSatisfy(SIPChar.isDigit), let length = parseDecimal(digits, max: UInt64(limits.maxMessageBytes)) else {
            throw .framing("Invalid Content-Length '\(field.value.prefix(20))'")
        }
        let total = headEnd + Int(length)
        guard total <= limits.maxMessageBytes else {
            throw SIPParseError(kind: .messageTooLarge, message: "Message too large", suggestedStatus: 513)
        }
        guard buffer.count >= total else { return nil }
        let message = Array(buffer[..<total])
        buffer.removeFirst(total)
        return message
    }

    /// Index just past the blank line ending the header section (CRLFCRLF or LFLF).
    private static func endOfHeaders(_ b: [UInt8]) -> Int? {
        var i = 0
        while i + 1 < b.count {
            if b[i] == 0x0A {
                if b[i + 1] == 0x0A { return i + 2 }
                if b[i + 1] == 0x0D, i + 2 < b.count, b[i + 2] == 0x0A { return i + 3 }
            }
            i += 1
        }
        return nil
    }
}

/// What a byte stream carries between SIP messages or as one.
public enum SIPStreamItem: Sendable, Hashable {
    /// One whole SIP message (headers and body).
    case message([UInt8])
    /// A CRLF keep-alive ping (RFC 5626 §4.4.1): answer it with a single CRLF.
    case keepAlivePing
}
