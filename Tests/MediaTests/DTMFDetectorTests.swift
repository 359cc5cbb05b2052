import Foundation
import Testing
@testable import Media

@Suite struct DTMFDetectorTests {
    static let allKeys = "1234567890*#ABCD"

    @Test(arguments: [8000, 16000])
    func findsEveryKeyOfASequence(sampleRate: Int) throws {
        let audio = generatedAudio(Self.allKeys, sampleRate: sampleRate, frame: sampleRate / 50)
        #expect(try detectDigits(audio, sampleRate: sampleRate, frame: sampleRate / 50) == Self.allKeys)
    }

    @Test(arguments: [8000, 16000])
    func findsSingleKeys(sampleRate: Int) throws {
        for key in DTMFKeypad.keys {
            let audio = generatedAudio(String(key), sampleRate: sampleRate)
            #expect(try detectDigits(audio, sampleRate: sampleRate) == String(key))
        }
    }

    @Test(arguments: [8000, 16000])
    func repeatedKeyWithSixtyMillisecondGapsCountsEachPress(sampleRate: Int) throws {
        let audio = generatedAudio("5550000", sampleRate: sampleRate)
        #expect(try detectDigits(audio, sampleRate: sampleRate) == "5550000")
    }

    @Test func keyHeldForTwoSecondsIsReportedOnce() throws {
        var generator = DTMFToneGenerator(toneMilliseconds: 2000)
        generator.enqueue("8")
        var audio = [Int16](repeating: 0, count: 20000)
        _ = audio.withUnsafeMutableBufferPointer { generator.fill($0) }
        #expect(try detectDigits(audio) == "8")
    }

