import Media
import NIOCore

/// The gateway's own call-progress tones toward the browser: ringback for trunks that send
/// 180 Ringing without early media, busy or congestion after a refusal without audio, the
/// hold tone while a trunk holds the call in silence. Paced by a 20 ms timer on the call's
/// loop only while it plays (there is no incoming audio to drive it), encoded straight
/// from 8 kHz PCM to Opus.
final class ProgressTonePlayer {
    private let loop: MediaEventLoop
    private var tone: CadencedTone
    private let encoder: OpusEncoder
    private let pcm = UnsafeMutableBufferPointer<Int16>.allocate(capacity: 160)
    private let packet = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 1)
    private var task: MediaTimer?

    /// `country`: whose tones (ITU-T E.180) play, as `calls.tone_country` names it.
    convenience init(loop: MediaEventLoop, tone: ProgressTone, country: String) throws {
        try self.init(loop: loop, tone: ToneLibrary.tone(tone, country: country, sampleRate: 8000))
    }

    /// A soft 425 Hz beep, 0.2 s every 4 s (ITU-T E.180's recommended frequency), for a
    /// call the far end holds without sending music.
    convenience init(holdToneOn loop: MediaEventLoop) throws {
        try self.init(loop: loop, tone: .hold(sampleRate: 8000))
    }

    /// `tone` must be generated at 8 kHz.
    init(loop: MediaEventLoop, tone: CadencedTone) throws {
        self.loop = loop
        self.tone = tone
        self.encoder = try OpusEncoder(sampleRate: 8000, channels: 1)
    }

    deinit {
        task?.cancel()
        pcm.deallocate()
        packet.deallocate()
    }

    var isPlaying: Bool { task != nil }

    /// Starts sending one 20 ms Opus frame of the tone per tick to `send`.
    func start(send: @escaping (UnsafeRawBufferPointer) -> Void) {
        // Each packet is 20 ms: 960 ticks of the browser's 48 kHz Opus clock.
        guard task == nil else { return }
        task = loop.every(.milliseconds(20), after: .zero) { [weak self] in
            guard let self else { return }
            self.tone.fill(self.pcm)
            guard let length = try? self.encoder.encode(UnsafeBufferPointer(self.pcm), into: self.packet) else { return }
            send(UnsafeRawBufferPointer(rebasing: self.packet[0..<length]))
        }
    }

    func stop() {
        task?.cancel()
        task = nil
    }
}
