/// Why a SIP message, header or URI could not be parsed, with the status a
/// server would answer if the input was a request.
public struct SIPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Nothing but white space (e.g. a CRLF keep-alive, RFC 5626 §3.5.1).
        case empty
        /// The request-line or status-line is malformed.
        case startLine
        /// A header field is malformed; the associated value is its canonical name.
        case header(String)
        /// A URI is malformed.
        case uri
        /// Content-Length is missing, repeated, invalid or disagrees with the datagram.
        case framing
        /// The message exceeds the configured byte limit.
        case messageTooLarge
        /// The message has more header fields than the configured limit.
        case tooManyHeaders
        /// The body announced by Content-Length exceeds the configured limit.
        case bodyTooLarge
        /// A digest challenge could not be understood.
        case authentication
    }

    public var kind: Kind
    /// A human-readable explanation, safe to put in a reason phrase.
    public var message: String
    /// The response status a server should send for a request with this defect:
    /// 400 (syntax), 413 (body too large), 513 (message too large), …
    public var suggestedStatus: Int

    public init(kind: Kind, message: String, suggestedStatus: Int = 400) {
        self.kind = kind
        self.message = message
        self.suggestedStatus = suggestedStatus
    }

    public var description: String { "\(message) (\(suggestedStatus))" }

    static func uri(_ message: String) -> SIPParseError { .init(kind: .uri, message: message) }

    static func header(_ name: String, _ message: String) -> SIPParseError {
        .init(kind: .header(name), message: "Invalid \(name): \(message)")
    }

    static func startLine(_ message: String) -> SIPParseError { .init(kind: .startLine, message: message) }

    static func framing(_ message: String) -> SIPParseError { .init(kind: .framing, message: message) }
}
