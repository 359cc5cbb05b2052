import Foundation

/// A call-progress tone: one or two frequencies switched on and off in a cadence,
/// such as ringback (ITU-T E.180 lists each country's). Generated sample by sample
/// with continuous phase, so 20 ms frames join without clicks.
public struct CadencedTone: Sendable {
    public let frequencies: [Double]
    /// Alternating on/off durations in milliseconds, starting with "on".
    public let cadenceMilliseconds: [Int]
    public let sampleRate: Double
    /// Peak amplitude of each frequency, as a fraction of full scale.
    public let amplitude: Double

    private var phases: [Double]
    private var sampleInCycle = 0
    private let cycleSamples: Int
    private let boundaries: [Int]

    public init(frequencies: [Double], cadenceMilliseconds: [Int], sampleRate: Double, amplitude: Double = 0.12) {
        self.frequencies = frequencies
        self.cadenceMilliseconds = cadenceMilliseconds.isEmpty ? [1000] : cadenceMilliseconds
        self.sampleRate = sampleRate
        self.amplitude = amplitude
        self.phases = frequencies.map { _ in 0 }
        var sum = 0
        var marks: [Int] = []
        for ms in self.cadenceMilliseconds {
            sum += max(1, Int(Double(ms) * sampleRate / 1000))
            marks.append(sum)
        }
        self.boundaries = marks
        self.cycleSamples = sum
    }

    /// North American ringback (ANSI T1.401): 440 + 480 Hz, 2 s on, 4 s off.
    public static func northAmericanRingback(sampleRate: Double) -> CadencedTone {
        CadencedTone(frequencies: [440, 480], cadenceMilliseconds: [2000, 4000], sampleRate: sampleRate)
    }

    /// The soft hold tone: 425 Hz (ITU-T E.180's recommended frequency) for 0.2 s every
    /// 4 s, quiet. Played to whichever side waits while the other holds or is away.
    public static func hold(sampleRate: Double) -> CadencedTone {
        CadencedTone(frequencies: [425], cadenceMilliseconds: [200, 3800], sampleRate: sampleRate, amplitude: 0.05)
    }

    /// Fills `buffer` with the next samples of the tone.
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<Int16>) {
        for i in buffer.indices {
            buffer[i] = next()
        }
    }

    private mutating func next() -> Int16 {
        // Even-indexed cadence segments sound, odd ones are silent.
        let segment = boundaries.firstIndex { sampleInCycle < $0 } ?? 0
        sampleInCycle = (sampleInCycle + 1) % cycleSamples
        var value = 0.0
        for k in frequencies.indices {
            if segment % 2 == 0 { value += sin(phases[k]) * amplitude }
            phases[k] += 2 * Double.pi * frequencies[k] / sampleRate
            if phases[k] > 2 * Double.pi { phases[k] -= 2 * Double.pi }
        }
        return Int16(clamping: Int((value * 32767).rounded()))
    }
}
