import Testing
@testable import Media

@Suite struct SignalToolsTests {
    @Test func generatorKeepsPhaseAcrossFills() {
        var whole = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.5)
        let reference = whole.samples(count: 480)
        var chunked = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.5)
        var pieces: [Int16] = []
        for size in [7, 160, 33, 280] {
            var buffer = [Int16](repeating: 0, count: size)
            buffer.withUnsafeMutableBufferPointer { chunked.fill($0) }
            pieces += buffer
        }
        #expect(pieces == reference)
        // 1 kHz at 8 kHz repeats every 8 samples: 0, +peak/√2, +peak, …
        #expect(reference[0] == 0)
        #expect(reference[2] == 16384)
        #expect(reference[6] == -16384)
        #expect(reference[8] == 0)
    }

    @Test(arguments: [(440.0, 8000.0), (1000.0, 8000.0), (3100.0, 8000.0), (1000.0, 48000.0), (697.0, 16000.0)])
    func dominantFrequencyFindsTheTone(frequency: Double, sampleRate: Double) throws {
        var generator = SineGenerator(frequency: frequency, sampleRate: sampleRate, amplitude: 0.3)
        let samples = generator.samples(count: Int(sampleRate))
        let found = try #require(ToneAnalysis.dominantFrequency(samples: samples, sampleRate: sampleRate))
        #expect(abs(found - frequency) < 0.5)
    }

    @Test func dominantFrequencyPicksTheStrongerOfTwoTones() throws {
        var loud = SineGenerator(frequency: 1209, sampleRate: 8000, amplitude: 0.4)
        var quiet = SineGenerator(frequency: 697, sampleRate: 8000, amplitude: 0.2)
        let mix = (0..<4000).map { _ in loud.next() &+ quiet.next() }
        let found = try #require(ToneAnalysis.dominantFrequency(samples: mix, sampleRate: 8000))
        #expect(abs(found - 1209) < 1)
        let low = try #require(ToneAnalysis.dominantFrequency(samples: mix, sampleRate: 8000, in: 300...1000))
        #expect(abs(low - 697) < 1)
    }

    @Test func dominantFrequencyOfSilenceOrTooFewSamplesIsNil() {
        #expect(ToneAnalysis.dominantFrequency(samples: [Int16](repeating: 0, count: 800), sampleRate: 8000) == nil)
        #expect(ToneAnalysis.dominantFrequency(samples: [1, 2, 3], sampleRate: 8000) == nil)
    }

    @Test func rmsLevelInDBFS() {
        var generator = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.5)
        let sine = generator.samples(count: 8000)
        // Peak 0.5 → RMS 0.5/√2 → -9.03 dBFS.
        #expect(abs(ToneAnalysis.rmsLevel(samples: sine) - -9.03) < 0.05)
        let square = (0..<800).map { $0 % 2 == 0 ? Int16(16384) : Int16(-16384) }
        #expect(abs(ToneAnalysis.rmsLevel(samples: square) - -6.02) < 0.01)
        #expect(ToneAnalysis.rmsLevel(samples: [Int16](repeating: 0, count: 10)) == -.infinity)
        #expect(ToneAnalysis.rmsLevel(samples: []) == -.infinity)
    }

    @Test func toneAmplitudeMeasuresOneComponent() {
        var generator = SineGenerator(frequency: 1000, sampleRate: 8000, amplitude: 0.5)
        let sine = generator.samples(count: 8000)
        #expect(abs(ToneAnalysis.toneAmplitude(frequency: 1000, samples: sine, sampleRate: 8000) - 0.5) < 0.01)
        #expect(ToneAnalysis.toneAmplitude(frequency: 1500, samples: sine, sampleRate: 8000) < 0.001)
    }
}
