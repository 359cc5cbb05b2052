import Foundation
import Testing
@testable import Media

/// The DTMF detection test set: every key at several levels, twists, durations and noise
/// levels, and audio that must never produce a key; then the limits (`DTMFLimitsMeasure`).
/// Prints its figures on one line that starts with `DTMF-ACCURACY` (docs/performance.md
/// quotes them) and asserts the minimums. Signals come from a seeded generator, so the
/// figures are the same on every run.
///
/// Level L and twist T (high group minus low group, in dB) give a low tone at L − T/2 and
/// a high tone at L + T/2 dBm0. SNR is the power of both tones together over the power of
/// white noise across the whole 0–4 kHz band; the noise runs before, during and after the
/// tone. Each trial starts the tone at a random offset, so it falls differently on
/// spandsp's 12.75 ms blocks. A trial counts as detected when exactly its key, once, is
/// reported; any other report counts as wrong.
@Suite struct DTMFAccuracyTests {
    static let levels: [Double] = [-5, -10, -20, -30]
    static let twists: [Double] = [-6, 0, 6]
    static let durations: [Double] = [40, 50, 70, 100]
    /// nil: no noise.
    static let noiseLevels: [Double?] = [nil, 20, 15, 10]

    struct Tally {
        var trials = 0
        var detected = 0
        var wrong = 0

        var percent: Double { trials == 0 ? 0 : 100 * Double(detected) / Double(trials) }
        static func + (a: Tally, b: Tally) -> Tally {
            Tally(trials: a.trials + b.trials, detected: a.detected + b.detected, wrong: a.wrong + b.wrong)
        }
    }

    /// One key's tones in noise: silence (60 to 72.75 ms, at random), the tone pair, 80 ms
    /// of silence, with the noise over all of it.
    static func trialAudio(low: Double, high: Double, lowDBm0: Double, highDBm0: Double,
                           milliseconds: Double, snr: Double?, random: inout SeededRandom) -> [Int16] {
        let lead = DTMFSignals.silence(milliseconds: 60 + Double(random.integer(below: 103)) / 8, sampleRate: 8000)
        let tone = DTMFSignals.tonePair(low: low, high: high, lowDBm0: lowDBm0, highDBm0: highDBm0,
                                        milliseconds: milliseconds, sampleRate: 8000, random: &random)
        var signal = lead + tone + DTMFSignals.silence(milliseconds: 80, sampleRate: 8000)
        if let snr {
            let tonePower = pow(DTMFSignals.rms(dBm0: lowDBm0), 2) + pow(DTMFSignals.rms(dBm0: highDBm0), 2)
            let noiseRMS = (tonePower / pow(10, snr / 10)).squareRoot()
            signal = DTMFSignals.mix(signal, DTMFSignals.noise(count: signal.count, rms: noiseRMS, random: &random))
        }
        return DTMFSignals.pcm(signal)
    }

    /// Every key at every level, twist, duration and noise level: tallies by "duration/SNR".
    static func positives(random: inout SeededRandom) throws -> [String: Tally] {
        var tallies: [String: Tally] = [:]
        for snr in noiseLevels {
            for milliseconds in durations {
                var tally = Tally()
                for level in levels {
                    for twist in twists {
                        for key in DTMFKeypad.keys {
                            let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                            let audio = trialAudio(low: low, high: high, lowDBm0: level - twist / 2,
                                                   highDBm0: level + twist / 2, milliseconds: milliseconds,
                                                   snr: snr, random: &random)
                            let found = try detectDigits(audio)
                            tally.trials += 1
                            if found == String(key) { tally.detected += 1 } else if !found.isEmpty { tally.wrong += 1 }
                        }
                    }
                }
                tallies["\(Int(milliseconds))ms_\(snr.map { "\(Int($0))dB" } ?? "clean")"] = tally
            }
        }
        return tallies
    }

    /// Digits reported on audio that holds no key: by the detector, and by spandsp alone.
    struct Negative {
        var cases = 0
        var falseDigits = 0
        var spandspAlone = 0

        mutating func add(_ audio: [Int16], cases: Int = 1) throws {
            self.cases += cases
            falseDigits += try detectDigits(audio).count
            spandspAlone += try detectDigits(audio, qualifying: false).count
        }
    }

