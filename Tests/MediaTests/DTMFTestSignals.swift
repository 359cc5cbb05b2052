import Foundation
@testable import Media

/// A small deterministic random generator (SplitMix64), so every test signal is the same
/// on every run and a failure can be reproduced.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double {
        (Double(nextUInt64() >> 11) + 0.5) / Double(1 << 53)
    }

    /// Standard normal, by Box–Muller.
    mutating func gaussian() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }

    mutating func integer(below bound: Int) -> Int {
        Int(nextUInt64() % UInt64(max(bound, 1)))
    }
}

/// Test signals for DTMF detection, as Double samples (mixed, then converted once).
enum DTMFSignals {
    /// RMS of a sine at `dBm0`, in sample units.
    static func rms(dBm0: Double) -> Double { DTMFKeypad.peakAmplitude(dBm0: dBm0) / 2.0.squareRoot() }

    /// A two-tone burst: `low` Hz at `lowDBm0` plus `high` Hz at `highDBm0`, with random phases.
    static func tonePair(low: Double, high: Double, lowDBm0: Double, highDBm0: Double, milliseconds: Double,
                         sampleRate: Double, random: inout SeededRandom) -> [Double] {
        let count = Int(milliseconds * sampleRate / 1000)
        let lowAmplitude = DTMFKeypad.peakAmplitude(dBm0: lowDBm0)
        let highAmplitude = DTMFKeypad.peakAmplitude(dBm0: highDBm0)
        let lowPhase = 2 * Double.pi * random.uniform()
        let highPhase = 2 * Double.pi * random.uniform()
        return (0..<count).map { index in
            let time = Double(index) / sampleRate
            return lowAmplitude * sin(2 * Double.pi * low * time + lowPhase)
                + highAmplitude * sin(2 * Double.pi * high * time + highPhase)
        }
    }

    /// White Gaussian noise of the given RMS.
    static func noise(count: Int, rms: Double, random: inout SeededRandom) -> [Double] {
        (0..<count).map { _ in rms * random.gaussian() }
    }

    static func silence(milliseconds: Double, sampleRate: Double) -> [Double] {
        Array(repeating: 0, count: Int(milliseconds * sampleRate / 1000))
    }

    /// Rounds and clips to 16-bit samples.
    static func pcm(_ samples: [Double]) -> [Int16] {
        samples.map { Int16(clamping: Int($0.rounded())) }
    }

    /// Adds `b` onto `a` sample by sample (lengths may differ; the result is as long as `a`).
    static func mix(_ a: [Double], _ b: [Double]) -> [Double] {
        a.indices.map { a[$0] + ($0 < b.count ? b[$0] : 0) }
    }

    /// Voiced speech as a source-filter model: a glottal pulse train around 120 Hz (with
    /// jitter and a slow pitch contour) through three formant resonators, gliding between
    /// vowels every 150 ms, with a syllable-rate loudness contour. Its harmonics pass
    /// through every DTMF frequency as the pitch moves, which is what makes speech the
    /// classic source of false digits ("talk-off").
    static func speechLike(seconds: Double, basePitch: Double = 120, level dBm0: Double = -15,
                           sampleRate: Double = 8000, random: inout SeededRandom) -> [Double] {
        // F1, F2, F3 (Hz) of /a/, /i/, /u/, /e/, /o/.
        let vowels: [[Double]] = [[730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240],
                                  [530, 1840, 2480], [570, 840, 2410]]
        let count = Int(seconds * sampleRate)
        var resonators = [Resonator](repeating: Resonator(), count: 3)
        var output = [Double](repeating: 0, count: count)
        var phase = 1.0
        var pitch = basePitch
        for index in 0..<count {
            let time = Double(index) / sampleRate
            // Pitch wanders ±25 % around its base, with 1 % cycle-to-cycle jitter.
            let source: Double
            phase += pitch / sampleRate
            if phase >= 1 {
                phase -= 1
                pitch = basePitch * (1 + 0.25 * sin(2 * Double.pi * 0.7 * time)) * (1 + 0.01 * random.gaussian())
                source = 1
            } else {
                source = 0
            }
            let segment = Int(time / 0.15)
            let from = vowels[segment % vowels.count]
            let to = vowels[(segment + 1) % vowels.count]
            let glide = (time - Double(segment) * 0.15) / 0.15
            var value = 0.0
            for (formant, bandwidth) in zip(0..<3, [80.0, 100.0, 140.0]) {
                let frequency = from[formant] + (to[formant] - from[formant]) * glide
                value += resonators[formant].step(source, frequency: frequency, bandwidth: bandwidth,
                                                  sampleRate: sampleRate) / Double(formant + 1)
            }
            let syllable = 0.55 + 0.45 * sin(2 * Double.pi * 4 * time)
            output[index] = value * syllable
        }
        return scaled(output, toRMS: rms(dBm0: dBm0))
    }

