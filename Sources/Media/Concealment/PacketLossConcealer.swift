internal import CSpanDSP

/// Fills the hole a lost trunk packet leaves in decoded G.711 or G.722 audio, using
/// spandsp's packet loss concealer (`plc_rx` / `plc_fillin`: the approach of ITU-T G.711
/// Appendix I, reworked by spandsp so that it adds no delay).
///
/// Pass every decoded sample to `received`, in stream order, and call `conceal` for the
/// samples that did not arrive. What the listener then hears:
/// - The fill repeats the last pitch period heard. spandsp finds it by an average
///   magnitude difference search over periods of 40–120 samples at 8 kHz (5–15 ms, so
///   voices of 67–200 Hz directly and higher ones as a multiple of their period).
/// - The first quarter period of the fill is cross-faded from the time-reversed end of
///   the real audio, so the gap starts without a click.
/// - The fill fades linearly to silence over 400 samples of 8 kHz audio (50 ms), counted
///   after that first quarter period: from at most 53.75 ms into a loss it is silence.
/// - The first `received` after a gap cross-fades its first quarter period from the fill.
///   **It modifies the buffer passed in**: hand `received` the very buffer that is then
///   played or encoded.
///
/// 16 kHz (G.722). spandsp counts in samples and is tuned for 8 kHz. Run directly on
/// 16 kHz audio its pitch search covers only 133–400 Hz and its fade lasts 25 ms. In a
/// measurement of that, a 110 Hz voice-like tone came back at 134 Hz and 5 dB quieter
/// than at 8 kHz, a 90 Hz one lost its pitch altogether, and the second lost 20 ms frame
/// was 25 dB down. So at 16 kHz spandsp is given the even-numbered samples only. They
/// form an 8 kHz stream made without a filter, because a filter would delay the history
/// behind the real audio. Its fill replaces the even samples and the odd samples between
/// them are interpolated linearly. The last odd sample of a call has no right neighbour
/// yet, so it is extrapolated from the two even samples before it. After a gap, the
/// change spandsp makes to the even samples is interpolated onto the odd samples between
/// them. The fill then behaves as at 8 kHz: the same levels, the 110 Hz voice at its
/// pitch. It is band-limited to about 4 kHz, like the G.711 fill, and the interpolation
/// takes a further 1.4 dB off 2 kHz and 2.5 dB off 3 kHz. `PacketLossConcealerTests`
/// measures both rates.
///
/// Conceal whole frames. spandsp writes the whole first cross-fade of a gap (up to 30
/// samples at 8 kHz) in one go. Asked for fewer, the concealer keeps that safe in its
/// own buffer, but the rest of the cross-fade is dropped and the repeated period starts
/// out of phase.
///
/// Neither call allocates. Owns one spandsp state, freed in `deinit`. Not thread-safe:
/// one instance per audio stream, used from one thread at a time; it is `Sendable` only
/// to be handed to that thread.
public final class PacketLossConcealer: @unchecked Sendable {
    /// The rates `init` accepts: G.711's and G.722's.
    public static let supportedSampleRates = [8000, 16000]
    /// Samples of spandsp's 8 kHz stream over which the fill fades out (its plc.c takes
    /// 0.0025 off the gain per sample).
    static let fadeSamples = 400
    /// A quarter of the longest pitch period (PLC_PITCH_OVERLAP_MAX in plc.h): the
    /// cross-fade at each end of a gap. The first fill after real audio writes this many
    /// samples even when asked for fewer, which is why spandsp only writes into `narrow`.
    static let maxOverlap = 30
    /// Samples of history spandsp keeps (PLC_HISTORY_LEN in plc.h).
    static let historySamples = 280
    /// Samples concealed after which spandsp's output and its whole history are zeros:
    /// from then on silence is written here, and spandsp's loss counter stops growing.
    static let silentAfter = fadeSamples + maxOverlap + historySamples
    /// 8 kHz samples per spandsp call, the size of the scratch buffers.
    static let chunk = 256

    public let sampleRate: Int

