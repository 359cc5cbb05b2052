/// An RTP comfort noise (CN) payload (RFC 3389 §3): how loud, and optionally what shape,
/// the background noise at the far end is while it sends no audio.
///
///      0 1 2 3 4 5 6 7
///     +-+-+-+-+-+-+-+-+
///     |0|    level    |   noise level in -dBov (§3.1)
///     +-+-+-+-+-+-+-+-+
///     |      N1       |   quantized reflection coefficients, one byte each (§3.2),
///     +-+-+-+-+-+-+-+-+   lowest order first; the model order M is the number of
///     |      ...      |   bytes after the level (§3: it is not sent explicitly)
///     +-+-+-+-+-+-+-+-+
///     |      NM       |
///     +-+-+-+-+-+-+-+-+
public struct ComfortNoisePayload: Sendable, Hashable {
    /// The quietest level, 127 (-127 dBov): silence for every practical purpose.
    public static let silentLevel: UInt8 = 127

    /// Noise level in -dBov: 0 is the overload point, 127 the quietest (§3.1).
    public let level: UInt8
    /// The reflection coefficients N1…NM exactly as sent (§3.2); empty when the sender
    /// described no spectrum, which means white noise.
    public let coefficientCodes: [UInt8]

    /// - Throws: `.invalidLevel` for a level above 127.
    public init(level: UInt8, coefficientCodes: [UInt8] = []) throws(ComfortNoiseError) {
        guard level <= Self.silentLevel else { throw .invalidLevel(level) }
        self.level = level
        self.coefficientCodes = coefficientCodes
    }

    /// Reads a whole CN payload. Any number of coefficient bytes is accepted, as §3 leaves
    /// the model order to the sender.
    /// - Throws: `.emptyPayload`, or `.invalidLevel` when the level byte's reserved top
    ///   bit is set.
    public init(parsing payload: UnsafeRawBufferPointer) throws(ComfortNoiseError) {
        guard let first = payload.first else { throw .emptyPayload }
        try self.init(level: first, coefficientCodes: Array(payload.dropFirst()))
    }

    public init(parsing payload: [UInt8]) throws(ComfortNoiseError) {
        guard let first = payload.first else { throw .emptyPayload }
        try self.init(level: first, coefficientCodes: Array(payload.dropFirst()))
    }

    /// M, the number of reflection coefficients.
    public var modelOrder: Int { coefficientCodes.count }

    /// The reflection coefficients k1…kM, each in (-1, 1).
    public var reflectionCoefficients: [Double] { coefficientCodes.map(Self.reflectionCoefficient(code:)) }

    /// The payload bytes: the level, then the coefficient codes.
    public var bytes: [UInt8] { [level] + coefficientCodes }

    /// RFC 3389 §3.2: each coefficient, between -1 and 1, is quantized uniformly to one
    /// byte. It is read as k = (N - 127) / 128, the mapping common senders use
    /// (N = 127 + round(128·k)), so 127 stands for 0. Coefficients
    /// follow the convention of the all-pole model 1 / A(z), A(z) = 1 + Σ aᵢ·z⁻ⁱ, in which
    /// k1 = -r1/r0: a negative k1 (N1 below 127) means noise with more low than high
    /// frequencies. Code 255 would be k = 1, a filter on the edge of stability, so it is
    /// read as 127/128 like its mirror image, code 0.
    public static func reflectionCoefficient(code: UInt8) -> Double {
        Double(min(Int(code), 254) - 127) / 128
    }
}
