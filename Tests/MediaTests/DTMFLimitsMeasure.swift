import Foundation
import Testing
@testable import Media

/// Where the detector's limits lie, for the test set's report: how often keys of durations
/// around the 38 ms minimum count, how often keys off frequency count, and how long after a
/// tone's start its key is reported.
extension DTMFAccuracyTests {
    static let limitDurations: [Double] = [34, 36, 37, 38, 39, 40]
    static let deviations: [Double] = [0.01, 0.015, 0.02, 0.025, 0.03]

    /// Percentage of clean −10 dBm0 keys reported, per duration: each key ten times, at
    /// random offsets.
    static func durationSweep(random: inout SeededRandom) throws -> [(milliseconds: Double, percent: Double)] {
        try limitDurations.map { milliseconds in
            var detected = 0
            for key in DTMFKeypad.keys {
                let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                for _ in 0..<10 {
                    let audio = trialAudio(low: low, high: high, lowDBm0: -10, highDBm0: -10,
                                           milliseconds: milliseconds, snr: nil, random: &random)
                    if try detectDigits(audio) == String(key) { detected += 1 }
                }
            }
            return (milliseconds, Double(detected) / Double(DTMFKeypad.keys.count * 10) * 100)
        }
    }

    /// Percentage of clean −10 dBm0, 100 ms keys reported when both tones are off by a
    /// deviation: both up, both down, low up and high down, low down and high up.
    static func deviationSweep(random: inout SeededRandom) throws -> [(deviation: Double, percent: Double)] {
        try deviations.map { deviation in
            var detected = 0
            var trials = 0
            for key in DTMFKeypad.keys {
                let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
                for (lowSign, highSign) in [(1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0)] {
                    let audio = trialAudio(low: low * (1 + lowSign * deviation), high: high * (1 + highSign * deviation),
                                           lowDBm0: -10, highDBm0: -10, milliseconds: 100, snr: nil, random: &random)
                    trials += 1
                    if try detectDigits(audio) == String(key) { detected += 1 }
                }
            }
            return (deviation, Double(detected) / Double(trials) * 100)
        }
    }

    /// Milliseconds from a tone's start to its key's report (smallest, largest), with the
    /// audio fed 1 ms at a time: every key at 15 offsets on spandsp's block grid.
    static func latency(sampleRate: Int) throws -> (min: Int, max: Int) {
        var latencies: [Int] = []
        let step = sampleRate / 1000
        for key in DTMFKeypad.keys {
            for offset in stride(from: 0, to: 102, by: 7) {
                var generator = DTMFToneGenerator(sampleRate: sampleRate, toneMilliseconds: 200)
                generator.enqueue(String(key))
                let lead = (800 + offset) * sampleRate / 8000
                var audio = [Int16](repeating: 0, count: sampleRate / 2)
                _ = audio.withUnsafeMutableBufferPointer { generator.fill(UnsafeMutableBufferPointer(rebasing: $0[lead...])) }
                let detector = try DTMFDetector(sampleRate: sampleRate)
                audio.withUnsafeBufferPointer { all in
                    for start in stride(from: 0, to: all.count, by: step) {
                        detector.process(UnsafeBufferPointer(rebasing: all[start..<(start + step)])) { _ in
                            latencies.append((start + step - lead) / step)
                        }
                    }
                }
            }
        }
        return (latencies.min() ?? -1, latencies.max() ?? -1)
    }
}
