import Gateway
import Media
import NIOCore

/// Media of a call from a trunk that the gateway itself answers: the dialplan's prompts
/// and tones go to the caller, the caller's digits come back (RFC 4733), and the echo test
/// sends the caller's audio back through the full transcoding path (G.711 or G.722 → PCM →
/// Opus → PCM → the same codec), the same stages a bridged call uses.
///
/// From the answer on, one frame leaves every 20 ms: prompt audio, or silence while the
/// dialplan waits for a key, so the trunk's own RTP timeout never fires during a menu.
/// Confined to its loop; the public methods hop onto it.
final class TrunkCallMedia: ScriptMedia, @unchecked Sendable {
    private let leg: TrunkLeg
    let trunkPort: Int?
    private let release: @Sendable () -> Void
    private let onPlaybackFinished: () -> Void
    private var closed = false
    private var codec: TrunkCodec?
    private var encoder: PromptEncoder?
    private var playback: PromptPlayback?
    private var ticker: MediaTimer?
    private var echoing = false
    private var toOpus: TrunkToBrowserTranscoder?
    private var fromOpus: BrowserToTrunkTranscoder?
    /// 16 kHz for G.722 and Opus, 8 kHz for G.711; read before the answer, it is 8 kHz.
    private(set) var promptSampleRate = 8000

    /// DTMF tones in the caller's audio (for IVR menus keyed in-band).
    private var tones: InbandDigitListener?
    private let onDigit: (Character, DTMFMethod) -> Void

    /// The ticker holds this object weakly, so it must not outlive it on the loop.
    deinit { ticker?.cancel() }

    init(leg: TrunkLeg, onDigit: @escaping (Character, DTMFMethod) -> Void, onSilence: @escaping () -> Void,
         onPlaybackFinished: @escaping () -> Void, release: @escaping @Sendable () -> Void) {
        self.leg = leg
        self.trunkPort = leg.port
        self.release = release
        self.onPlaybackFinished = onPlaybackFinished
        leg.onSilence = onSilence
        self.onDigit = onDigit
        leg.onDigit = { onDigit($0, .rfc4733) }
        leg.onAudio = { [unowned self] payload in self.received(payload) }
    }

    func connectTrunk(_ answer: TrunkSDP.Answer) {
        leg.loop.execute {
            guard !self.closed, self.leg.connect(answer) else { return }
            self.codec = answer.codec
            self.encoder = try? PromptEncoder(answer.codec)
            let onDigit = self.onDigit
            self.tones = InbandDigitListener(codec: answer.codec) { onDigit($0, .inband) }
            self.promptSampleRate = self.encoder?.sampleRate ?? 8000
            if let audio = TrunkAudioCodec(answer.codec) {
                self.toOpus = try? TrunkToBrowserTranscoder(trunkCodec: audio)
                self.fromOpus = try? BrowserToTrunkTranscoder(trunkCodec: audio)
            }
            self.startTicking()
        }
    }

    func sendDTMF(_ digits: String) {}

    /// Plays from the start, replacing whatever plays; reports the end once.
    func play(_ playback: PromptPlayback) {
        leg.loop.execute {
            guard !self.closed else { return }
            self.echoing = false
            self.playback = playback
        }
    }

    func stopPlayback() {
        leg.loop.execute { self.playback = nil }
    }

    /// From now on the caller hears themselves (the echo test).
    func startEcho() {
        leg.loop.execute {
            self.playback = nil
            self.echoing = true
        }
    }

    var loop: MediaEventLoop { leg.loop }

    /// Gives the trunk leg to the media that takes the call over (an agent's bridge), on the
    /// loop: prompts and the 20 ms ticker stop, the leg's socket, stream and codec go on as
    /// they are. Nil once closed. Closing this object afterwards does nothing.
    func handOver() -> TrunkLeg? {
        leg.loop.preconditionInEventLoop()
        guard !closed else { return nil }
        closed = true
        ticker?.cancel()
        playback = nil
        echoing = false
        leg.onAudio = nil
        leg.onDigit = nil
        leg.onSilence = nil
        leg.onQuality = nil
        return leg
    }

    func close() {
        leg.loop.execute {
            guard !self.closed else { return }
            self.closed = true
            self.ticker?.cancel()
            self.leg.close()
            self.release()
        }
    }

    // MARK: On the loop

    private func startTicking() {
        guard ticker == nil else { return }
        ticker = leg.loop.every(.milliseconds(20), after: .zero) { [weak self] in
            self?.tick()
        }
    }

    /// One 20 ms frame: the prompt's next frame, or silence; nothing while echoing (the
    /// caller's own packets pace the echo).
    private func tick() {
        guard !closed, !echoing, let encoder else { return }
        var hadAudio = false
        if var current = playback {
            hadAudio = encoder.fill { current.fill($0) }
            playback = current
            if current.isFinished {
                playback = nil
                onPlaybackFinished()
            }
        }
        if !hadAudio { encoder.fill { $0.update(repeating: 0); return false } }
        encoder.withFrame { frame, samples in self.leg.send(frame, samples: samples) }
    }

    private func received(_ payload: UnsafeRawBufferPointer) {
        tones?.listen(to: payload)
        guard echoing else { return }
        if codec == .opus {
            guard let samples = try? OpusPacket.sampleCount(of: payload, sampleRate: 48000) else { return }
            leg.send(payload, samples: UInt32(samples))
            return
        }
        guard let toOpus, let fromOpus else { return }
        try? toOpus.process(trunkPayload: payload) { opus in
            try? fromOpus.process(opusPayload: opus) { frame in
                self.leg.send(frame, samples: fromOpus.trunkTimestampIncrement)
            }
        }
    }
}
