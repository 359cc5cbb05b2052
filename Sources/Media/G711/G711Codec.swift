/// The two G.711 companding laws a SIP trunk offers (RFC 3551 §4.5.14: static payload
/// types 0 = PCMU and 8 = PCMA, 8000 Hz, one byte per sample, 160 bytes per 20 ms).
public enum G711Codec: Sendable, Hashable, CaseIterable {
    /// μ-law.
    case pcmu
    /// A-law.
    case pcma

    /// Encodes `min(pcm.count, out.count)` samples; returns the bytes written.
    @discardableResult
    public func encode(_ pcm: UnsafeBufferPointer<Int16>, into out: UnsafeMutableRawBufferPointer) -> Int {
        switch self {
        case .pcmu: G711MuLaw.encode(pcm, into: out)
        case .pcma: G711ALaw.encode(pcm, into: out)
        }
    }

    /// Decodes `min(codes.count, pcm.count)` bytes; returns the samples written.
    @discardableResult
    public func decode(_ codes: UnsafeRawBufferPointer, into pcm: UnsafeMutableBufferPointer<Int16>) -> Int {
        switch self {
        case .pcmu: G711MuLaw.decode(codes, into: pcm)
        case .pcma: G711ALaw.decode(codes, into: pcm)
        }
    }

    /// Encodes one sample.
    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .pcmu: G711MuLaw.encode(sample)
        case .pcma: G711ALaw.encode(sample)
        }
    }

    /// Decodes one byte.
    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .pcmu: G711MuLaw.decode(code)
        case .pcma: G711ALaw.decode(code)
        }
    }
}
