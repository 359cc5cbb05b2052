import Foundation
import Testing
@testable import Media

@Suite struct DTMFToneGeneratorTests {
    @Test(arguments: [8000, 16000])
    func everyKeyHasItsQ23Pair(sampleRate: Int) throws {
        let rate = Double(sampleRate)
        for key in DTMFKeypad.keys {
            // One second of tone: the analysis then resolves the peaks to well under 1 Hz.
            var generator = DTMFToneGenerator(sampleRate: sampleRate, toneMilliseconds: 1000)
            generator.enqueue(String(key))
            var tone = [Int16](repeating: 0, count: sampleRate)
            #expect(tone.withUnsafeMutableBufferPointer { generator.fill($0) })
            let (low, high) = try #require(DTMFKeypad.frequencies(of: key))
            let foundLow = try #require(ToneAnalysis.dominantFrequency(samples: tone, sampleRate: rate, in: 600...1000))
            let foundHigh = try #require(ToneAnalysis.dominantFrequency(samples: tone, sampleRate: rate, in: 1100...1700))
            #expect(abs(foundLow - low) < 0.5, "key \(key)")
            #expect(abs(foundHigh - high) < 0.5, "key \(key)")
            // Each tone at −10 dBm0: peak 0.2203 of full scale.
            for frequency in [low, high] {
                let amplitude = ToneAnalysis.toneAmplitude(frequency: frequency, samples: tone, sampleRate: rate)
                #expect(abs(amplitude - 0.2203) < 0.002, "key \(key) at \(frequency) Hz: \(amplitude)")
            }
            // Nothing else: all the power is in the two tones (2 × 0.2203² / 2).
            let rms = ToneAnalysis.rmsLevel(samples: tone)
            #expect(abs(rms - 20 * log10(0.2203)) < 0.05)
        }
    }

    @Test func keypadTable() throws {
        let table: [(Character, Double, Double)] = [("1", 697, 1209), ("5", 770, 1336), ("9", 852, 1477),
                                                    ("0", 941, 1336), ("*", 941, 1209), ("#", 941, 1477),
                                                    ("A", 697, 1633), ("d", 941, 1633), ("C", 852, 1633)]
        for (key, low, high) in table {
            let pair = try #require(DTMFKeypad.frequencies(of: key))
            #expect(pair.low == low && pair.high == high, "key \(key)")
        }
        #expect(DTMFKeypad.frequencies(of: "E") == nil)
        #expect(DTMFKeypad.key("ß") == nil)
        // −10 dBm0 is 13.14 dB below a full-scale sine.
        #expect(abs(DTMFKeypad.peakAmplitude(dBm0: -10) - 7219) < 1)
    }

    @Test(arguments: [8000, 16000])
    func toneThenGapThenIdle(sampleRate: Int) {
        let audio = generatedAudio("12", sampleRate: sampleRate)
        let tone = sampleRate / 10
        let gap = sampleRate * 6 / 100
        #expect(audio.count == 2 * (tone + gap))
        for start in [0, tone + gap] {
            let burst = Array(audio[start..<(start + tone)])
            #expect(ToneAnalysis.rmsLevel(samples: burst) > -20)
            // Both tones sound right up to the last sample of the burst.
            #expect(ToneAnalysis.rmsLevel(samples: Array(burst.suffix(sampleRate / 200))) > -20)
            #expect(audio[(start + tone)..<(start + tone + gap)].allSatisfy { $0 == 0 })
        }
        #expect(audio[0] == 0)   // each tone starts at phase zero
    }

    @Test func phaseContinuesAcrossFramesOfAnySize() {
        var whole = DTMFToneGenerator()
        whole.enqueue("5#")
        var reference = [Int16](repeating: 1, count: 2560)
        #expect(reference.withUnsafeMutableBufferPointer { whole.fill($0) })

        var chunked = DTMFToneGenerator()
        chunked.enqueue("5#")
        var pieces: [Int16] = []
        for size in [7, 160, 33, 1, 799, 480, 1080] {
            var frame = [Int16](repeating: 1, count: size)
            #expect(frame.withUnsafeMutableBufferPointer { chunked.fill($0) })
            pieces += frame
        }
        #expect(pieces == reference)
    }

    @Test func idleGeneratorLeavesTheFrameAlone() {
        var generator = DTMFToneGenerator()
        #expect(generator.isIdle)
        var frame = [Int16](repeating: 1234, count: 160)
        #expect(!frame.withUnsafeMutableBufferPointer { generator.fill($0) })
        #expect(frame.allSatisfy { $0 == 1234 })

        generator.enqueue("xyz?! ")   // no keys
        #expect(generator.isIdle)
        generator.enqueue("a")
        #expect(!generator.isIdle)
        var frames = 0
        while frame.withUnsafeMutableBufferPointer({ generator.fill($0) }) { frames += 1 }
        #expect(frames == 8)   // 100 ms tone + 60 ms gap in 20 ms frames
        #expect(generator.isIdle)
    }

    @Test func lastGapEndingInsideAFrameSilencesTheRest() {
        var generator = DTMFToneGenerator(toneMilliseconds: 50, gapMilliseconds: 40)
        generator.enqueue("1")
        var frame = [Int16](repeating: 999, count: 1000)
        #expect(frame.withUnsafeMutableBufferPointer { generator.fill($0) })
        #expect(frame[400...].allSatisfy { $0 == 0 })
        #expect(generator.isIdle)
    }

    @Test func queueIsBounded() {
        let audio = generatedAudio(String(repeating: "1", count: 100))
        #expect(audio.count == DTMFToneGenerator.maximumPending * (800 + 480))
    }

    @Test func levelIsCappedSoTheSumCannotClip() {
        let generator = DTMFToneGenerator(levelDBm0: 6)
        #expect(generator.levelDBm0 == -3)
        var loud = DTMFToneGenerator(levelDBm0: 6)
        loud.enqueue("D")
        var frame = [Int16](repeating: 0, count: 800)
        #expect(frame.withUnsafeMutableBufferPointer { loud.fill($0) })
        #expect(frame.allSatisfy { $0 > Int16.min && $0 < Int16.max })
    }
}
