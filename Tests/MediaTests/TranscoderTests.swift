import Testing
@testable import Media

@Suite struct TranscoderTests {
    /// Runs G.711 frames of `chunkSamples` through trunk→browser and browser→trunk.
    private func roundTrip(frequency: Double, codec: G711Codec, chunkSamples: Int,
                           milliseconds: Int) throws -> (opus: [[UInt8]], g711: [[UInt8]]) {
        let toBrowser = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let toTrunk = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let opus = Collector()
        let g711 = Collector()
        let chunks = toneFrames(frequency: frequency, sampleRate: 8000, frameSize: chunkSamples,
                                count: milliseconds * 8 / chunkSamples)
        for chunk in chunks {
            let payload = chunk.map { codec.encode($0) }
            try payload.withUnsafeBytes { data in
                try toBrowser.process(g711Payload: data) { packet in
                    opus.add(packet)
                    try? toTrunk.process(opusPayload: packet, emit: g711.add)
                }
            }
        }
        return (opus.packets, g711.packets)
    }

    /// sine → G.711 → Opus (8 kHz) → Opus decode (8 kHz) → G.711 → PCM keeps pitch and level.
    @Test(arguments: [440.0, 1000.0], G711Codec.allCases)
    func toneSurvivesTheFullChain(frequency: Double, codec: G711Codec) throws {
        let (opus, g711) = try roundTrip(frequency: frequency, codec: codec, chunkSamples: 160, milliseconds: 1000)
        #expect(opus.count == 50)
        #expect(g711.count == 50)
        #expect(g711.allSatisfy { $0.count == 160 })
        let pcm = decodeG711(g711, codec: codec)
        let steady = Array(pcm[800...])   // skip ~100 ms of codec start-up
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 8000))
        #expect(relativeError(found, frequency) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: steady) - -9.03) < 2)
    }

    /// 10 and 30 ms trunk packets are re-chunked into 20 ms Opus packets without a glitch.
    @Test(arguments: [80, 240])
    func toneSurvivesOddTrunkPacketSizes(chunkSamples: Int) throws {
        let (opus, g711) = try roundTrip(frequency: 1000, codec: .pcma, chunkSamples: chunkSamples, milliseconds: 960)
        #expect(opus.count == 48)
        #expect(g711.count == 48)
        let steady = Array(decodeG711(g711, codec: .pcma)[800...])
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 8000))
        #expect(relativeError(found, 1000) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: steady) - -9.03) < 2)
    }

    @Test func trunkPacketsOfAnySizeBecomeTwentyMillisecondOpusPackets() throws {
        let transcoder = try TrunkToBrowserTranscoder(trunkCodec: .pcmu)
        let output = Collector()
        let thirty = [UInt8](repeating: 0xFF, count: 240)
        var perCall: [Int] = []
        for _ in 0..<4 {
            let before = output.packets.count
            try thirty.withUnsafeBytes { try transcoder.process(g711Payload: $0, emit: output.add) }
            perCall.append(output.packets.count - before)
        }
        #expect(perCall == [1, 2, 1, 2])
        #expect(transcoder.encoderLookahead > 0)
        #expect(transcoder.bufferedSamples == 0)

        // A payload far larger than any internal buffer: 1000 samples = 6 frames + 40 left.
        let large = [UInt8](repeating: 0xD5, count: 1000)
        try large.withUnsafeBytes { try transcoder.process(g711Payload: $0, emit: output.add) }
        #expect(output.packets.count == 12)
        #expect(transcoder.bufferedSamples == 40)

        // Every packet is 20 ms: 960 ticks of the 48 kHz RTP clock, 160 samples at 8 kHz.
        for packet in output.packets {
            #expect(try packet.withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 48000) }
                    == Int(TrunkToBrowserTranscoder.rtpTimestampIncrement))
            #expect(try packet.withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 8000) } == 160)
        }
        let empty = [UInt8]()
        try empty.withUnsafeBytes { try transcoder.process(g711Payload: $0, emit: output.add) }
        #expect(output.packets.count == 12)
    }

    /// A browser's 48 kHz stream (mono or stereo) goes to the trunk with the tone intact.
    @Test(arguments: [Int32(1), Int32(2)])
    func browserStreamAtFortyEightKilohertzReachesTheTrunk(channels: Int32) throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, channels: channels,
                                      frameMilliseconds: 20, count: 50)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: .pcmu)
        let output = Collector()
        for packet in packets {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 50)
        let steady = Array(decodeG711(output.packets, codec: .pcmu)[800...])
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 8000))
        #expect(relativeError(found, 1000) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: steady) - -9.03) < 2)
    }

    @Test(arguments: [(10, 10, 5), (60, 5, 15), (40, 3, 6), (20, 7, 7)])
    func browserFramesOfAnyDurationBecomeTwentyMillisecondG711Frames(
        frameMilliseconds: Int, packetCount: Int, expectedFrames: Int
    ) throws {
        let packets = try opusPackets(frequency: 440, sampleRate: 48000, frameMilliseconds: frameMilliseconds,
                                      count: packetCount)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: .pcma)
        let output = Collector()
        for packet in packets {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
            #expect(transcoder.lastPacketSamples == frameMilliseconds * 8)
        }
        #expect(output.packets.count == expectedFrames)
        #expect(output.packets.allSatisfy { $0.count == BrowserToTrunkTranscoder.samplesPerFrame })
        #expect(transcoder.bufferedSamples == 0)
    }

    @Test func aTenMillisecondRemainderWaitsForTheNextPacket() throws {
        let packets = try opusPackets(frequency: 440, sampleRate: 48000, frameMilliseconds: 10, count: 3)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: .pcmu)
        let output = Collector()
        var emittedPerPacket: [Int] = []
        for packet in packets {
            let before = output.packets.count
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
            emittedPerPacket.append(output.packets.count - before)
        }
        #expect(emittedPerPacket == [0, 1, 0])
        #expect(transcoder.bufferedSamples == 80)
    }

    @Test func lossConcealmentEmitsFramesForTheMissingAudio() throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, frameMilliseconds: 20, count: 30)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: .pcmu)
        let output = Collector()
        for packet in packets[0..<20] {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 20)

        // Packets 20–22 lost: three 20 ms frames of concealment.
        try transcoder.concealLoss(count: 3, emit: output.add)
        #expect(output.packets.count == 23)
        let concealed = decodeG711(Array(output.packets[20..<23]), codec: .pcmu)
        #expect(ToneAnalysis.rmsLevel(samples: Array(concealed[0..<160])) > -20)

        // Packets 23–24 lost, 25 at hand: 23 concealed, 24 rebuilt from 25's FEC, then 25 itself.
        try packets[25].withUnsafeBytes { next in
            try transcoder.concealLoss(count: 2, nextPayload: next, emit: output.add)
            try transcoder.process(opusPayload: next, emit: output.add)
        }
        #expect(output.packets.count == 26)
        #expect(output.packets.allSatisfy { $0.count == 160 })

        #expect(throws: Never.self) { try transcoder.concealLoss(count: 0, emit: output.add) }
        #expect(output.packets.count == 26)
    }

    @Test func concealmentFollowsTheLastPacketDuration() throws {
        let packets = try opusPackets(frequency: 440, sampleRate: 48000, frameMilliseconds: 60, count: 4)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: .pcma)
        let output = Collector()
        for packet in packets {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 12)
        try transcoder.concealLoss(count: 1, emit: output.add)
        #expect(output.packets.count == 15)   // one lost 60 ms packet = three 20 ms frames
    }

    @Test func garbagePayloadThrowsAndThePipelineCarriesOn() throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, frameMilliseconds: 20, count: 60)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: .pcmu)
        let output = Collector()
        let garbage: [[UInt8]] = [[0x03, 0x00], [0xFF, 0xFF, 0xFF, 0xFF], [0x02, 0xFB, 0x01], []]
        for (index, packet) in packets.enumerated() {
            if index % 10 == 5 {
                let bad = garbage[(index / 10) % garbage.count]
                let before = output.packets.count
                #expect(throws: OpusError.invalidPacket) {
                    try bad.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
                }
                #expect(output.packets.count == before)
                #expect(transcoder.lastPacketSamples == 160)
            }
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 60)
        let steady = Array(decodeG711(output.packets, codec: .pcmu)[800...])
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: 8000))
        #expect(relativeError(found, 1000) < 0.02)
    }

    @Test func pipelinesRefuseRatesThatWouldNeedResampling() {
        #expect(throws: OpusError.unsupportedSampleRate(16000)) {
            try BrowserToTrunkTranscoder(opusDecodeRate: 16000, trunkCodec: .pcmu)
        }
        #expect(throws: OpusError.unsupportedSampleRate(48000)) {
            try TrunkToBrowserTranscoder(trunkCodec: .pcma, opusEncodeRate: 48000)
        }
    }
}
