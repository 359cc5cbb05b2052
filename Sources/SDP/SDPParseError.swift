/// Why an SDP body was refused, and on which line.
///
/// `line` is 1-based and counts every line of the input (blank ones too), so an
/// operator can find the offending line in a packet capture. It is 0 when the
/// problem concerns the whole body (for instance its size).
public struct SDPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The body is larger than `SessionDescription.maximumSize`.
        case tooLarge
        /// More `m=` sections than `SessionDescription.maximumMediaSections`.
        case tooManyMediaSections
        /// The body has no lines at all.
        case empty
        /// A line is not `<letter>=<value>` (RFC 8866 §5).
        case malformedLine
        /// The first line is not `v=` (RFC 8866 §5.1).
        case missingVersion
        /// `v=` is not `0`.
        case unsupportedVersion
        /// No `o=` line follows `v=` (RFC 8866 §5.2).
        case missingOrigin
        case malformedOrigin
        case malformedConnection
        case malformedBandwidth
        case malformedTiming
        case malformedMedia
        case malformedAttribute
        /// A field that may appear once per level appears twice.
        case duplicateField(Character)
        /// A session-level-only field (`o=`, `s=`, `t=`, ...) inside a media section.
        case misplacedField(Character)
    }

    public var line: Int
    public var kind: Kind

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    public var description: String {
        line == 0 ? "SDP: \(kind)" : "SDP line \(line): \(kind)"
    }
}
