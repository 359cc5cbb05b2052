import Testing
@testable import Media

/// Plays `playback` in frames of `frameSize` until `fill` returns false; returns the
/// frames whose `fill` returned true, and the number of calls made.
private func play(_ playback: inout PromptPlayback, frameSize: Int, limit: Int = 10_000) -> (frames: [[Int16]], calls: Int) {
    var frames: [[Int16]] = []
    for call in 1...limit {
        var frame = [Int16](repeating: 0x5555, count: frameSize)   // garbage the fill must overwrite
        let more = frame.withUnsafeMutableBufferPointer { playback.fill($0) }
        guard more else {
            #expect(frame.allSatisfy { $0 == 0 }, "a frame after the end must be silent")
            return (frames, call)
        }
        frames.append(frame)
    }
    return (frames, limit)
}

private func sine(_ frequency: Double, rate: Int, count: Int, amplitude: Double = 0.5) -> [Int16] {
    var generator = SineGenerator(frequency: frequency, sampleRate: Double(rate), amplitude: amplitude)
    return generator.samples(count: count)
}

@Suite struct ResamplerTests {
    @Test func equalOrInvalidRatesReturnTheInput() {
        let samples: [Int16] = [1, -2, 3]
        #expect(Resampler.resample(samples, from: 8000, to: 8000) == samples)
        #expect(Resampler.resample(samples, from: 0, to: 8000) == samples)
        #expect(Resampler.resample(samples, from: 8000, to: -1) == samples)
        #expect(Resampler.resample([], from: 8000, to: 16000).isEmpty)
    }

    @Test(arguments: [(8000, 16000, 800, 1600), (48000, 8000, 4800, 800), (44100, 8000, 44100, 8000),
                      (11025, 8000, 1000, 726), (8000, 44100, 3, 17), (16000, 8000, 5, 3)])
    func outputLengthIsTheCeilingOfTheScaledCount(from: Int, to: Int, count: Int, expected: Int) {
        #expect(Resampler.resample([Int16](repeating: 100, count: count), from: from, to: to).count == expected)
    }

    @Test func aConstantKeepsItsLevelAwayFromTheEdges() {
        let out = Resampler.resample([Int16](repeating: 1000, count: 4410), from: 44100, to: 8000)
        #expect(out[100..<700].allSatisfy { abs(Int($0) - 1000) <= 1 })
    }

    /// A 1 kHz tone keeps its frequency and its level (edges, where the filter sees
    /// silence beyond the input, are left out of the measurement).
    @Test(arguments: [(8000, 16000), (48000, 8000), (44100, 8000), (8000, 48000), (22050, 16000)])
    func oneKilohertzSurvives(from: Int, to: Int) throws {
        let input = sine(1000, rate: from, count: from)   // one second
        let output = Resampler.resample(input, from: from, to: to)
        let middle = Array(output[(to / 10)..<(to - to / 10)])
        let frequency = try #require(ToneAnalysis.dominantFrequency(samples: middle, sampleRate: Double(to)))
        #expect(abs(frequency - 1000) < 1)
        let levelChange = ToneAnalysis.rmsLevel(samples: middle) - ToneAnalysis.rmsLevel(samples: input)
        #expect(abs(levelChange) < 0.01, "level changed by \(levelChange) dB")
    }

    @Test(arguments: [300.0, 3000.0, 3400.0])
    func theTelephoneBandStaysFlat(frequency: Double) {
        let input = sine(frequency, rate: 48000, count: 48000)
        let output = Resampler.resample(input, from: 48000, to: 8000)
        let middle = Array(output[800..<7200])
        let levelChange = ToneAnalysis.rmsLevel(samples: middle) - ToneAnalysis.rmsLevel(samples: input)
        #expect(abs(levelChange) < 0.05, "\(frequency) Hz changed by \(levelChange) dB")
    }

    @Test(arguments: [4000.0, 4500.0, 6000.0, 10000.0])
    func downsamplingRemovesWhatWouldAlias(frequency: Double) {
        // Left in, 6 kHz would fold to 2 kHz at 8 kHz.
        let output = Resampler.resample(sine(frequency, rate: 48000, count: 48000), from: 48000, to: 8000)
        let middle = Array(output[800..<7200])
        #expect(ToneAnalysis.rmsLevel(samples: middle) < -80)   // the input is at -9 dBFS
    }

