/// Trunk → browser audio: G.711 payloads in, 20 ms Opus packets out.
///
/// G.711 payloads of any length (10, 20, 30 ms or anything else a trunk sends) are
/// decoded to 8 kHz PCM, queued, and cut into 160-sample frames that are Opus-encoded at
/// 8 kHz (no resampler: libopus codes narrowband directly) and handed to `emit`.
///
/// Timing: every emitted packet is exactly 20 ms of audio. Browsers clock Opus at 48 kHz
/// whatever the coded bandwidth (RFC 7587 §4.1), so the caller advances its outgoing RTP
/// timestamp by `rtpTimestampIncrement` (960) per packet. A 30 ms G.711 packet yields
/// one Opus packet and leaves 10 ms queued; the next one yields two.
///
/// All buffers are allocated in `init`; `process` does not allocate.
/// Not thread-safe: one instance per call leg direction, used from one thread at a time.
public final class TrunkToBrowserTranscoder: @unchecked Sendable {
    /// Samples per Opus frame at the 8 kHz encode rate (20 ms).
    public static let samplesPerFrame = 160
    /// RTP timestamp units per emitted packet on the 48 kHz Opus clock.
    public static let rtpTimestampIncrement: UInt32 = 960
    /// Output buffer size: the largest single-frame Opus packet is 1275 bytes plus the
    /// TOC byte (RFC 6716 §3.2.1).
    static let maxPacketBytes = 1276

    public let trunkCodec: G711Codec
    /// Opus encoder delay in 8 kHz samples; with `bufferedSamples` it gives this
    /// direction's algorithmic latency.
    public var encoderLookahead: Int { encoder.lookahead }

    private let encoder: OpusEncoder

    private let queue: PCMFIFO
    private let decoded: UnsafeMutableBufferPointer<Int16>
    private let frame: UnsafeMutableBufferPointer<Int16>
    private let packet: UnsafeMutableRawBufferPointer

    /// - Parameters:
    ///   - opusEncodeRate: must be 8000 (G.711 audio is 8 kHz; no resampling here).
    ///   - bitrate, complexity, fec: passed to `OpusEncoder`.
    /// - Throws: `.unsupportedSampleRate` for another rate; libopus errors from setup.
    public init(trunkCodec: G711Codec, opusEncodeRate: Int32 = 8000, bitrate: Int32 = 32000,
                complexity: Int32 = 5, fec: Bool = true) throws(OpusError) {
        guard opusEncodeRate == 8000 else { throw .unsupportedSampleRate(opusEncodeRate) }
        encoder = try OpusEncoder(sampleRate: opusEncodeRate, channels: 1, bitrate: bitrate,
                                  complexity: complexity, fec: fec)
        self.trunkCodec = trunkCodec
        decoded = .allocate(capacity: Self.samplesPerFrame)
        decoded.initialize(repeating: 0)
        // Decoding at most one frame's worth at a time into a ring drained to below one
        // frame means two frames of room always suffice, whatever the payload size.
        queue = PCMFIFO(capacity: 2 * Self.samplesPerFrame)
        frame = .allocate(capacity: Self.samplesPerFrame)
        frame.initialize(repeating: 0)
        packet = .allocate(byteCount: Self.maxPacketBytes, alignment: 1)
        packet.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        decoded.deallocate()
        frame.deallocate()
        packet.deallocate()
    }

    /// Samples received but not yet encoded (always fewer than one frame between calls).
    public var bufferedSamples: Int { queue.count }

    /// Decodes one G.711 RTP payload and emits every whole 20 ms Opus packet now
    /// available. The buffer given to `emit` is only valid during the call.
    /// - Throws: `OpusError` if libopus fails to encode (frames emitted before the
    ///   failure stay emitted).
    public func process(g711Payload: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        var offset = 0
        while offset < g711Payload.count {
            let chunk = min(g711Payload.count - offset, decoded.count)
            let samples = trunkCodec.decode(UnsafeRawBufferPointer(rebasing: g711Payload[offset..<(offset + chunk)]),
                                            into: decoded)
            queue.write(UnsafeBufferPointer(rebasing: decoded[0..<samples]))
            offset += chunk
            while queue.readFrame(into: frame) {
                let length = try encoder.encode(UnsafeBufferPointer(frame), into: packet)
                emit(UnsafeRawBufferPointer(rebasing: packet[0..<length]))
            }
        }
    }

    /// Drops queued samples (e.g. after a long gap in the trunk stream).
    public func discardBuffered() { queue.removeAll() }
}
