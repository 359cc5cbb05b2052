import NIOCore
import RTP

/// A trunk's optional jitter buffer (`jitter_buffer_ms`): its audio packets wait in an
/// adaptive `JitterBuffer` and a 20 ms tick hands them on in order, with a concealment
/// request for every slot whose packet is lost or too late. Off, packets play on arrival.
extension TrunkLeg {
    func startJitterBuffer(clockRate: Int) {
        playoutTask?.cancel()
        playoutTask = nil
        guard let milliseconds = jitterBufferMilliseconds else { return }
        jitterBuffer = JitterBuffer(clockRate: clockRate, frameTicks: UInt32(clockRate / 50),
                                    maximumDelayMilliseconds: milliseconds)
        playoutTask = loop.every(.milliseconds(20), after: .milliseconds(20)) { self.playOut() }
    }

    /// Everything due by now: one packet per 20 ms slot (two for 10 ms packets).
    private func playOut() {
        let now = MediaClock.nanoseconds()
        // Popped in place (optional chaining), so the buffer's storage is never copied.
        while let next = jitterBuffer?.pop(nowNanoseconds: now) {
            switch next {
            case .packet(let frame):
                frame.payload.withUnsafeBytes { onAudio?($0) }
            case .missing, .stretch:
                onAudioLost?(1)
            case .empty:
                return
            }
        }
    }
}
