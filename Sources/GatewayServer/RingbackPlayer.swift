import Media
import NIOCore

/// The gateway's own ringback toward the browser, for trunks that send 180
/// Ringing without early media. Paced by a 20 ms timer on the call's loop only
/// while it plays (there is no incoming audio to drive it), encoded straight
/// from 8 kHz PCM to Opus.
final class RingbackPlayer {
    private let loop: EventLoop
    private var tone: CadencedTone
    private let encoder: OpusEncoder
    private let pcm = UnsafeMutableBufferPointer<Int16>.allocate(capacity: 160)
    private let packet = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 1)
    private var task: RepeatedTask?

    /// `country`: whose ringback (ITU-T E.180) plays, as `calls.tone_country` names it.
    init(loop: EventLoop, country: String) throws {
        self.loop = loop
        self.tone = ToneLibrary.tone(.ringback, country: country, sampleRate: 8000)
        self.encoder = try OpusEncoder(sampleRate: 8000, channels: 1)
    }

    deinit {
        task?.cancel()
        pcm.deallocate()
        packet.deallocate()
    }

    var isPlaying: Bool { task != nil }

    /// Starts sending one 20 ms Opus frame of ringback per tick to `send`.
    func start(send: @escaping (UnsafeRawBufferPointer) -> Void) {
        // Each packet is 20 ms: 960 ticks of the browser's 48 kHz Opus clock.
        guard task == nil else { return }
        task = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { [weak self] _ in
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