    /// The key is reported once the tone has lasted the minimum, not when it ends.
    @Test(arguments: [8000, 16000])
    func keyIsReportedSoonAfterItsStart(sampleRate: Int) throws {
        var generator = DTMFToneGenerator(sampleRate: sampleRate, toneMilliseconds: 500)
        generator.enqueue("3")
        let lead = sampleRate / 10
        var audio = [Int16](repeating: 0, count: sampleRate)
        _ = audio.withUnsafeMutableBufferPointer { generator.fill(UnsafeMutableBufferPointer(rebasing: $0[lead...])) }
        let detector = try DTMFDetector(sampleRate: sampleRate)
        var reportedAt: [Int] = []
        let step = sampleRate / 1000
        audio.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: step) {
                detector.process(UnsafeBufferPointer(rebasing: all[start..<(start + step)])) { _ in
                    reportedAt.append((start + step - lead) / step)
                }
            }
        }
        #expect(reportedAt.count == 1)
        let milliseconds = try #require(reportedAt.first)
        #expect(milliseconds >= 38 && milliseconds <= 55, "reported \(milliseconds) ms after the tone began")
    }

    @Test func resultDoesNotDependOnChunkSize() throws {
        let audio = generatedAudio("19#A")
        for frame in [1, 7, 102, 160, 1000, audio.count] {
            #expect(try detectDigits(audio, frame: frame) == "19#A", "chunks of \(frame)")
        }
    }

    @Test func quietestAndLoudestKeys() throws {
        var random = SeededRandom(seed: 7)
        func key(_ dBm0: Double) throws -> String {
            let tone = DTMFSignals.tonePair(low: 852, high: 1633, lowDBm0: dBm0, highDBm0: dBm0, milliseconds: 100,
                                            sampleRate: 8000, random: &random)
            let silence = DTMFSignals.silence(milliseconds: 100, sampleRate: 8000)
            return try detectDigits(DTMFSignals.pcm(silence + tone + silence))
        }
        #expect(try key(-3) == "C")
        #expect(try key(-33) == "C")
        #expect(try key(-45) == "")   // below the −38 dBm0 threshold
    }

    @Test func unsupportedRatesAreRefused() {
        for rate in [0, -8000, 11025, 44100, 48000] {
            #expect(throws: DTMFError.unsupportedSampleRate(rate)) { try DTMFDetector(sampleRate: rate) }
        }
    }

    // MARK: Audio that must not produce a key

    @Test func silenceNoiseAndASingleToneGiveNothing() throws {
        var random = SeededRandom(seed: 11)
        #expect(try detectDigits([Int16](repeating: 0, count: 16000)) == "")
        let noise = DTMFSignals.noise(count: 40000, rms: DTMFSignals.rms(dBm0: -10), random: &random)
        #expect(try detectDigits(DTMFSignals.pcm(noise)) == "")
        var sine = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.3)
        #expect(try detectDigits(sine.samples(count: 40000)) == "")
        // Each keypad frequency alone is not a key either.
        for frequency in DTMFKeypad.rowFrequencies + DTMFKeypad.columnFrequencies {
            var single = SineGenerator(frequency: frequency, sampleRate: 8000, amplitude: 0.3)
            #expect(try detectDigits(single.samples(count: 8000)) == "", "\(frequency) Hz")
        }
    }

    @Test func nearMissFrequenciesGiveNothing() throws {
        var random = SeededRandom(seed: 12)
        for key in DTMFKeypad.keys {
            let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
            for (lowFactor, highFactor) in [(1.035, 1.0), (0.965, 1.0), (1.0, 1.035), (1.0, 0.965)] {
                let tone = DTMFSignals.tonePair(low: low * lowFactor, high: high * highFactor, lowDBm0: -10,
                                                highDBm0: -10, milliseconds: 200, sampleRate: 8000, random: &random)
                let found = try detectDigits(DTMFSignals.pcm(DTMFSignals.silence(milliseconds: 50, sampleRate: 8000) + tone))
                #expect(found == "", "key \(key) at \(low * lowFactor) + \(high * highFactor) Hz gave \(found)")
            }
        }
    }

    @Test(arguments: [8000, 16000])
    func thirtyMillisecondBurstsGiveNothing(sampleRate: Int) throws {
        for key in DTMFKeypad.keys {
            var generator = DTMFToneGenerator(sampleRate: sampleRate, toneMilliseconds: 30)
            generator.enqueue(String(key))
            var audio = [Int16](repeating: 0, count: sampleRate / 5)
            _ = audio.withUnsafeMutableBufferPointer { generator.fill($0) }
            #expect(try detectDigits(audio, sampleRate: sampleRate) == "", "key \(key)")
        }
    }

    @Test func speechLikeAudioGivesNothing() throws {
        var random = SeededRandom(seed: 13)
        for pitch in [100.0, 174, 240] {
            let speech = DTMFSignals.speechLike(seconds: 5, basePitch: pitch, random: &random)
            #expect(try detectDigits(DTMFSignals.pcm(speech)) == "", "pitch \(pitch) Hz")
        }
    }

    @Test func musicLikeChordsGiveNothing() throws {
        #expect(try detectDigits(DTMFSignals.pcm(DTMFSignals.musicLike(seconds: 5))) == "")
    }

    // MARK: 16 kHz input

    /// Tones mirrored about 4 kHz (8000 − f) fold exactly onto a key's pair when every other
    /// sample is simply dropped; the low-pass filter removes them first.
    @Test func imagesAboveFourKilohertzDoNotFoldOntoKeys() throws {
        var random = SeededRandom(seed: 14)
        let mirrored = DTMFSignals.tonePair(low: 16000 / 2 - 697, high: 16000 / 2 - 1209, lowDBm0: -10, highDBm0: -10,
                                            milliseconds: 200, sampleRate: 16000, random: &random)
        let audio = DTMFSignals.pcm(DTMFSignals.silence(milliseconds: 50, sampleRate: 16000) + mirrored)
        #expect(try detectDigits(audio, sampleRate: 16000, frame: 320) == "")
        // The same audio with every other sample dropped is the key "1" at 8 kHz.
        let dropped = stride(from: 0, to: audio.count, by: 2).map { audio[$0] }
        #expect(try detectDigits(dropped) == "1")
    }

    @Test func halfBandDecimatorResponse() {
        func gainDB(_ frequency: Double) -> Double {
            var decimator = HalfBandDecimator()
            var sine = SineGenerator(frequency: frequency, sampleRate: 16000, amplitude: 0.5)
            let input = sine.samples(count: 16000)
            var output: [Int16] = []
            input.withUnsafeBufferPointer { decimator.process($0, into: &output) }
            #expect(output.count == 8000)
            // Skip the filter's start-up; compare RMS with the input's (−9.03 dBFS).
            return ToneAnalysis.rmsLevel(samples: Array(output[100...])) - ToneAnalysis.rmsLevel(samples: input)
        }
        for passed in [697.0, 1209, 1633, 3000] {
            #expect(abs(gainDB(passed)) < 0.02, "\(passed) Hz")
        }
        for stopped in [5300.0, 6367, 6791, 7303] {
            #expect(gainDB(stopped) < -70, "\(stopped) Hz")
        }
    }

    @Test func halfBandDecimatorKeepsOddSamplesForTheNextCall() {
        var input: [Int16] = []
        var random = SeededRandom(seed: 15)
        for _ in 0..<1001 { input.append(Int16(random.integer(below: 20000)) - 10000) }
        var whole = HalfBandDecimator()
        var reference: [Int16] = []
        input.withUnsafeBufferPointer { whole.process($0, into: &reference) }
        var chunked = HalfBandDecimator()
        var pieces: [Int16] = []
        var offset = 0
        for size in [1, 3, 320, 77, 600] {
            input.withUnsafeBufferPointer { all in
                chunked.process(UnsafeBufferPointer(rebasing: all[offset..<(offset + size)]), into: &pieces)
            }
            offset += size
        }
        #expect(reference.count == 500)
        #expect(pieces == reference)
    }
}
