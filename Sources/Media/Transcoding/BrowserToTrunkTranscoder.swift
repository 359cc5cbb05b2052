/// Browser → trunk audio: Opus payloads in, 20 ms G.711 frames out.
///
/// Each Opus payload (any frame duration, 2.5–120 ms, mono or stereo, whatever rate the
/// browser encoded at) is decoded straight to 8 kHz mono, queued, and cut into 160-sample
/// frames that are G.711-encoded and handed to `emit` one by one. No resampler: libopus
/// renders the narrowband signal itself, which halves the CPU of a 48 kHz detour and
/// avoids the resampler's delay.
///
/// Timing: every emitted frame is exactly 20 ms = 160 samples = 160 bytes, so the caller
/// advances its outgoing RTP timestamp by `rtpTimestampIncrement` (160) per frame
/// (RFC 3551 §4.5.14, 8000 Hz clock). A 60 ms Opus packet yields three frames, a 10 ms
/// packet yields one frame every second call, and up to 159 samples wait in the queue.
///
/// All buffers are allocated in `init`; `process` and `concealLoss` do not allocate.
/// Not thread-safe: one instance per call leg direction, used from one thread at a time.
public final class BrowserToTrunkTranscoder: @unchecked Sendable {
    /// Samples per emitted G.711 frame (20 ms at 8 kHz); also its size in bytes.
    public static let samplesPerFrame = 160
    /// RTP timestamp units per emitted frame (8000 Hz clock).
    public static let rtpTimestampIncrement: UInt32 = 160

    public let trunkCodec: G711Codec
    /// Samples per channel of the last packet decoded (or concealed); concealment
    /// assumes a lost packet lasted this long. Starts at 20 ms.
    public private(set) var lastPacketSamples = BrowserToTrunkTranscoder.samplesPerFrame

    private let decoder: OpusDecoder
    private let queue: PCMFIFO
    private let decoded: UnsafeMutableBufferPointer<Int16>
    private let frame: UnsafeMutableBufferPointer<Int16>
    private let encoded: UnsafeMutableRawBufferPointer

    /// - Parameter opusDecodeRate: must be 8000: G.711 is 8 kHz audio and this pipeline
    ///   never resamples. (A G.722 trunk would decode at 16000 in its own pipeline.)
    /// - Throws: `.unsupportedSampleRate` for any other rate.
    public init(opusDecodeRate: Int32 = 8000, trunkCodec: G711Codec) throws(OpusError) {
        guard opusDecodeRate == 8000 else { throw .unsupportedSampleRate(opusDecodeRate) }
        decoder = try OpusDecoder(sampleRate: opusDecodeRate, channels: 1)
        self.trunkCodec = trunkCodec
        decoded = .allocate(capacity: decoder.maxPacketSamples)
        decoded.initialize(repeating: 0)
        // One longest packet plus the remainder (< one frame) left by the previous one.
        queue = PCMFIFO(capacity: decoder.maxPacketSamples + Self.samplesPerFrame)
        frame = .allocate(capacity: Self.samplesPerFrame)
        frame.initialize(repeating: 0)
        encoded = .allocate(byteCount: Self.samplesPerFrame, alignment: 1)
        encoded.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        decoded.deallocate()
        frame.deallocate()
        encoded.deallocate()
    }

    /// Samples decoded but not yet emitted (always fewer than one frame between calls).
    public var bufferedSamples: Int { queue.count }

    /// Decodes one RTP payload of the browser's Opus stream and emits every whole 20 ms
    /// G.711 frame now available. The buffer given to `emit` is only valid during the call.
    /// - Throws: `OpusError` for a malformed payload; nothing is queued then, and the next
    ///   good payload continues the stream.
    public func process(opusPayload: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        let samples = try decoder.decode(opusPayload, into: decoded)
        lastPacketSamples = samples
        enqueue(samples, emit: emit)
    }

    /// Fills in for `count` lost packets, each assumed to last `lastPacketSamples`, and
    /// emits every frame this completes. Without `nextPayload` every packet is synthesised by
    /// Opus concealment (RFC 6716 §4.4). With the payload that followed the loss, the last
    /// lost packet is rebuilt from that payload's in-band FEC (RFC 6716 §2.1.7) when it
    /// carries any, falling back to concealment if it is unusable; then call `process`
    /// with that payload as usual.
    ///
    /// The caller bounds `count` (from the RTP sequence gap); concealment beyond ~100 ms
    /// fades to silence, so long gaps are better handled as silence or a reset.
    public func concealLoss(count: Int, nextPayload: UnsafeRawBufferPointer? = nil,
                            emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        guard count > 0 else { return }
        let duration = lastPacketSamples
        for index in 0..<count {
            var recovered: Int? = nil
            if index == count - 1, let next = nextPayload {
                recovered = try? decoder.decodeFEC(from: next, into: decoded, samples: duration)
            }
            if let recovered {
                enqueue(recovered, emit: emit)
            } else {
                enqueue(try decoder.decodeLost(into: decoded, samples: duration), emit: emit)
            }
        }
    }

    /// Drops queued samples (e.g. after a long gap); the Opus decoder keeps its history.
    public func discardBuffered() { queue.removeAll() }

    private func enqueue(_ samples: Int, emit: (UnsafeRawBufferPointer) -> Void) {
        queue.write(UnsafeBufferPointer(rebasing: decoded[0..<samples]))
        while queue.readFrame(into: frame) {
            trunkCodec.encode(UnsafeBufferPointer(frame), into: encoded)
            emit(UnsafeRawBufferPointer(encoded))
        }
    }
}
