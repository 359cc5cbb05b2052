/// Browser → trunk audio: Opus payloads in, 20 ms trunk frames (G.711 or G.722) out.
///
/// Each Opus payload (any frame duration, 2.5–120 ms, mono or stereo, whatever rate the
/// browser encoded at) is decoded straight to the trunk codec's audio rate (8 kHz for
/// G.711, 16 kHz for G.722), mono, queued, and cut into 20 ms frames that are encoded and
/// handed to `emit` one by one. No resampler: libopus renders the narrowband or wideband
/// signal itself, which halves the CPU of a 48 kHz detour and avoids the resampler's delay.
///
/// Timing: every emitted frame is exactly 20 ms (`trunkCodec.samplesPerFrame` samples,
/// `trunkCodec.frameBytes` bytes), so the caller advances its outgoing RTP timestamp by
/// `trunkTimestampIncrement` per frame. That is 160 for G.711 (RFC 3551 §4.5.14) and also
/// for G.722, whose RTP clock stays 8000 Hz for 16 kHz audio (RFC 3551 §4.5.2). A 60 ms
/// Opus packet yields three frames, a 10 ms packet one frame every second call, and less
/// than one frame of samples waits in the queue.
///
/// All buffers are allocated in `init`; `process` and `concealLoss` do not allocate.
/// Not thread-safe: one instance per call leg direction, used from one thread at a time.
public final class BrowserToTrunkTranscoder: @unchecked Sendable {
    public let trunkCodec: TrunkAudioCodec
    /// Rate libopus decodes at: the trunk codec's audio rate.
    public var opusDecodeRate: Int32 { decoder.sampleRate }
    /// Samples per emitted frame at `opusDecodeRate` (20 ms).
    public var samplesPerFrame: Int { trunkCodec.samplesPerFrame }
    /// Bytes per emitted frame.
    public var frameBytes: Int { trunkCodec.frameBytes }
    /// RTP timestamp units per emitted frame on the trunk codec's RTP clock.
    public var trunkTimestampIncrement: UInt32 { trunkCodec.rtpTimestampIncrement }
    /// Samples per channel (at `opusDecodeRate`) of the last packet decoded or concealed;
    /// concealment assumes a lost packet lasted this long. Starts at 20 ms.
    public private(set) var lastPacketSamples: Int

    private let decoder: OpusDecoder
    private let encoder: TrunkFrameEncoder
    private let queue: PCMFIFO
    private let decoded: UnsafeMutableBufferPointer<Int16>
    private let frame: UnsafeMutableBufferPointer<Int16>
    private let encoded: UnsafeMutableRawBufferPointer

    /// - Throws: `.opus` if libopus cannot create the decoder, `.g722` if spandsp cannot
    ///   create the G.722 encoder.
    public init(trunkCodec: TrunkAudioCodec) throws(TranscoderError) {
        do throws(OpusError) {
            decoder = try OpusDecoder(sampleRate: Int32(trunkCodec.sampleRate), channels: 1)
        } catch {
            throw .opus(error)
        }
        do throws(G722Error) {
            encoder = try TrunkFrameEncoder(trunkCodec)
        } catch {
            throw .g722(error)
        }
        self.trunkCodec = trunkCodec
        lastPacketSamples = trunkCodec.samplesPerFrame
        decoded = .allocate(capacity: decoder.maxPacketSamples)
        decoded.initialize(repeating: 0)
        // One longest packet plus the remainder (< one frame) left by the previous one.
        queue = PCMFIFO(capacity: decoder.maxPacketSamples + trunkCodec.samplesPerFrame)
        frame = .allocate(capacity: trunkCodec.samplesPerFrame)
        frame.initialize(repeating: 0)
        encoded = .allocate(byteCount: trunkCodec.frameBytes, alignment: 1)
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
    /// trunk frame now available. The buffer given to `emit` is only valid during the call.
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

    /// Drops queued samples (e.g. after a long gap); the codecs keep their history.
    public func discardBuffered() { queue.removeAll() }

    private func enqueue(_ samples: Int, emit: (UnsafeRawBufferPointer) -> Void) {
        queue.write(UnsafeBufferPointer(rebasing: decoded[0..<samples]))
        while queue.readFrame(into: frame) {
            let length = encoder.encode(UnsafeBufferPointer(frame), into: encoded)
            emit(UnsafeRawBufferPointer(rebasing: encoded[0..<length]))
        }
    }
}