    @Test func upsamplingAddsNoImage() {
        let output = Resampler.resample(sine(1000, rate: 8000, count: 8000), from: 8000, to: 48000)
        let middle = Array(output[4800..<43200])
        #expect(ToneAnalysis.toneAmplitude(frequency: 1000, samples: middle, sampleRate: 48000) > 0.49)
        // The image of 1 kHz around the old 8 kHz rate would sit at 7 kHz and 9 kHz.
        #expect(ToneAnalysis.toneAmplitude(frequency: 7000, samples: middle, sampleRate: 48000) < 0.0005)
        #expect(ToneAnalysis.toneAmplitude(frequency: 9000, samples: middle, sampleRate: 48000) < 0.0005)
    }
}

@Suite struct PromptPlaybackTests {
    @Test func framesStopAtTheExactBoundary() {
        // 300 samples of audio + 10 ms of silence (80) + 20 ms of tone (160) = 540 samples.
        let audio = (0..<300).map { Int16($0 + 1) }
        let tone = CadencedTone(frequencies: [1000], cadenceMilliseconds: [1000], sampleRate: 8000)
        var playback = PromptPlayback(items: [.audio(audio), .silence(milliseconds: 10), .tone(tone, milliseconds: 20)],
                                      sampleRate: 8000)
        #expect(playback.totalSamples == 540)
        #expect(playback.durationMilliseconds == 67)

        var elapsed: [Int] = []
        var finished: [Bool] = []
        var frames: [[Int16]] = []
        for _ in 0..<5 {
            var frame = [Int16](repeating: 0x5555, count: 160)
            let more = frame.withUnsafeMutableBufferPointer { playback.fill($0) }
            if more { frames.append(frame) }
            elapsed.append(playback.elapsedMilliseconds)
            finished.append(playback.isFinished)
        }
        // 160, 320, 480, 540 (+100 zeros): four frames hold audio, the fifth call returns false.
        #expect(frames.count == 4)
        #expect(elapsed == [20, 40, 60, 67, 67])
        #expect(finished == [false, false, false, true, true])

        var expectedTone = CadencedTone(frequencies: [1000], cadenceMilliseconds: [1000], sampleRate: 8000)
        var toneSamples = [Int16](repeating: 0, count: 160)
        toneSamples.withUnsafeMutableBufferPointer { expectedTone.fill($0) }
        let expected = audio + [Int16](repeating: 0, count: 80) + toneSamples + [Int16](repeating: 0, count: 100)
        #expect(frames.flatMap { $0 } == expected)
    }

    @Test func aPromptEndingOnAFrameEdgeFinishesWithThatFrame() {
        var playback = PromptPlayback(items: [.audio([Int16](repeating: 7, count: 320))], sampleRate: 8000)
        var frame = [Int16](repeating: 0, count: 160)
        #expect(frame.withUnsafeMutableBufferPointer { playback.fill($0) })
        #expect(!playback.isFinished)
        #expect(frame.withUnsafeMutableBufferPointer { playback.fill($0) })
        #expect(playback.isFinished)
        #expect(frame == [Int16](repeating: 7, count: 160))
        #expect(!frame.withUnsafeMutableBufferPointer { playback.fill($0) })
        #expect(frame == [Int16](repeating: 0, count: 160))
    }

    @Test func anEmptyPromptIsFinishedAtOnce() {
        var playback = PromptPlayback(items: [.silence(milliseconds: 0), .audio([]), .silence(milliseconds: -5)],
                                      sampleRate: 8000)
        #expect(playback.isFinished)
        #expect(playback.totalSamples == 0)
        let (frames, calls) = play(&playback, frameSize: 160)
        #expect(frames.isEmpty && calls == 1)
        var none = PromptPlayback(items: [], sampleRate: 16000)
        #expect(play(&none, frameSize: 320).calls == 1)
    }

    @Test func emptyItemsBetweenOthersAreSkipped() {
        var playback = PromptPlayback(items: [.silence(milliseconds: 0), .audio([1, 2]), .audio([]), .audio([3])],
                                      sampleRate: 8000)
        let (frames, calls) = play(&playback, frameSize: 4)
        #expect(frames == [[1, 2, 3, 0]])
        #expect(calls == 2)
    }

