import Foundation
import Testing
@testable import Media

/// The DTMF detection test set: every key at several levels, twists, durations and noise
/// levels, and audio that must never produce a key. Prints its figures on one line that
/// starts with `DTMF-ACCURACY` (docs/performance.md quotes them) and asserts the minimums.
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

    /// One key sent in noise; returns what the detector reported.
    static func trial(key: Character, low: Double, high: Double, lowDBm0: Double, highDBm0: Double,
                      milliseconds: Double, snr: Double?, random: inout SeededRandom) throws -> String {
        let lead = DTMFSignals.silence(milliseconds: 60 + Double(random.integer(below: 103)) / 8, sampleRate: 8000)
        let tone = DTMFSignals.tonePair(low: low, high: high, lowDBm0: lowDBm0, highDBm0: highDBm0,
                                        milliseconds: milliseconds, sampleRate: 8000, random: &random)
        var signal = lead + tone + DTMFSignals.silence(milliseconds: 80, sampleRate: 8000)
        if let snr {
            let tonePower = pow(DTMFSignals.rms(dBm0: lowDBm0), 2) + pow(DTMFSignals.rms(dBm0: highDBm0), 2)
            let noiseRMS = (tonePower / pow(10, snr / 10)).squareRoot()
            signal = DTMFSignals.mix(signal, DTMFSignals.noise(count: signal.count, rms: noiseRMS, random: &random))
        }
        return try detectDigits(DTMFSignals.pcm(signal))
    }

    /// Every key at every level, twist, duration and noise level: tallies by (duration, SNR).
    static func positives(random: inout SeededRandom) throws -> [String: Tally] {
        var tallies: [String: Tally] = [:]
        for snr in noiseLevels {
            for milliseconds in durations {
                var tally = Tally()
                for level in levels {
                    for twist in twists {
                        for key in DTMFKeypad.keys {
                            let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                            let found = try trial(key: key, low: low, high: high, lowDBm0: level - twist / 2,
                                                  highDBm0: level + twist / 2, milliseconds: milliseconds,
                                                  snr: snr, random: &random)
                            tally.trials += 1
                            if found == String(key) { tally.detected += 1 } else if !found.isEmpty { tally.wrong += 1 }
                        }
                    }
                }
                tallies["\(Int(milliseconds))ms/\(snr.map { "\(Int($0))dB" } ?? "clean")"] = tally
            }
        }
        return tallies
    }

    /// Audio that must produce no key: returns (cases, digits reported) per kind.
    static func negatives(random: inout SeededRandom) throws -> [String: (cases: Int, falseDigits: Int)] {
        var results: [String: (cases: Int, falseDigits: Int)] = [:]

        // Each key with its low tone, its high tone, or both 3.5 % off, above and below.
        var nearMiss = (cases: 0, falseDigits: 0)
        for level in [-5.0, -15, -25] {
            for snr in [nil, 20.0] {
                for key in DTMFKeypad.keys {
                    let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                    for (lowFactor, highFactor) in [(1.035, 1.0), (0.965, 1.0), (1.0, 1.035), (1.0, 0.965),
                                                    (1.035, 1.035), (0.965, 0.965)] {
                        let found = try trial(key: key, low: low * lowFactor, high: high * highFactor,
                                              lowDBm0: level, highDBm0: level, milliseconds: 100,
                                              snr: snr, random: &random)
                        nearMiss.cases += 1
                        nearMiss.falseDigits += found.count
                    }
                }
            }
        }
        results["near_miss"] = nearMiss

        // 30 ms bursts of every key, clean and at 20 dB SNR, at several levels.
        var bursts = (cases: 0, falseDigits: 0)
        for level in [-5.0, -15, -25] {
            for snr in [nil, 20.0] {
                for key in DTMFKeypad.keys {
                    let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                    let found = try trial(key: key, low: low, high: high, lowDBm0: level, highDBm0: level,
                                          milliseconds: 30, snr: snr, random: &random)
                    bursts.cases += 1
                    bursts.falseDigits += found.count
                }
            }
        }
        results["burst_30ms"] = bursts

        // Speech-like audio: 8 s at each of five pitches (male to child) and three levels.
        var speech = (cases: 0, falseDigits: 0)
        for pitch in [90.0, 120, 160, 220, 300] {
            for level in [-5.0, -15, -25] {
                let audio = DTMFSignals.speechLike(seconds: 8, basePitch: pitch, level: level, random: &random)
                speech.cases += 8
                speech.falseDigits += try detectDigits(DTMFSignals.pcm(audio)).count
            }
        }
        results["speech_seconds"] = speech

        // Music-like chords, 10 s at three levels; noise and a 1 kHz tone, 10 s each.
        var music = (cases: 0, falseDigits: 0)
        for level in [-5.0, -15, -25] {
            music.cases += 10
            music.falseDigits += try detectDigits(DTMFSignals.pcm(DTMFSignals.musicLike(seconds: 10, level: level))).count
        }
        results["music_seconds"] = music
        let noise = DTMFSignals.noise(count: 80000, rms: DTMFSignals.rms(dBm0: -10), random: &random)
        results["noise_seconds"] = (10, try detectDigits(DTMFSignals.pcm(noise)).count)
        var sine = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.3)
        results["tone_1khz_seconds"] = (10, try detectDigits(sine.samples(count: 80000)).count)
        return results
    }

    @Test func detectionTestSet() throws {
        var random = SeededRandom(seed: 4733)
        let tallies = try Self.positives(random: &random)
        let negatives = try Self.negatives(random: &random)

        func total(_ keys: [String]) -> Tally { keys.compactMap { tallies[$0] }.reduce(Tally(), +) }
        let spec = total(["50ms", "70ms", "100ms"].flatMap { d in ["clean", "20dB", "15dB"].map { "\(d)/\($0)" } })
        let forty = total(["clean", "20dB", "15dB"].map { "40ms/\($0)" })
        let noisy = total(Self.durations.map { "\(Int($0))ms/10dB" })
        let all = tallies.values.reduce(Tally(), +)
        let falseDigits = negatives.values.reduce(0) { $0 + $1.falseDigits }

        var fields = [
            "trials=\(all.trials)",
            String(format: "detected_50ms_up_snr15_up=%.2f%%", spec.percent),
            String(format: "detected_40ms_snr15_up=%.2f%%", forty.percent),
            String(format: "detected_snr10=%.2f%%", noisy.percent),
            "wrong=\(all.wrong)",
        ]
        for key in tallies.keys.sorted() {
            if let tally = tallies[key] { fields.append("\(key)=" + String(format: "%.2f%%", tally.percent)) }
        }
        for key in negatives.keys.sorted() {
            if let result = negatives[key] { fields.append("\(key)=\(result.cases)") }
        }
        fields.append("false_positives=\(falseDigits)")
        print("DTMF-ACCURACY " + fields.joined(separator: " "))

        #expect(spec.percent >= 99)
        #expect(forty.percent >= 95)
        #expect(all.wrong == 0)
        for (kind, result) in negatives {
            #expect(result.falseDigits == 0, "\(kind): \(result.falseDigits) false digits")
        }
    }
}
