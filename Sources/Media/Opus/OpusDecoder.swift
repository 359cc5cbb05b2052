internal import COpus

/// An Opus decoder (RFC 6716) producing 16-bit PCM at a rate of the caller's choosing.
///
/// Any Opus stream decodes at any libopus rate, so a browser's `opus/48000/2` stream
/// decodes straight to 8 kHz mono for a G.711 trunk with no resampler (libopus
/// downmixes stereo packets and drops the bands above 4 kHz).
///
/// Owns one libopus decoder state, freed in `deinit`. Not thread-safe: use one instance
/// per stream from one thread at a time; it is `Sendable` only to be handed to that thread.
public final class OpusDecoder: @unchecked Sendable {
    /// Output rate: 8, 12, 16, 24 or 48 kHz.
    public let sampleRate: Int32
    /// Output channels: 1 or 2 (interleaved).
    public let channels: Int32

    private let state: OpaquePointer

    public init(sampleRate: Int32, channels: Int32 = 1) throws(OpusError) {
        guard OpusFormat.isSupported(sampleRate: sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        guard OpusFormat.isSupported(channels: channels) else { throw .unsupportedChannelCount(channels) }
        var code: Int32 = OPUS_OK
        guard let state = opus_decoder_create(sampleRate, channels, &code), code == OPUS_OK else {
            throw OpusError(code: code == OPUS_OK ? OPUS_ALLOC_FAIL : code)
        }
        self.state = state
        self.sampleRate = sampleRate
        self.channels = channels
    }

    deinit { opus_decoder_destroy(state) }

    /// Samples per channel in 120 ms, the longest Opus packet (RFC 6716 §3.2.5); a buffer
    /// of this many samples per channel can hold the output of any packet.
    public var maxPacketSamples: Int { Int(sampleRate) * 120 / 1000 }

    /// Decodes one packet.
    ///
    /// - Returns: samples per channel written at the start of `pcm`.
    /// - Throws: `.invalidPacket` for an empty or malformed payload (an empty payload is
    ///   rejected rather than silently treated as a loss: use `decodeLost` for that);
    ///   `.bufferTooSmall` when `pcm` is shorter than the packet's duration.
    public func decode(_ packet: UnsafeRawBufferPointer, into pcm: UnsafeMutableBufferPointer<Int16>) throws(OpusError) -> Int {
        guard let data = packet.baseAddress, !packet.isEmpty, packet.count <= Int(Int32.max) else {
            throw .invalidPacket
        }
        return try run(data: data.assumingMemoryBound(to: UInt8.self), length: Int32(packet.count),
                       into: pcm, samples: pcm.count / Int(channels), fec: false)
    }

    /// Packet-loss concealment: extrapolates `samples` per channel from the decoder's
    /// history (RFC 6716 §4.4). Use the duration of the packet that went missing.
    public func decodeLost(into pcm: UnsafeMutableBufferPointer<Int16>, samples: Int) throws(OpusError) -> Int {
        try checkConcealment(pcm: pcm, samples: samples)
        return try run(data: nil, length: 0, into: pcm, samples: samples, fec: false)
    }

    /// Recovers a lost packet from the in-band FEC (LBRR) data carried in the packet that
    /// followed it (RFC 6716 §2.1.7). `samples` is the lost packet's duration; when `next`
    /// holds no FEC data libopus falls back to concealment. Decode `next` itself afterwards
    /// with `decode` as usual.
    public func decodeFEC(from next: UnsafeRawBufferPointer, into pcm: UnsafeMutableBufferPointer<Int16>, samples: Int) throws(OpusError) -> Int {
        guard let data = next.baseAddress, !next.isEmpty, next.count <= Int(Int32.max) else {
            throw .invalidPacket
        }
        try checkConcealment(pcm: pcm, samples: samples)
        return try run(data: data.assumingMemoryBound(to: UInt8.self), length: Int32(next.count),
                       into: pcm, samples: samples, fec: true)
    }

    private func checkConcealment(pcm: UnsafeMutableBufferPointer<Int16>, samples: Int) throws(OpusError) {
        // libopus needs a whole number of 2.5 ms units for concealment and FEC.
        let unit = Int(sampleRate) / 400
        guard samples > 0, samples % unit == 0, samples <= Int(sampleRate) * 120 / 1000 else {
            throw .invalidFrameSize(samples)
        }
        guard samples * Int(channels) <= pcm.count else { throw .bufferTooSmall }
    }

    private func run(data: UnsafePointer<UInt8>?, length: Int32, into pcm: UnsafeMutableBufferPointer<Int16>,
                     samples: Int, fec: Bool) throws(OpusError) -> Int {
        guard let destination = pcm.baseAddress, samples > 0 else { throw .bufferTooSmall }
        let decoded = opus_decode(state, data, length, destination, Int32(clamping: samples), fec ? 1 : 0)
        guard decoded >= 0 else { throw OpusError(code: decoded) }
        return Int(decoded)
    }
}

/// Facts read from an Opus packet's TOC byte without decoding it.
public enum OpusPacket {
    /// Samples per channel the packet decodes to at `sampleRate` (RFC 6716 §3.1, §3.2).
    public static func sampleCount(of packet: UnsafeRawBufferPointer, sampleRate: Int32) throws(OpusError) -> Int {
        guard OpusFormat.isSupported(sampleRate: sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        guard let data = packet.baseAddress, !packet.isEmpty, packet.count <= Int(Int32.max) else {
            throw .invalidPacket
        }
        let count = opus_packet_get_nb_samples(data.assumingMemoryBound(to: UInt8.self), Int32(packet.count), sampleRate)
        guard count >= 0 else { throw OpusError(code: count) }
        // RFC 6716 §3.2.5 [R5]: a code 3 packet must hold at least one frame.
        guard count > 0 else { throw .invalidPacket }
        return Int(count)
    }

    /// The audio bandwidth the packet codes, from its TOC byte's configuration (RFC 6716
    /// §3.1, Table 2); nil for an empty packet.
    public static func bandwidth(of packet: UnsafeRawBufferPointer) -> OpusBandwidth? {
        guard let data = packet.baseAddress, !packet.isEmpty else { return nil }
        return OpusBandwidth(libopusValue: opus_packet_get_bandwidth(data.assumingMemoryBound(to: UInt8.self)))
    }
}
