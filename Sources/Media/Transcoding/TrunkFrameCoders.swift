/// The trunk-side encoder of a browser → trunk pipeline, chosen once per call so the
/// per-frame path is a single switch with no allocation or dynamic dispatch.
public enum TrunkFrameEncoder {
    /// G.711 is stateless: a table lookup per sample.
    case g711(G711Codec)
    /// G.722 carries ADPCM predictor state from frame to frame.
    case g722(G722Encoder)

    public init(_ codec: TrunkAudioCodec) throws(G722Error) {
        if let law = codec.g711 {
            self = .g711(law)
        } else {
            self = .g722(try G722Encoder())
        }
    }

    /// Encodes PCM at the codec's sample rate; returns the payload bytes written.
    public func encode(_ pcm: UnsafeBufferPointer<Int16>, into out: UnsafeMutableRawBufferPointer) -> Int {
        switch self {
        case .g711(let law): law.encode(pcm, into: out)
        case .g722(let encoder): encoder.encode(pcm, into: out)
        }
    }
}

/// The trunk-side decoder of a trunk → browser pipeline.
public enum TrunkFrameDecoder {
    case g711(G711Codec)
    case g722(G722Decoder)

    public init(_ codec: TrunkAudioCodec) throws(G722Error) {
        if let law = codec.g711 {
            self = .g711(law)
        } else {
            self = .g722(try G722Decoder())
        }
    }

    /// Decodes payload bytes to PCM at the codec's sample rate; returns samples written.
    public func decode(_ codes: UnsafeRawBufferPointer, into pcm: UnsafeMutableBufferPointer<Int16>) -> Int {
        switch self {
        case .g711(let law): law.decode(codes, into: pcm)
        case .g722(let decoder): decoder.decode(codes, into: pcm)
        }
    }
}

/// Why a transcoding pipeline could not be set up.
public enum TranscoderError: Error, Sendable, Equatable {
    /// libopus refused the encoder or decoder.
    case opus(OpusError)
    /// spandsp could not create the G.722 state.
    case g722(G722Error)
    /// spandsp could not create the packet loss concealer.
    case concealment(ConcealmentError)
}
