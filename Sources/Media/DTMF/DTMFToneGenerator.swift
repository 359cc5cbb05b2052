import Foundation

/// Sends digits in-band: the two Q.23 tones of each key (see `DTMFKeypad`) for
/// `toneMilliseconds`, then `gapMilliseconds` of silence, key after key.
///
/// Driven by the outgoing stream's frames: for each frame the caller offers its buffer to
/// `fill`; while digits are being sent the generator overwrites the frame (tone, or silence
/// in the gaps) and returns true, and once idle it leaves the frame alone and returns false
/// so the call's audio passes. Both tones keep their phase across frames, so a tone cut into
/// 20 ms frames has no discontinuity; each tone starts at phase zero.
///
/// The defaults (100 ms tone, 60 ms gap, −10 dBm0 per tone) sit well above the shortest
/// tone and pause that receivers must accept (40 ms each in most national variants of
/// ITU-T Q.24), so an IVR never merges or drops a key.
public struct DTMFToneGenerator: Sendable {
    public let sampleRate: Int
    /// Tone length of each key in samples.
    public let toneSamples: Int
    /// Silence after each key in samples.
    public let gapSamples: Int
    /// Level of each of the two tones.
    public let levelDBm0: Double

    /// Most keys waiting; further ones are dropped (a dial pad never gets this far ahead).
    public static let maximumPending = 64

    private let amplitude: Double
    private var pending: [Character] = []
    private var toneLeft = 0
    private var gapLeft = 0
    /// Phases in cycles (0 ..< 1) and steps in cycles per sample, of the low and high tone.
    private var lowPhase = 0.0
    private var highPhase = 0.0
    private var lowStep = 0.0
    private var highStep = 0.0

    /// - Parameters:
    ///   - sampleRate: rate of the frames `fill` receives (8000 for G.711, 16000 for G.722);
    ///     values below 4000 Hz, which cannot carry the 1633 Hz tone, are raised to 4000.
    ///   - levelDBm0: level of each tone, at most −3 dBm0 so that the sum of both cannot clip.
    public init(sampleRate: Int = 8000, toneMilliseconds: Int = 100, gapMilliseconds: Int = 60,
                levelDBm0: Double = -10) {
        self.sampleRate = max(sampleRate, 4000)
        // Bounded so that sample counts can never overflow, whatever the configuration says.
        toneSamples = max(1, min(toneMilliseconds, 10_000)) * self.sampleRate / 1000
        gapSamples = max(0, min(gapMilliseconds, 10_000)) * self.sampleRate / 1000
        self.levelDBm0 = levelDBm0.isFinite ? min(levelDBm0, -3) : -10
        amplitude = DTMFKeypad.peakAmplitude(dBm0: self.levelDBm0)
    }

    /// True when nothing is being sent and nothing waits: `fill` would return false.
    public var isIdle: Bool { toneLeft == 0 && gapLeft == 0 && pending.isEmpty }

    /// Queues keys (`0-9 * # A-D`, lowercase `a-d` too); other characters are ignored.
    public mutating func enqueue(_ digits: String) {
        for character in digits {
            guard let key = DTMFKeypad.key(character), pending.count < Self.maximumPending else { continue }
            pending.append(key)
        }
    }

    /// Writes the next `frame.count` samples of tone or gap over `frame` and returns true,
    /// or returns false without touching `frame` when idle. When the last gap ends inside
    /// a frame, the rest of that frame is silence.
    public mutating func fill(_ frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard !isIdle else { return false }
        for index in frame.indices {
            if toneLeft == 0 && gapLeft == 0 { startNextKey() }
            if toneLeft > 0 {
                frame[index] = nextToneSample()
                toneLeft -= 1
                if toneLeft == 0 { gapLeft = gapSamples }
            } else {
                frame[index] = 0
                if gapLeft > 0 { gapLeft -= 1 }
            }
        }
        return true
    }

    private mutating func startNextKey() {
        guard !pending.isEmpty, let (low, high) = DTMFKeypad.frequencies(of: pending.removeFirst()) else { return }
        lowStep = low / Double(sampleRate)
        highStep = high / Double(sampleRate)
        lowPhase = 0
        highPhase = 0
        toneLeft = toneSamples
    }

    private mutating func nextToneSample() -> Int16 {
        let value = amplitude * (sin(2 * Double.pi * lowPhase) + sin(2 * Double.pi * highPhase))
        // Kept in cycles and wrapped each sample so rounding error does not build up.
        lowPhase += lowStep
        lowPhase -= lowPhase.rounded(.down)
        highPhase += highStep
        highPhase -= highPhase.rounded(.down)
        return Int16(clamping: Int(value.rounded()))
    }
}