    @Test func anyFrameSizeGivesTheSameStream() {
        let tone = ToneLibrary.tone(.busy, country: "US", sampleRate: 8000)
        let items: [PromptPlayback.Item] = [.audio(sine(440, rate: 8000, count: 333)), .tone(tone, milliseconds: 130),
                                            .silence(milliseconds: 7), .audio([9, 9, 9])]
        var whole = PromptPlayback(items: items, sampleRate: 8000)
        let reference = play(&whole, frameSize: 5000).frames.flatMap { $0 }
        #expect(reference.count == 5000)
        for size in [1, 7, 160, 1443] {
            var framed = PromptPlayback(items: items, sampleRate: 8000)
            let (frames, calls) = play(&framed, frameSize: size)
            let total = 333 + 1040 + 56 + 3
            #expect(frames.count == (total + size - 1) / size)
            #expect(calls == frames.count + 1)
            #expect(Array(frames.flatMap { $0 }.prefix(total)) == Array(reference.prefix(total)))
        }
    }

    @Test func aToneIsRegeneratedAtThePlaybackRate() throws {
        let tone = CadencedTone(frequencies: [1000], cadenceMilliseconds: [1000], sampleRate: 8000)
        var playback = PromptPlayback(items: [.tone(tone, milliseconds: 500)], sampleRate: 16000)
        let samples = play(&playback, frameSize: 320).frames.flatMap { $0 }
        #expect(samples.count == 8000)
        let frequency = try #require(ToneAnalysis.dominantFrequency(samples: samples, sampleRate: 16000))
        #expect(abs(frequency - 1000) < 2)
    }

    @Test func hugeDurationsDoNotOverflow() {
        var playback = PromptPlayback(items: [.silence(milliseconds: .max), .audio([1])], sampleRate: 48000)
        var frame = [Int16](repeating: 0, count: 960)
        #expect(frame.withUnsafeMutableBufferPointer { playback.fill($0) })
        #expect(playback.elapsedMilliseconds == 20)
        #expect(playback.totalSamples > 0)
    }

    /// A stereo 44.1 kHz recording, read, resampled for a G.711 trunk and played.
    @Test func aRecordingPlaysAtTheTrunkRate() throws {
        let mono = sine(1000, rate: 44100, count: 44100)
        let bytes = WAVBuilder.wav(channels: 2, rate: 44100, data: WAVBuilder.pcm16(mono.flatMap { [$0, $0] }))
        let audio = try WAVFile.parse(bytes)
        #expect(audio.samples == mono)
        let prompt = Resampler.resample(audio.samples, from: audio.sampleRate, to: 8000)
        var playback = PromptPlayback(items: [.audio(prompt), ToneLibrary.beep(sampleRate: 8000)], sampleRate: 8000)
        let (frames, calls) = play(&playback, frameSize: 160)
        #expect(frames.count == 60 && calls == 61)   // 8000 + 1600 samples
        let speech = Array(frames.flatMap { $0 }[800..<7200])
        let frequency = try #require(ToneAnalysis.dominantFrequency(samples: speech, sampleRate: 8000))
        #expect(abs(frequency - 1000) < 1)
    }
}

@Suite struct ToneLibraryTests {
    @Test func usBusyIs480And620HzHalfASecondOnAndOff() {
        let spec = ToneLibrary.specification(.busy, country: "US")
        #expect(spec == ToneLibrary.Specification([480, 620], [500, 500]))
        var tone = ToneLibrary.tone(.busy, country: "US", sampleRate: 8000)
        #expect(tone.frequencies == [480, 620] && tone.cadenceMilliseconds == [500, 500])
        var samples = [Int16](repeating: 0, count: 8000)
        samples.withUnsafeMutableBufferPointer { tone.fill($0) }
        let on = Array(samples[0..<4000])
        #expect(ToneAnalysis.toneAmplitude(frequency: 480, samples: on, sampleRate: 8000) > 0.1)
        #expect(ToneAnalysis.toneAmplitude(frequency: 620, samples: on, sampleRate: 8000) > 0.1)
        #expect(samples[4000..<8000].allSatisfy { $0 == 0 })
    }

