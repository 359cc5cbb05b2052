import Media
import NIOCore

/// Dialplan prompts toward the browser: 20 ms of `PromptPlayback` at 8 kHz per tick,
/// encoded to Opus, paced by a timer on the call's loop only while a prompt plays (there
/// is no incoming audio to drive it). `finished` is called once when the prompt ends.
final class WebPromptPlayer {
    private let loop: MediaEventLoop
    private let encoder: OpusEncoder
    private let pcm = UnsafeMutableBufferPointer<Int16>.allocate(capacity: 160)
    private let packet = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 1)
    private var playback: PromptPlayback?
    private var task: MediaTimer?

    static let sampleRate = 8000

    init(loop: MediaEventLoop) throws {
        self.loop = loop
        self.encoder = try OpusEncoder(sampleRate: Int32(Self.sampleRate), channels: 1)
    }

    deinit {
        task?.cancel()
        pcm.deallocate()
        packet.deallocate()
    }

    /// Plays `playback` from its start, replacing a prompt that still plays (whose
    /// `finished` is then never called).
    func play(_ playback: PromptPlayback, send: @escaping (UnsafeRawBufferPointer) -> Void, finished: @escaping () -> Void) {
        self.playback = playback
        task?.cancel()
        task = loop.every(.milliseconds(20), after: .zero) { [weak self] in
            guard let self, var current = self.playback else { return }
            _ = current.fill(self.pcm)
            self.playback = current
            if let length = try? self.encoder.encode(UnsafeBufferPointer(self.pcm), into: self.packet) {
                send(UnsafeRawBufferPointer(rebasing: self.packet[0..<length]))
            }
            if current.isFinished {
                self.stop()
                finished()
            }
        }
    }

    func stop() {
        task?.cancel()
        task = nil
        playback = nil
    }
}
