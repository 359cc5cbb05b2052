import Foundation

/// A deterministic speech-like test signal: a glottal pulse train whose pitch moves between
/// 90 and 250 Hz, shaped by moving formant resonators into vowels, with noise and burst
/// consonants, a syllable-rate envelope and pauses between utterances.
///
/// A steady tone would flatter the Opus encoder (it settles into a cheap, predictable
/// mode); this signal keeps SILK's pitch and LPC analysis busy the way a talker does. The
/// same seed gives the same sequence of syllables at every sample rate, so the 48 kHz
/// browser input and the 8 kHz trunk input speak the same "words".
struct SpeechSignal {
    let sampleRate: Int
    let seed: UInt64

    /// Formant frequencies (F1, F2, F3 in Hz) of a few vowels of an adult voice.
    static let vowels: [(Double, Double, Double)] = [
        (730, 1090, 2440), (270, 2290, 3010), (300, 870, 2240), (530, 1840, 2480),
        (570, 840, 2410), (660, 1720, 2410), (440, 1020, 2240), (490, 1350, 1690),
    ]

    /// `seconds` of 16-bit PCM, peaking at half of full scale.
    func samples(seconds: Int) -> [Int16] {
        let count = seconds * sampleRate
        var output = [Double](repeating: 0, count: count)
        var random = Xorshift(seed: seed)             // the syllable plan: rate-independent
        var noise = Xorshift(seed: seed ^ 0x5DEE_CE66)  // per-sample draws
        let rate = Double(sampleRate)
        var formants = Resonators(sampleRate: rate)
        var noiseFilter = Resonator()
        var position = 0
        var previous = Self.vowels[0]
        var phase = 0.0
        while position < count {
            // One utterance: 4–10 syllables on a falling pitch line, then a pause.
            let syllables = 4 + Int(random.next() % 7)
            let basePitch = 110 + 80 * random.unit()
            for syllable in 0..<syllables where position < count {
                let length = Int((0.15 + 0.15 * random.unit()) * rate)
                let consonant = Int(random.next() % 3)   // 0 none, 1 fricative, 2 plosive
                let consonantLength = consonant == 1 ? Int((0.04 + 0.05 * random.unit()) * rate)
                    : consonant == 2 ? Int(0.015 * rate) : 0
                let target = Self.vowels[Int(random.next() % UInt64(Self.vowels.count))]
                let accent = 1 + 0.35 * random.unit() - 0.1
                let decline = 1 - 0.25 * Double(syllable) / Double(syllables)
                let pitch = min(max(basePitch * accent * decline, 90), 250)
                let fricativeCentre = min(2500 + 1500 * random.unit(), 0.45 * rate)
                for n in 0..<length where position < count {
                    let t = Double(n) / Double(length)
                    var sample = 0.0
                    if n < consonantLength {
                        noiseFilter.tune(frequency: fricativeCentre, bandwidth: 900, sampleRate: rate)
                        let gain = consonant == 2 ? 0.8 * (1 - Double(n) / Double(consonantLength)) : 0.25
                        sample = gain * noiseFilter.filter(noise.unit() * 2 - 1)
                    } else {
                        let voiced = Double(n - consonantLength) / Double(max(length - consonantLength, 1))
                        let glide = min(t * 3, 1)   // formants glide from the last vowel
                        formants.tune(
                            (previous.0 + (target.0 - previous.0) * glide,
                             previous.1 + (target.1 - previous.1) * glide,
                             previous.2 + (target.2 - previous.2) * glide))
                        let f0 = pitch * (1 + 0.08 * sin(2 * .pi * voiced) + 0.005 * (noise.unit() - 0.5))
                        phase += f0 / rate
                        if phase >= 1 { phase -= 1 }
                        let envelope = sin(.pi * voiced)
                        sample = envelope * formants.filter(Self.glottalFlowDerivative(phase))
                            + 0.01 * (noise.unit() - 0.5)
                    }
                    output[position] = sample
                    position += 1
                }
                previous = target
            }
            position += Int((0.25 + 0.45 * random.unit()) * rate)   // pause: silence
        }
        let peak = output.reduce(0) { max($0, abs($1)) }
        let scale = peak > 0 ? 16_384 / peak : 0
        return output.map { Int16(clamping: Int(($0 * scale).rounded())) }
    }

    /// Rosenberg-style glottal flow (opening over 40 % of the period, closing over 16 %)
    /// differentiated, which is how lip radiation shapes it.
    static func glottalFlowDerivative(_ phase: Double) -> Double {
        let open = 0.4, close = 0.16
        if phase < open { return sin(.pi * phase / open) * .pi / (2 * open) }
        if phase < open + close { return -sin(.pi / 2 * (phase - open) / close) * .pi / (2 * close) }
        return 0
    }
}

/// A two-pole resonator (one formant), unity gain at its centre frequency roughly.
struct Resonator {
    var a1 = 0.0, a2 = 0.0, gain = 0.0, y1 = 0.0, y2 = 0.0

    mutating func tune(frequency: Double, bandwidth: Double, sampleRate: Double) {
        let r = exp(-.pi * bandwidth / sampleRate)
        a1 = 2 * r * cos(2 * .pi * frequency / sampleRate)
        a2 = -r * r
        gain = 1 - r
    }

    mutating func filter(_ x: Double) -> Double {
        let y = gain * x + a1 * y1 + a2 * y2
        y2 = y1
        y1 = y
        return y
    }
}

/// Three formant resonators in cascade, the vocal tract of a vowel.
struct Resonators {
    let sampleRate: Double
    var stages = [Resonator](repeating: Resonator(), count: 3)

    init(sampleRate: Double) { self.sampleRate = sampleRate }

    mutating func tune(_ formants: (Double, Double, Double)) {
        let limit = 0.45 * sampleRate
        stages[0].tune(frequency: min(formants.0, limit), bandwidth: 80, sampleRate: sampleRate)
        stages[1].tune(frequency: min(formants.1, limit), bandwidth: 100, sampleRate: sampleRate)
        stages[2].tune(frequency: min(formants.2, limit), bandwidth: 140, sampleRate: sampleRate)
    }

    mutating func filter(_ x: Double) -> Double {
        stages[2].filter(stages[1].filter(stages[0].filter(x)))
    }
}

/// xorshift64*: a small deterministic generator, so every run feeds the same signal.
struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
