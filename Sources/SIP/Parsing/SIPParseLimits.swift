/// Resource limits applied while parsing untrusted input.
public struct SIPParseLimits: Sendable, Hashable {
    /// Largest whole message accepted (a UDP datagram cannot exceed 65,535 bytes).
    public var maxMessageBytes: Int
    /// Largest number of header fields (after unfolding).
    public var maxHeaderFields: Int

    public init(maxMessageBytes: Int = 65_535, maxHeaderFields: Int = 256) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderFields = maxHeaderFields
    }

    public static let `default` = SIPParseLimits()
}