    /// Chords of harmonic notes (a fundamental and six overtones falling off as 1/n, with a
    /// plucked decay), one chord every 250 ms, from the equal-tempered scale around A4.
    static func musicLike(seconds: Double, level dBm0: Double = -15, sampleRate: Double = 8000) -> [Double] {
        // Semitones above A3 (220 Hz): C, F, G and A minor triads and seventh chords in
        // several inversions and octaves.
        let chords: [[Int]] = [[3, 7, 10], [8, 12, 15], [10, 14, 17], [0, 3, 7], [15, 19, 22, 25],
                               [12, 15, 19], [20, 24, 27], [22, 26, 29, 32], [5, 8, 12], [27, 31, 34]]
        let count = Int(seconds * sampleRate)
        let chordSamples = Int(0.25 * sampleRate)
        var output = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let chord = chords[(index / chordSamples) % chords.count]
            let time = Double(index % chordSamples) / sampleRate
            let decay = exp(-time * 4)
            var value = 0.0
            for semitone in chord {
                let fundamental = 220 * pow(2, Double(semitone) / 12)
                for harmonic in 1...7 where fundamental * Double(harmonic) < sampleRate / 2 {
                    value += sin(2 * Double.pi * fundamental * Double(harmonic) * time) / Double(harmonic)
                }
            }
            output[index] = value * decay
        }
        return scaled(output, toRMS: rms(dBm0: dBm0))
    }

    static func scaled(_ samples: [Double], toRMS target: Double) -> [Double] {
        let power = samples.reduce(0) { $0 + $1 * $1 } / Double(max(samples.count, 1))
        guard power > 0 else { return samples }
        let gain = target / power.squareRoot()
        return samples.map { $0 * gain }
    }

    /// A two-pole resonator (a formant of the vocal tract).
    struct Resonator {
        private var y1 = 0.0
        private var y2 = 0.0

        mutating func step(_ x: Double, frequency: Double, bandwidth: Double, sampleRate: Double) -> Double {
            let radius = exp(-Double.pi * bandwidth / sampleRate)
            let a1 = 2 * radius * cos(2 * Double.pi * frequency / sampleRate)
            let a2 = -radius * radius
            let y = (1 - radius) * x + a1 * y1 + a2 * y2
            y2 = y1
            y1 = y
            return y
        }
    }
}

/// Runs `samples` through a fresh detector in frames of `frame` samples and returns the
/// digits it reported. `qualifying: false` gives what spandsp reports on its own.
func detectDigits(_ samples: [Int16], sampleRate: Int = 8000, frame: Int = 160, qualifying: Bool = true) throws -> String {
    let detector = try DTMFDetector(sampleRate: sampleRate, qualifying: qualifying)
    var digits = ""
    samples.withUnsafeBufferPointer { all in
        var offset = 0
        while offset < all.count {
            let count = min(frame, all.count - offset)
            detector.process(UnsafeBufferPointer(rebasing: all[offset..<(offset + count)])) { digits.append($0) }
            offset += count
        }
    }
    return digits
}

/// The whole output of a tone generator, frame by frame, until it is idle.
func generatedAudio(_ digits: String, sampleRate: Int = 8000, frame: Int = 160) -> [Int16] {
    var generator = DTMFToneGenerator(sampleRate: sampleRate)
    generator.enqueue(digits)
    var audio: [Int16] = []
    var buffer = [Int16](repeating: 0, count: frame)
    while buffer.withUnsafeMutableBufferPointer({ generator.fill($0) }) {
        audio += buffer
    }
    return audio
}