    static func negatives(random: inout SeededRandom) throws -> [String: Negative] {
        var results: [String: Negative] = [:]

        // Each key with its low tone, its high tone, or both 3.5 % off, above and below.
        var nearMiss = Negative()
        for level in [-5.0, -15, -25] {
            for snr in [nil, 20.0] {
                for key in DTMFKeypad.keys {
                    let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                    for (lowFactor, highFactor) in [(1.035, 1.0), (0.965, 1.0), (1.0, 1.035), (1.0, 0.965),
                                                    (1.035, 1.035), (0.965, 0.965)] {
                        try nearMiss.add(trialAudio(low: low * lowFactor, high: high * highFactor, lowDBm0: level,
                                                    highDBm0: level, milliseconds: 100, snr: snr, random: &random))
                    }
                }
            }
        }
        results["near_miss"] = nearMiss

        // 30 ms bursts of every key, clean and at 20 dB SNR, at several levels.
        var bursts = Negative()
        for level in [-5.0, -15, -25] {
            for snr in [nil, 20.0] {
                for key in DTMFKeypad.keys {
                    let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                    try bursts.add(trialAudio(low: low, high: high, lowDBm0: level, highDBm0: level,
                                              milliseconds: 30, snr: snr, random: &random))
                }
            }
        }
        results["burst_30ms"] = bursts

        // Speech-like audio: 8 s at each of five pitches (low male to child) and three levels.
        var speech = Negative()
        for pitch in [90.0, 120, 174, 220, 300] {
            for level in [-5.0, -15, -25] {
                let audio = DTMFSignals.speechLike(seconds: 8, basePitch: pitch, level: level, random: &random)
                try speech.add(DTMFSignals.pcm(audio), cases: 8)
            }
        }
        results["speech_seconds"] = speech

        // Music-like chords, 10 s at three levels; noise and a 1 kHz tone, 10 s each.
        var music = Negative()
        for level in [-5.0, -15, -25] {
            try music.add(DTMFSignals.pcm(DTMFSignals.musicLike(seconds: 10, level: level)), cases: 10)
        }
        results["music_seconds"] = music
        var noise = Negative()
        try noise.add(DTMFSignals.pcm(DTMFSignals.noise(count: 80000, rms: DTMFSignals.rms(dBm0: -10),
                                                        random: &random)), cases: 10)
        results["noise_seconds"] = noise
        var tone = Negative()
        var sine = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.3)
        try tone.add(sine.samples(count: 80000), cases: 10)
        results["tone_1khz_seconds"] = tone
        return results
    }

    @Test func detectionTestSet() throws {
        var random = SeededRandom(seed: 4733)
        let tallies = try Self.positives(random: &random)
        let negatives = try Self.negatives(random: &random)
        let durationSweep = try Self.durationSweep(random: &random)
        let deviationSweep = try Self.deviationSweep(random: &random)
        let latency8k = try Self.latency(sampleRate: 8000)
        let latency16k = try Self.latency(sampleRate: 16000)

        func total(_ names: [String]) -> Tally { names.compactMap { tallies[$0] }.reduce(Tally(), +) }
        let quiet = ["clean", "20dB", "15dB"]
        let spec = total(["50ms", "70ms", "100ms"].flatMap { duration in quiet.map { "\(duration)_\($0)" } })
        let forty = total(quiet.map { "40ms_\($0)" })
        let noisy = total(Self.durations.map { "\(Int($0))ms_10dB" })
        let all = tallies.values.reduce(Tally(), +)
        let falseDigits = negatives.values.reduce(0) { $0 + $1.falseDigits }

        var fields = [
            "trials=\(all.trials)",
            "detected_50ms_up_snr15_up=" + String(format: "%.2f%%", spec.percent),
            "detected_40ms_snr15_up=" + String(format: "%.2f%%", forty.percent),
            "detected_snr10=" + String(format: "%.2f%%", noisy.percent),
            "wrong=\(all.wrong)",
        ]
        for name in tallies.keys.sorted() {
            if let tally = tallies[name] { fields.append("\(name)=" + String(format: "%.2f%%", tally.percent)) }
        }
        for name in negatives.keys.sorted() {
            guard let result = negatives[name] else { continue }
            fields += ["\(name)=\(result.cases)", "\(name)_false=\(result.falseDigits)",
                       "\(name)_spandsp_alone=\(result.spandspAlone)"]
        }
        fields.append("false_positives=\(falseDigits)")
        for (milliseconds, percent) in durationSweep {
            fields.append("clean_\(Int(milliseconds))ms=" + String(format: "%.2f%%", percent))
        }
        for (deviation, percent) in deviationSweep {
            fields.append(String(format: "off_by_%.1f%%=%.2f%%", deviation * 100, percent))
        }
        fields += ["latency_8k_ms=\(latency8k.min)-\(latency8k.max)", "latency_16k_ms=\(latency16k.min)-\(latency16k.max)"]
        print("DTMF-ACCURACY " + fields.joined(separator: " "))

        #expect(spec.percent >= 99)
        #expect(forty.percent >= 95)
        #expect(noisy.percent >= 90)
        #expect(all.wrong == 0)
        for (name, result) in negatives {
            #expect(result.falseDigits == 0, "\(name): \(result.falseDigits) false digits")
        }
        for (milliseconds, percent) in durationSweep {
            if milliseconds <= 36 { #expect(percent == 0, "\(milliseconds) ms") }
            if milliseconds >= 40 { #expect(percent == 100, "\(milliseconds) ms") }
        }
        for (deviation, percent) in deviationSweep {
            if deviation <= 0.01 { #expect(percent == 100, "\(deviation)") }
            if deviation >= 0.025 { #expect(percent == 0, "\(deviation)") }
        }
        #expect(latency8k.min >= 38 && latency8k.max <= 50)
        #expect(latency16k.min >= 38 && latency16k.max <= 50)
    }
}
