import Testing
@testable import Media

@Suite struct PacketLossConcealerTests {
    /// Hands `frames` to a new concealer as received audio, then conceals `lost` frames
    /// of the same size; returns the concealer and the fill, frame by frame.
    private func conceal(after frames: [[Int16]], sampleRate: Int, lost: Int) throws
        -> (concealer: PacketLossConcealer, fill: [[Int16]]) {
        let concealer = try PacketLossConcealer(sampleRate: sampleRate)
        for frame in frames {
            var copy = frame
            copy.withUnsafeMutableBufferPointer { concealer.received($0) }
            #expect(copy == frame)   // without a gap, received audio is left alone
        }
        let size = frames.first?.count ?? 0
        let fill = (0..<lost).map { _ in
            var frame = [Int16](repeating: 0x5555, count: size)
            let written = frame.withUnsafeMutableBufferPointer { concealer.conceal(into: $0) }
            #expect(written == size)
            return frame
        }
        return (concealer, fill)
    }

    /// `count` 20 ms frames of a tone.
    private func tone(_ frequency: Double, sampleRate: Int, count: Int) -> [[Int16]] {
        toneFrames(frequency: frequency, sampleRate: Double(sampleRate), frameSize: sampleRate / 50, count: count)
    }

    /// One lost 20 ms frame of a steady 440 Hz tone comes back as that tone: within 3 dB
    /// of its level (the fade has begun: about -2 dB measured at both rates) and with
    /// most of its power at 440 Hz. At 16 kHz the fill comes from the even samples.
    @Test(arguments: [8000, 16000])
    func aLostFrameOfAToneIsConcealedAtItsPitch(sampleRate: Int) throws {
        let frames = tone(440, sampleRate: sampleRate, count: 10)
        let (_, fill) = try conceal(after: frames, sampleRate: sampleRate, lost: 1)
        let toneLevel = ToneAnalysis.rmsLevel(samples: frames[9])
        let level = ToneAnalysis.rmsLevel(samples: fill[0])
        #expect(level > toneLevel - 3)
        #expect(level < toneLevel + 0.5)
        let found = try #require(ToneAnalysis.dominantFrequency(samples: fill[0], sampleRate: Double(sampleRate)))
        #expect(relativeError(found, 440) < 0.02)
        #expect(AudioMeasures.powerShare(fill[0], sampleRate: Double(sampleRate), near: 440, width: 190) > 0.9)
    }

