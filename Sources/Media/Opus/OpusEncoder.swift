internal import COpus
internal import CShims

/// An Opus encoder (RFC 6716) set up for speech: `OPUS_APPLICATION_VOIP`, voice signal hint.
///
/// Owns one libopus encoder state, freed in `deinit`. Not thread-safe: an instance keeps
/// the codec history of one audio stream and must be used by one thread at a time (the
/// one that owns the media leg); it is `Sendable` only so it can be handed to that thread.
public final class OpusEncoder: @unchecked Sendable {
    /// Rate of the PCM given to `encode` (8, 12, 16, 24 or 48 kHz). The packets are
    /// still Opus packets that any decoder rate can read; RTP stamps them on the
    /// 48 kHz clock whatever this rate is (RFC 7587 §4.1).
    public let sampleRate: Int32
    /// 1 (mono) or 2 (interleaved stereo). A mono packet is valid on a stream signalled
    /// `opus/48000/2`: the stereo flag in the TOC byte is per packet (RFC 6716 §3.1).
    public let channels: Int32
    /// Encoder delay in samples at `sampleRate` (`OPUS_GET_LOOKAHEAD`).
    public let lookahead: Int

    private let state: OpaquePointer

    /// - Parameters:
    ///   - bitrate: target bits per second (libopus accepts 500…512000).
    ///   - complexity: 0…10; 5 keeps CPU low for many calls per core.
    ///   - fec: in-band forward error correction (LBRR, RFC 6716 §4.2.4); only produced
    ///     when `packetLossPercent` is above zero and the encoder runs SILK or hybrid.
    ///   - packetLossPercent: expected loss, 0…100; drives how much FEC is spent.
    ///   - dtx: discontinuous transmission (RFC 7587 §3.1.3); off by default because a
    ///     trunk bridge then has to fill the gaps.
    ///   - maxBandwidth: the widest audio the packets carry (`OPUS_SET_MAX_BANDWIDTH`), as a
    ///     receiver's `maxplaybackrate` asks; the input's sample rate limits it too.
    public init(
        sampleRate: Int32,
        channels: Int32 = 1,
        bitrate: Int32 = 32000,
        complexity: Int32 = 5,
        fec: Bool = true,
        packetLossPercent: Int32 = 10,
        dtx: Bool = false,
        maxBandwidth: OpusBandwidth = .fullband
    ) throws(OpusError) {
        guard OpusFormat.isSupported(sampleRate: sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        guard OpusFormat.isSupported(channels: channels) else { throw .unsupportedChannelCount(channels) }
        var code: Int32 = OPUS_OK
        guard let state = opus_encoder_create(sampleRate, channels, OPUS_APPLICATION_VOIP, &code),
              code == OPUS_OK else {
            throw OpusError(code: code == OPUS_OK ? OPUS_ALLOC_FAIL : code)
        }
        // Configure before `self` exists so a failure frees the state exactly once.
        var delay: Int32 = 0
        let results: [Int32] = [
            cshim_opus_set_bitrate(state, bitrate),
            cshim_opus_set_complexity(state, complexity),
            cshim_opus_set_signal_voice(state),
            cshim_opus_set_inband_fec(state, fec ? 1 : 0),
            cshim_opus_set_packet_loss_perc(state, fec ? packetLossPercent : 0),
            cshim_opus_set_dtx(state, dtx ? 1 : 0),
            cshim_opus_set_max_bandwidth(state, maxBandwidth.libopusValue),
            cshim_opus_get_lookahead(state, &delay),
        ]
        if let failure = results.first(where: { $0 != OPUS_OK }) {
            opus_encoder_destroy(state)
            throw OpusError(code: failure)
        }
        self.state = state
        self.sampleRate = sampleRate
        self.channels = channels
        self.lookahead = Int(delay)
    }

    deinit { opus_encoder_destroy(state) }

    /// The loss the encoder plans for from now on (0…100 %): with in-band FEC on, how much
    /// of each frame it re-encodes for the next packet (none at 0).
    public func setExpectedLoss(percent: Int32) throws(OpusError) {
        let code = cshim_opus_set_packet_loss_perc(state, max(0, min(100, percent)))
        guard code == OPUS_OK else { throw OpusError(code: code) }
    }

    /// Encodes exactly one frame of PCM into one Opus packet.
    ///
    /// - Parameters:
    ///   - pcm: one frame, interleaved if stereo; its duration must be a legal Opus frame
    ///     (e.g. 160 samples = 20 ms at 8 kHz mono).
    ///   - out: room for the packet; 1275 bytes always suffice for one 20 ms frame
    ///     (RFC 6716 §3.2.1).
    /// - Returns: the packet length in bytes, written at the start of `out`.
    public func encode(_ pcm: UnsafeBufferPointer<Int16>, into out: UnsafeMutableRawBufferPointer) throws(OpusError) -> Int {
        let perChannel = pcm.count / Int(channels)
        guard pcm.count % Int(channels) == 0,
              OpusFormat.isLegalFrame(samplesPerChannel: perChannel, sampleRate: sampleRate),
              let source = pcm.baseAddress else {
            throw .invalidFrameSize(pcm.count)
        }
        guard let destination = out.baseAddress, !out.isEmpty else { throw .bufferTooSmall }
        let written = opus_encode(
            state, source, Int32(perChannel),
            destination.assumingMemoryBound(to: UInt8.self), Int32(clamping: out.count))
        guard written >= 0 else { throw OpusError(code: written) }
        return Int(written)
    }
}