    let state: UnsafeMutablePointer<plc_state_t>
    /// The 8 kHz stream as spandsp sees it, `chunk` samples at a time.
    let narrow: UnsafeMutableBufferPointer<Int16>
    /// `narrow` before `plc_rx` cross-faded it (16 kHz only), to see what changed.
    let unblended: UnsafeMutableBufferPointer<Int16>
    /// 8 kHz samples concealed since spandsp last received audio, counted up to
    /// `silentAfter`; above zero means a gap is open.
    var concealedRun = 0
    /// 16 kHz only: whether the next sample of the stream has an even index.
    var nextIsEven = true
    /// 16 kHz only: the last two even samples passed on, received or concealed.
    var lastEven: Int16 = 0
    var evenBeforeLast: Int16 = 0

    /// - Parameter sampleRate: 8000 (G.711) or 16000 (G.722).
    /// - Throws: `.unsupportedSampleRate` for other rates, `.outOfMemory` when spandsp
    ///   cannot allocate its state.
    public init(sampleRate: Int = 8000) throws(ConcealmentError) {
        guard Self.supportedSampleRates.contains(sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        guard let state = plc_init(nil) else { throw .outOfMemory }
        self.state = state
        self.sampleRate = sampleRate
        narrow = .allocate(capacity: Self.chunk)
        narrow.initialize(repeating: 0)
        unblended = .allocate(capacity: Self.chunk)
        unblended.initialize(repeating: 0)
    }

    deinit {
        plc_free(state)
        narrow.deallocate()
        unblended.deallocate()
    }

    /// Whether a gap is open: fill has been written since spandsp last received audio, so
    /// the next `received` cross-fades.
    public var isConcealing: Bool { concealedRun > 0 }

    /// Records audio that arrived, for the next fill. Right after a gap the first quarter
    /// pitch period of `pcm` is cross-faded from the fill, **in place**.
    public func received(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        guard !pcm.isEmpty else { return }   // an empty call must not close a gap
        if sampleRate == 8000 {
            receiveNarrow(pcm)
        } else {
            receiveWide(pcm)
        }
    }

    /// Writes a fill for lost audio over the whole of `pcm`, continuing any fill already
    /// under way (the fade goes on across calls until audio is received again).
    /// - Returns: the number of samples written, `pcm.count`.
    @discardableResult
    public func conceal(into pcm: UnsafeMutableBufferPointer<Int16>) -> Int {
        guard !pcm.isEmpty else { return 0 }
        if sampleRate == 8000 {
            concealNarrow(pcm)
        } else {
            concealWide(pcm)
        }
        return pcm.count
    }

    /// Hands `count` (at most `chunk`) samples at `samples` to spandsp, which keeps them
    /// as history and, if a gap was open, cross-fades their start in place.
    func feedSpandsp(_ samples: UnsafeMutablePointer<Int16>, count: Int) {
        guard count > 0 else { return }
        plc_rx(state, samples, Int32(count))
        concealedRun = 0
    }

    /// Writes `count` (at most `chunk`) samples of fill at the start of `narrow`.
    func fillNarrow(_ count: Int) {
        guard count > 0, let scratch = narrow.baseAddress else { return }
        if concealedRun >= Self.silentAfter {
            scratch.update(repeating: 0, count: count)
            return
        }
        plc_fillin(state, scratch, Int32(count))
        concealedRun = min(concealedRun + count, Self.silentAfter)
    }

    private func receiveNarrow(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        guard let base = pcm.baseAddress else { return }
        var offset = 0
        while offset < pcm.count {
            let count = min(Self.chunk, pcm.count - offset)
            feedSpandsp(base + offset, count: count)
            offset += count
        }
    }

    private func concealNarrow(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        guard let base = pcm.baseAddress, let scratch = narrow.baseAddress else { return }
        var offset = 0
        while offset < pcm.count {
            let count = min(Self.chunk, pcm.count - offset)
            fillNarrow(count)
            (base + offset).update(from: scratch, count: count)
            offset += count
        }
    }
}