    /// Why 16 kHz audio is concealed through its even samples: a 110 Hz voice-like tone
    /// keeps its pitch (spandsp run on the 16 kHz samples themselves repeats 120-sample
    /// periods, 133 Hz, for it), and the second lost frame is still heard.
    @Test(arguments: [8000, 16000])
    func aLowVoiceKeepsItsPitch(sampleRate: Int) throws {
        let frames = AudioMeasures.harmonicFrames(fundamental: 110, harmonics: 5, sampleRate: Double(sampleRate),
                                                  frameSize: sampleRate / 50, count: 10)
        let (_, fill) = try conceal(after: frames, sampleRate: sampleRate, lost: 2)
        let pitch = try #require(AudioMeasures.periodicFrequency(fill[0], sampleRate: Double(sampleRate),
                                                                 minimum: 60, maximum: 400))
        #expect(relativeError(pitch, 110) < 0.03)
        let voiceLevel = ToneAnalysis.rmsLevel(samples: frames[9])
        #expect(ToneAnalysis.rmsLevel(samples: fill[0]) > voiceLevel - 4)
        #expect(ToneAnalysis.rmsLevel(samples: fill[1]) > voiceLevel - 12)
    }

    /// spandsp fades the fill linearly over 400 samples of 8 kHz audio after its first
    /// quarter pitch period (at most 30 samples): about -2, -8 and -22 dB for the three
    /// 20 ms frames of a lost 440 Hz tone, and silence from 53.75 ms on, at both rates.
    @Test(arguments: [8000, 16000])
    func theFillFadesToSilenceWithinFiftyFourMilliseconds(sampleRate: Int) throws {
        let frames = tone(440, sampleRate: sampleRate, count: 10)
        let (_, fill) = try conceal(after: frames, sampleRate: sampleRate, lost: 5)
        let toneLevel = ToneAnalysis.rmsLevel(samples: frames[9])
        let levels = fill.map { ToneAnalysis.rmsLevel(samples: $0) - toneLevel }
        #expect(levels[0] > -3)
        #expect(levels[1] < -5 && levels[1] > -10)
        #expect(levels[2] < -15 && levels[2] > -30)
        let stream = fill.flatMap { $0 }
        let silentFrom = sampleRate * 5375 / 100_000   // 53.75 ms
        #expect(stream[silentFrom...].allSatisfy { $0 == 0 })
        // ... and not much earlier: the 45–50 ms stretch is still audible.
        #expect(stream[(sampleRate * 45 / 1000)..<(sampleRate / 20)].contains { abs(Int($0)) > 100 })
    }

    /// The first audio after a short gap is cross-faded from the fill in place: its first
    /// quarter pitch period changes, the rest is passed on untouched.
    @Test(arguments: [8000, 16000])
    func audioAfterAGapIsBlendedInPlace(sampleRate: Int) throws {
        let frames = tone(440, sampleRate: sampleRate, count: 12)
        let (concealer, _) = try conceal(after: Array(frames[0..<10]), sampleRate: sampleRate, lost: 1)
        #expect(concealer.isConcealing)
        var resumed = frames[11]
        resumed.withUnsafeMutableBufferPointer { concealer.received($0) }
        #expect(!concealer.isConcealing)
        let blendEnd = 30 * sampleRate / 8000   // the longest quarter period
        #expect(resumed[0..<blendEnd] != frames[11][0..<blendEnd])
        #expect(resumed[blendEnd...] == frames[11][blendEnd...])
        // Blended, not replaced: no sample strays far from both sources.
        #expect(ToneAnalysis.rmsLevel(samples: Array(resumed[0..<blendEnd])) > -20)
    }

    /// After a gap long enough for the fill to fall silent, the next audio fades in from
    /// zero rather than starting with a click.
    @Test(arguments: [8000, 16000])
    func audioAfterALongGapFadesIn(sampleRate: Int) throws {
        let frames = tone(440, sampleRate: sampleRate, count: 20)
        let (concealer, fill) = try conceal(after: Array(frames[0..<10]), sampleRate: sampleRate, lost: 9)
        #expect(fill[3...].allSatisfy { frame in frame.allSatisfy { $0 == 0 } })
        var resumed = frames[19]
        resumed.withUnsafeMutableBufferPointer { concealer.received($0) }
        let peak = frames[19].map { abs(Int($0)) }.max() ?? 0
        #expect(abs(Int(resumed[0])) < peak / 10)
        #expect(resumed[(resumed.count / 2)...] == frames[19][(resumed.count / 2)...])
    }

    /// Buffers of any size, odd ones included, keep the 16 kHz stream's even/odd phase:
    /// the tone still comes back at its pitch. A one-sample first fill is safe too
    /// (spandsp's first fill writes a quarter period whatever it is asked for).
    @Test(arguments: [8000, 16000])
    func buffersOfAnySizeWork(sampleRate: Int) throws {
        let concealer = try PacketLossConcealer(sampleRate: sampleRate)
        var generator = SineGenerator(frequency: 440, sampleRate: Double(sampleRate))
        for size in [37, 101, 1, 3, 250, 77, 600, 131] {
            var chunk = generator.samples(count: size)
            chunk.withUnsafeMutableBufferPointer { concealer.received($0) }
        }
        var fill: [Int16] = []
        for size in [1, 2, 33, 127, 1, 156] {
            var chunk = [Int16](repeating: 0, count: size)
            #expect(chunk.withUnsafeMutableBufferPointer { concealer.conceal(into: $0) } == size)
            fill += chunk
        }
        let found = try #require(ToneAnalysis.dominantFrequency(samples: fill, sampleRate: Double(sampleRate)))
        #expect(relativeError(found, 440) < 0.03)
        #expect(ToneAnalysis.rmsLevel(samples: Array(fill.prefix(sampleRate / 100))) > -12)
    }

    @Test func emptyBuffersChangeNothing() throws {
        let concealer = try PacketLossConcealer()
        #expect(concealer.sampleRate == 8000)
        var empty: [Int16] = []
        #expect(empty.withUnsafeMutableBufferPointer { concealer.conceal(into: $0) } == 0)
        #expect(!concealer.isConcealing)
        var frame = [Int16](repeating: 0, count: 160)
        frame.withUnsafeMutableBufferPointer { _ = concealer.conceal(into: $0) }
        #expect(frame.allSatisfy { $0 == 0 })   // nothing heard yet: the fill is silence
        empty.withUnsafeMutableBufferPointer { concealer.received($0) }
        #expect(concealer.isConcealing)         // an empty packet does not end the gap
    }

    @Test(arguments: [0, 11025, 22050, 44100, 48000])
    func otherRatesAreRefused(sampleRate: Int) {
        #expect(throws: ConcealmentError.unsupportedSampleRate(sampleRate)) {
            try PacketLossConcealer(sampleRate: sampleRate)
        }
    }
}
