/// Trunk → browser audio: G.711 or G.722 payloads in, 20 ms Opus packets out.
///
/// Trunk payloads of any length (10, 20, 30 ms or anything else a trunk sends) are
/// decoded to PCM at the codec's audio rate (8 kHz for G.711, 16 kHz for G.722), queued,
/// and cut into 20 ms frames that are Opus-encoded at that same rate (no resampler:
/// libopus codes narrowband and wideband directly) and handed to `emit`.
///
/// Timing: every emitted packet is exactly 20 ms of audio. Browsers clock Opus at 48 kHz
/// whatever the coded bandwidth (RFC 7587 §4.1), so the caller advances its outgoing RTP
/// timestamp by `rtpTimestampIncrement` (960) per packet, for every trunk codec. A 30 ms
/// trunk packet yields one Opus packet and leaves 10 ms queued; the next one yields two.
///
/// Loss: every decoded sample also goes through a `PacketLossConcealer`, and
/// `concealLoss(frames:emit:)` sends its fill for trunk packets that never came, so the
/// browser hears the last sound continue and fade instead of a click into silence.
///
/// All buffers are allocated in `init`; `process` and `concealLoss` do not allocate.
/// Not thread-safe: one instance per call leg direction, used from one thread at a time.
public final class TrunkToBrowserTranscoder: @unchecked Sendable {
    /// RTP timestamp units per emitted packet on the 48 kHz Opus clock.
    public static let rtpTimestampIncrement: UInt32 = 960
    /// Output buffer size: the largest single-frame Opus packet is 1275 bytes plus the
    /// TOC byte (RFC 6716 §3.2.1).
    static let maxPacketBytes = 1276

    public let trunkCodec: TrunkAudioCodec
    /// Rate of the PCM given to libopus: the trunk codec's audio rate.
    public var opusEncodeRate: Int32 { encoder.sampleRate }
    /// Samples per emitted packet at `opusEncodeRate` (20 ms).
    public var samplesPerFrame: Int { trunkCodec.samplesPerFrame }
    /// Opus encoder delay in samples at `opusEncodeRate`; with `bufferedSamples` it gives
    /// this direction's algorithmic latency.
    public var encoderLookahead: Int { encoder.lookahead }

    private let encoder: OpusEncoder
    private let decoder: TrunkFrameDecoder
    private let concealer: PacketLossConcealer
    /// Payload bytes decoded per step: one frame's worth, so `decoded` always has room.
    private let bytesPerStep: Int

    private let queue: PCMFIFO
    private let decoded: UnsafeMutableBufferPointer<Int16>
    private let frame: UnsafeMutableBufferPointer<Int16>
    private let packet: UnsafeMutableRawBufferPointer

    /// - Parameters:
    ///   - bitrate, complexity, fec: passed to `OpusEncoder`.
    ///   - expectedLossPercent: the loss FEC plans for at first; 0 (no FEC data until the
    ///     browser reports loss, `expectLoss`) unless given.
    /// - Throws: `.opus` for libopus errors from setup, `.g722` if spandsp cannot create
    ///   the G.722 decoder, `.concealment` if it cannot create the loss concealer.
    public init(trunkCodec: TrunkAudioCodec, bitrate: Int32 = 32000, complexity: Int32 = 5,
                fec: Bool = true, expectedLossPercent: Int32 = 0) throws(TranscoderError) {
        do throws(OpusError) {
            encoder = try OpusEncoder(sampleRate: Int32(trunkCodec.sampleRate), channels: 1, bitrate: bitrate,
                                      complexity: complexity, fec: fec, packetLossPercent: expectedLossPercent)
        } catch {
            throw .opus(error)
        }
        do throws(G722Error) {
            decoder = try TrunkFrameDecoder(trunkCodec)
        } catch {
            throw .g722(error)
        }
        do throws(ConcealmentError) {
            concealer = try PacketLossConcealer(sampleRate: trunkCodec.sampleRate)
        } catch {
            throw .concealment(error)
        }
        self.trunkCodec = trunkCodec
        bytesPerStep = trunkCodec.frameBytes
        decoded = .allocate(capacity: trunkCodec.samplesPerFrame)
        decoded.initialize(repeating: 0)
        // Decoding at most one frame's worth at a time into a ring drained to below one
        // frame means two frames of room always suffice, whatever the payload size.
        queue = PCMFIFO(capacity: 2 * trunkCodec.samplesPerFrame)
        frame = .allocate(capacity: trunkCodec.samplesPerFrame)
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

    /// Decodes one trunk RTP payload and emits every whole 20 ms Opus packet now
    /// available. Any bytes are valid input (every byte is a G.711 or G.722 code word).
    /// The buffer given to `emit` is only valid during the call.
    /// - Throws: `OpusError` if libopus fails to encode (frames emitted before the
    ///   failure stay emitted).
    public func process(trunkPayload: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        var offset = 0
        while offset < trunkPayload.count {
            let chunk = min(trunkPayload.count - offset, bytesPerStep)
            let samples = decoder.decode(UnsafeRawBufferPointer(rebasing: trunkPayload[offset..<(offset + chunk)]),
                                         into: decoded)
            let audio = UnsafeMutableBufferPointer(rebasing: decoded[0..<samples])
            // After a gap this cross-fades the start of `audio` from the fill, in place.
            concealer.received(audio)
            queue.write(UnsafeBufferPointer(audio))
            offset += chunk
            try encodeQueuedFrames(emit: emit)
        }
    }

    /// Stands in for `frames` lost 20 ms trunk frames (`trunkCodec.samplesPerFrame`
    /// samples each): the concealer's fill is queued after any audio already waiting and
    /// encoded exactly as `process` does, so `frames` Opus packets are emitted. The fill
    /// fades to silence within about 54 ms of the loss, so the caller bounds `frames` to
    /// a few and treats a longer silence as a stopped stream. Zero or fewer does nothing.
    /// - Throws: `OpusError` if libopus fails to encode (frames emitted before the
    ///   failure stay emitted).
    public func concealLoss(frames: Int, emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        guard frames > 0 else { return }
        for _ in 0..<frames {
            concealer.conceal(into: decoded)   // `decoded` holds exactly one frame
            queue.write(UnsafeBufferPointer(decoded))
            try encodeQueuedFrames(emit: emit)
        }
    }

    /// Queues one 20 ms frame of PCM at the codec's rate that `fill` writes (comfort noise
    /// while the trunk suppresses silence, RFC 3389) and emits what is ready, as `process`.
    public func insertFrame(_ fill: (UnsafeMutableBufferPointer<Int16>) -> Void,
                            emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        fill(decoded)   // `decoded` holds exactly one frame
        queue.write(UnsafeBufferPointer(decoded))
        try encodeQueuedFrames(emit: emit)
    }

    private func encodeQueuedFrames(emit: (UnsafeRawBufferPointer) -> Void) throws(OpusError) {
        while queue.readFrame(into: frame) {
            let length = try encoder.encode(UnsafeBufferPointer(frame), into: packet)
            emit(UnsafeRawBufferPointer(rebasing: packet[0..<length]))
        }
    }

    /// Drops queued samples (e.g. after a long gap in the trunk stream).
    public func discardBuffered() { queue.removeAll() }

    /// The loss the browser reports on this stream (`OpusLossAdaptation`): in-band FEC
    /// follows it. A value libopus refuses leaves the plan as it was.
    public func expectLoss(percent: Int32) {
        try? encoder.setExpectedLoss(percent: percent)
    }
}
