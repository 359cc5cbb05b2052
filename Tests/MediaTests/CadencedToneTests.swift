import Testing
@testable import Media

@Suite struct CadencedToneTests {
    @Test func ringbackSoundsForTwoSecondsThenIsSilentForFour() {
        var tone = CadencedTone.northAmericanRingback(sampleRate: 8000)
        var samples = [Int16](repeating: 0, count: 8000 * 6)
        samples.withUnsafeMutableBufferPointer { tone.fill($0) }
        let on = Array(samples[0..<16000])
        let off = Array(samples[16000..<48000])
        #expect(ToneAnalysis.rmsLevel(samples: on) > -30)
        #expect(off.allSatisfy { $0 == 0 })
        // Both frequencies are present while it sounds.
        #expect(ToneAnalysis.toneAmplitude(frequency: 440, samples: on, sampleRate: 8000) > 0.05)
        #expect(ToneAnalysis.toneAmplitude(frequency: 480, samples: on, sampleRate: 8000) > 0.05)
        #expect(ToneAnalysis.toneAmplitude(frequency: 1000, samples: on, sampleRate: 8000) < 0.01)
    }

    @Test func frameByFrameEqualsOneLongFill() {
        var whole = CadencedTone.northAmericanRingback(sampleRate: 8000)
        var framed = whole
        var a = [Int16](repeating: 0, count: 1600)
        a.withUnsafeMutableBufferPointer { whole.fill($0) }
        var b: [Int16] = []
        for _ in 0..<10 {
            var frame = [Int16](repeating: 0, count: 160)
            frame.withUnsafeMutableBufferPointer { framed.fill($0) }
            b += frame
        }
        #expect(a == b)
    }
}
