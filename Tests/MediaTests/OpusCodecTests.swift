import Testing
@testable import Media

@Suite struct OpusCodecTests {
    @Test func rejectsUnsupportedSetups() {
        #expect(throws: OpusError.unsupportedSampleRate(44100)) { try OpusEncoder(sampleRate: 44100) }
        #expect(throws: OpusError.unsupportedChannelCount(3)) { try OpusEncoder(sampleRate: 8000, channels: 3) }
        #expect(throws: OpusError.unsupportedSampleRate(22050)) { try OpusDecoder(sampleRate: 22050) }
        #expect(throws: OpusError.badArgument) { try OpusEncoder(sampleRate: 8000, complexity: 11) }
    }

    @Test func encoderRejectsIllegalFrameDurations() throws {
        let encoder = try OpusEncoder(sampleRate: 8000)
        let pcm = [Int16](repeating: 0, count: 150)   // 18.75 ms: not an Opus frame
        var out = [UInt8](repeating: 0, count: 1500)
        #expect(throws: OpusError.invalidFrameSize(150)) {
            try pcm.withUnsafeBufferPointer { source in
                try out.withUnsafeMutableBytes { try encoder.encode(source, into: $0) }
            }
        }
        #expect(encoder.lookahead > 0)
    }

    /// The core claim of the PSTN path: 8 kHz in, 8 kHz out, no resampling, tone intact.
    @Test(arguments: [440.0, 1000.0])
    func toneSurvivesEncodeAndDecodeAtEightKilohertz(frequency: Double) throws {
        let packets = try opusPackets(frequency: frequency, sampleRate: 8000, frameMilliseconds: 20, count: 50)
        #expect(packets.allSatisfy { $0.count > 10 && $0.count < 200 })
        let decoder = try OpusDecoder(sampleRate: 8000)
        var output: [Int16] = []
        var pcm = [Int16](repeating: 0, count: decoder.maxPacketSamples)
        for packet in packets {
            let samples = try packet.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
            #expect(samples == 160)
            output += pcm[0..<samples]
        }
        let steady = Array(output[800...])   // skip 100 ms of codec start-up
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 8000))
        #expect(relativeError(found, frequency) < 0.02)
        // Input peak 0.5 → -9.03 dBFS.
        #expect(abs(ToneAnalysis.rmsLevel(samples: steady) - -9.03) < 1.5)
    }

    /// A browser encodes at 48 kHz, often signalling stereo; the gateway decodes at 8 kHz mono.
    @Test(arguments: [Int32(1), Int32(2)])
    func fortyEightKilohertzStreamDecodesAtEightKilohertz(channels: Int32) throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, channels: channels,
                                      frameMilliseconds: 20, count: 50)
        let decoder = try OpusDecoder(sampleRate: 8000)
        var output: [Int16] = []
        var pcm = [Int16](repeating: 0, count: decoder.maxPacketSamples)
        for packet in packets {
            #expect(try packet.withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 8000) } == 160)
            let samples = try packet.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
            output += pcm[0..<samples]
        }
        #expect(output.count == 50 * 160)
        let steady = Array(output[800...])
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 8000))
        #expect(relativeError(found, 1000) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: steady) - -9.03) < 1.5)
    }

    @Test func malformedPacketsThrowTypedErrors() throws {
        let decoder = try OpusDecoder(sampleRate: 8000)
        var pcm = [Int16](repeating: 0, count: decoder.maxPacketSamples)
        func decode(_ bytes: [UInt8]) throws -> Int {
            try bytes.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
        }
        // RFC 6716 §3.2.5: code 3 with a frame count of 0 is invalid ([R5]).
        #expect(throws: OpusError.invalidPacket) { try decode([0x03, 0x00]) }
        // Code 3, 63 frames of 20 ms: over the 120 ms limit ([R5]).
        #expect(throws: OpusError.invalidPacket) { try decode([0xFF, 0xFF, 0xFF, 0xFF]) }
        // Code 2 whose first frame length exceeds the packet ([R7]).
        #expect(throws: OpusError.invalidPacket) { try decode([0x02, 0xFB, 0x01]) }
        #expect(throws: OpusError.invalidPacket) { try decode([]) }
        #expect(throws: OpusError.invalidPacket) {
            try [UInt8]([0x03, 0x00]).withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 8000) }
        }
        #expect(throws: OpusError.invalidPacket) {
            try [UInt8]([0xFF, 0xFF]).withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 8000) }
        }
    }

    @Test func decodeIntoTooSmallBufferThrows() throws {
        let packet = try opusPackets(frequency: 1000, sampleRate: 8000, frameMilliseconds: 20, count: 1)[0]
        let decoder = try OpusDecoder(sampleRate: 8000)
        var pcm = [Int16](repeating: 0, count: 80)
        #expect(throws: OpusError.bufferTooSmall) {
            try packet.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
        }
    }

    @Test func concealmentAndFECProduceTheRequestedDuration() throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 8000, frameMilliseconds: 20, count: 30)
        let decoder = try OpusDecoder(sampleRate: 8000)
        var pcm = [Int16](repeating: 0, count: decoder.maxPacketSamples)
        for packet in packets[0..<20] {
            _ = try packet.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
        }
        // Packet 20 is lost; conceal it, then pretend 21 was lost too and rebuild it from 22's FEC.
        let concealed = try pcm.withUnsafeMutableBufferPointer { try decoder.decodeLost(into: $0, samples: 160) }
        #expect(concealed == 160)
        #expect(ToneAnalysis.rmsLevel(samples: Array(pcm[0..<160])) > -30)
        let recovered = try packets[22].withUnsafeBytes { next in
            try pcm.withUnsafeMutableBufferPointer { try decoder.decodeFEC(from: next, into: $0, samples: 160) }
        }
        #expect(recovered == 160)
        let rebuilt = Array(pcm[0..<160])
        #expect(ToneAnalysis.rmsLevel(samples: rebuilt) > -20)
        let found = try #require(ToneAnalysis.dominantFrequency(samples: rebuilt, sampleRate: 8000))
        #expect(relativeError(found, 1000) < 0.05)

        #expect(throws: OpusError.invalidFrameSize(150)) {
            try pcm.withUnsafeMutableBufferPointer { try decoder.decodeLost(into: $0, samples: 150) }
        }
        var small = [Int16](repeating: 0, count: 80)
        #expect(throws: OpusError.bufferTooSmall) {
            try small.withUnsafeMutableBufferPointer { try decoder.decodeLost(into: $0, samples: 160) }
        }
    }
}
