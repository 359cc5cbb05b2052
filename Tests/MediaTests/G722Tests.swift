import Testing
@testable import Media

@Suite struct G722Tests {
    private func encode(_ pcm: [Int16], with encoder: G722Encoder) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: pcm.count / 2)
        let count = pcm.withUnsafeBufferPointer { source in out.withUnsafeMutableBytes { encoder.encode(source, into: $0) } }
        return Array(out[0..<count])
    }

    private func decode(_ codes: [UInt8], with decoder: G722Decoder) -> [Int16] {
        var pcm = [Int16](repeating: 0, count: codes.count * 2)
        let count = codes.withUnsafeBytes { data in pcm.withUnsafeMutableBufferPointer { decoder.decode(data, into: $0) } }
        return Array(pcm[0..<count])
    }

    /// RFC 3551 §4.5.2 and §6: the table the pipelines and the packetizer rely on.
    @Test func codecTableMatchesRFC3551() {
        #expect(TrunkAudioCodec.allCases.map(\.payloadType) == [0, 8, 9])
        #expect(TrunkAudioCodec.allCases.map(\.encodingName) == ["PCMU", "PCMA", "G722"])
        #expect(TrunkAudioCodec.allCases.map(\.rtpClockRate) == [8000, 8000, 8000])
        #expect(TrunkAudioCodec.allCases.map(\.sampleRate) == [8000, 8000, 16000])
        #expect(TrunkAudioCodec.allCases.map(\.samplesPerFrame) == [160, 160, 320])
        #expect(TrunkAudioCodec.allCases.map(\.frameBytes) == [160, 160, 160])
        #expect(TrunkAudioCodec.allCases.map(\.rtpTimestampIncrement) == [160, 160, 160])
        #expect(G711Codec.allCases.map { TrunkAudioCodec($0).g711 } == [.pcmu, .pcma])
        #expect(TrunkAudioCodec.g722.g711 == nil)
    }

    @Test func twentyMillisecondsAreThreeHundredTwentySamplesAndOneHundredSixtyBytes() throws {
        let encoder = try G722Encoder()
        let decoder = try G722Decoder()
        #expect(G722Encoder.sampleRate == 16000 && G722Decoder.sampleRate == 16000)
        var generator = SineGenerator(frequency: 1000, sampleRate: 16000)
        let frame = generator.samples(count: 320)
        let codes = encode(frame, with: encoder)
        #expect(codes.count == 160)
        #expect(decode(codes, with: decoder).count == 320)

        // An odd trailing sample is left unread; output room limits the pairs encoded.
        #expect(encode(frame + [0], with: encoder).count == 160)
        var small = [UInt8](repeating: 0, count: 10)
        let written = frame.withUnsafeBufferPointer { source in small.withUnsafeMutableBytes { encoder.encode(source, into: $0) } }
        #expect(written == 10)
        var shortPCM = [Int16](repeating: 0, count: 7)
        let decoded = codes.withUnsafeBytes { data in shortPCM.withUnsafeMutableBufferPointer { decoder.decode(data, into: $0) } }
        #expect(decoded == 6)
        #expect(encode([], with: encoder).isEmpty)
        #expect(decode([], with: decoder).isEmpty)
    }

    /// sine@16 kHz → G.722 → PCM keeps pitch and level, 5 and 7 kHz included: tones an
    /// 8 kHz G.711 path cannot carry at all.
    @Test(arguments: [440.0, 1000.0, 5000.0, 7000.0])
    func toneSurvivesEncodeAndDecode(frequency: Double) throws {
        var generator = SineGenerator(frequency: frequency, sampleRate: 16000)
        let source = generator.samples(count: 16000)
        let output = decode(encode(source, with: try G722Encoder()), with: try G722Decoder())
        #expect(output.count == 16000)
        let steady = Array(output[1600...])
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 16000))
        #expect(relativeError(found, frequency) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: steady) - ToneAnalysis.rmsLevel(samples: source)) < 0.5)
        #expect(abs(ToneAnalysis.toneAmplitude(frequency: frequency, samples: steady, sampleRate: 16000) - 0.5) < 0.1)
    }

    @Test func silenceStaysSilent() throws {
        let output = decode(encode([Int16](repeating: 0, count: 3200), with: try G722Encoder()), with: try G722Decoder())
        #expect(ToneAnalysis.rmsLevel(samples: Array(output[320...])) < -60)
    }

    /// The codec state carries across calls: a stream cut into uneven pieces codes to the
    /// same bytes and samples as in one piece (what the 20 ms re-chunking relies on).
    @Test func chunkedCodingEqualsOneShotCoding() throws {
        var generator = SineGenerator(frequency: 1234, sampleRate: 16000)
        let source = generator.samples(count: 4800)
        let whole = encode(source, with: try G722Encoder())
        let encoder = try G722Encoder()
        var pieces: [UInt8] = []
        var start = 0
        for size in [2, 318, 640, 160, 1000, 2680] {
            pieces += encode(Array(source[start..<(start + size)]), with: encoder)
            start += size
        }
        #expect(start == source.count)
        #expect(pieces == whole)
        #expect(encode(source, with: try G722Encoder()) == whole)   // deterministic

        let decodedWhole = decode(whole, with: try G722Decoder())
        let decoder = try G722Decoder()
        var decodedPieces: [Int16] = []
        start = 0
        for size in [1, 159, 320, 80, 840] {
            decodedPieces += decode(Array(whole[start..<(start + size)]), with: decoder)
            start += size
        }
        decodedPieces += decode(Array(whole[start...]), with: decoder)
        #expect(decodedPieces == decodedWhole)
    }

    /// Buffers beyond the per-call limit handed to spandsp are coded in several calls.
    @Test func longBuffersAreCodedWhole() throws {
        var generator = SineGenerator(frequency: 440, sampleRate: 16000)
        let source = generator.samples(count: 2 * G722Format.maxBytesPerCall + 322)
        let codes = encode(source, with: try G722Encoder())
        #expect(codes.count == source.count / 2)
        let output = decode(codes, with: try G722Decoder())
        #expect(output.count == source.count)
        let tail = Array(output.suffix(16000))
        let found = try #require(ToneAnalysis.dominantFrequency(samples: tail, sampleRate: 16000))
        #expect(relativeError(found, 440) < 0.02)
    }

    /// Every byte is a code word: garbage decodes to bounded noise without trapping, and
    /// the decoder's adaptation recovers once a real stream follows.
    @Test func garbageDecodesAndTheDecoderRecovers() throws {
        let decoder = try G722Decoder()
        let everyCode = (0...255).map { UInt8($0) }
        #expect(decode(everyCode + everyCode.reversed(), with: decoder).count == 1024)
        var random = SplitMix64(seed: 9)
        let garbage = (0..<8000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(decode(garbage, with: decoder).count == 16000)

        var generator = SineGenerator(frequency: 1000, sampleRate: 16000)
        let stream = encode(generator.samples(count: 16000), with: try G722Encoder())
        let recovered = Array(decode(stream, with: decoder)[8000...])
        let found = try #require(ToneAnalysis.dominantFrequency(samples: recovered, sampleRate: 16000))
        #expect(relativeError(found, 1000) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: recovered) - -9.03) < 3)
    }
}