    @Test func gbRingbackIsTheDoubleRing() {
        var tone = ToneLibrary.tone(.ringback, country: "GB", sampleRate: 8000)
        #expect(tone.frequencies == [400, 450])
        #expect(tone.cadenceMilliseconds == [400, 200, 400, 2000])
        var samples = [Int16](repeating: 0, count: 24000)
        samples.withUnsafeMutableBufferPointer { tone.fill($0) }
        // 0.4 s on, 0.2 s off, 0.4 s on, 2 s off (samples at 8 kHz).
        #expect(ToneAnalysis.rmsLevel(samples: Array(samples[0..<3200])) > -25)
        #expect(samples[3200..<4800].allSatisfy { $0 == 0 })
        #expect(ToneAnalysis.rmsLevel(samples: Array(samples[4800..<8000])) > -25)
        #expect(samples[8000..<24000].allSatisfy { $0 == 0 })
    }

    @Test(arguments: [("DE", ProgressTone.busy, [425.0], [480, 480]),
                      ("DE", .ringback, [425], [1000, 4000]),
                      ("FR", .ringback, [440], [1500, 3500]),
                      ("FR", .congestion, [440], [250, 250]),
                      ("GB", .busy, [400], [375, 375]),
                      ("GB", .congestion, [400], [400, 350, 225, 525]),
                      ("US", .ringback, [440, 480], [2000, 4000]),
                      ("US", .dial, [350, 440], [1000]),
                      ("US", .congestion, [480, 620], [250, 250]),
                      ("ZZ", .ringback, [425], [1000, 4000]),
                      ("", .busy, [425], [500, 500]),
                      ("IT", .congestion, [425], [250, 250])])
    func nationalValues(country: String, tone: ProgressTone, frequencies: [Double], cadence: [Int]) {
        #expect(ToneLibrary.specification(tone, country: country) == ToneLibrary.Specification(frequencies, cadence))
    }

    @Test func countryCodesIgnoreCaseAndKnowTheirAliases() {
        #expect(ToneLibrary.specification(.ringback, country: "gb") == ToneLibrary.specification(.ringback, country: "GB"))
        #expect(ToneLibrary.specification(.ringback, country: " uk ") == ToneLibrary.specification(.ringback, country: "GB"))
        #expect(ToneLibrary.specification(.busy, country: "ca") == ToneLibrary.specification(.busy, country: "US"))
    }

    @Test func everyToneSoundsAtItsFrequencyFromTheStart() throws {
        for country in ToneLibrary.countries + ["ZZ"] {
            for name in ProgressTone.allCases {
                var tone = ToneLibrary.tone(name, country: country, sampleRate: 8000)
                var samples = [Int16](repeating: 0, count: 1600)   // 200 ms: within every first "on"
                samples.withUnsafeMutableBufferPointer { tone.fill($0) }
                for frequency in tone.frequencies {
                    let amplitude = ToneAnalysis.toneAmplitude(frequency: frequency, samples: samples, sampleRate: 8000)
                    #expect(amplitude > 0.1, "\(country) \(name) at \(frequency) Hz")
                }
            }
        }
    }

    @Test func dialToneNeverPauses() {
        var tone = ToneLibrary.tone(.dial, country: "DE", sampleRate: 8000)
        var samples = [Int16](repeating: 0, count: 24000)
        samples.withUnsafeMutableBufferPointer { tone.fill($0) }
        for start in stride(from: 0, to: 24000, by: 160) {
            #expect(ToneAnalysis.rmsLevel(samples: Array(samples[start..<(start + 160)])) > -25)
        }
    }

    @Test func aBeepIs200MillisecondsOf1000Hertz() throws {
        var playback = PromptPlayback(items: [ToneLibrary.beep(sampleRate: 16000)], sampleRate: 16000)
        #expect(playback.totalSamples == 3200)
        let samples = play(&playback, frameSize: 320).frames.flatMap { $0 }
        let frequency = try #require(ToneAnalysis.dominantFrequency(samples: samples, sampleRate: 16000))
        #expect(abs(frequency - 1000) < 5)
    }
}
