import Testing
@testable import Media

@Suite struct TranscoderTests {
    /// Sends `milliseconds` of a tone, as trunk packets of `chunkMilliseconds`, through
    /// trunk→browser and straight back through browser→trunk.
    private func roundTrip(frequency: Double, codec: TrunkAudioCodec, chunkMilliseconds: Int,
                           milliseconds: Int) throws -> (opus: [[UInt8]], trunk: [[UInt8]]) {
        let toBrowser = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let toTrunk = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let opus = Collector()
        let trunk = Collector()
        var generator = SineGenerator(frequency: frequency, sampleRate: Double(codec.sampleRate))
        let stream = try encodeTrunk(generator.samples(count: codec.sampleRate * milliseconds / 1000), codec: codec)
        let chunkBytes = codec.frameBytes * chunkMilliseconds / TrunkAudioCodec.frameMilliseconds
        for start in stride(from: 0, to: stream.count, by: chunkBytes) {
            let payload = Array(stream[start..<min(start + chunkBytes, stream.count)])
            try payload.withUnsafeBytes { data in
                try toBrowser.process(trunkPayload: data) { packet in
                    opus.add(packet)
                    try? toTrunk.process(opusPayload: packet, emit: trunk.add)
                }
            }
        }
        return (opus.packets, trunk.packets)
    }

    /// Decoded trunk audio after the first 100 ms of codec start-up.
    private func steadyAudio(_ frames: [[UInt8]], codec: TrunkAudioCodec) throws -> [Int16] {
        Array(try decodeTrunk(frames, codec: codec).dropFirst(codec.sampleRate / 10))
    }

    /// Expects the tone's pitch within 2% and its level within `tolerance` dB of the
    /// -9.03 dBFS the 0.5-amplitude source has.
    private func expectTone(_ pcm: [Int16], frequency: Double, sampleRate: Int, tolerance: Double = 2) throws {
        let found = try #require(ToneAnalysis.dominantFrequency(samples: pcm, sampleRate: Double(sampleRate)))
        #expect(relativeError(found, frequency) < 0.02)
        #expect(abs(ToneAnalysis.rmsLevel(samples: pcm) - -9.03) < tolerance)
    }

    /// trunk codec → Opus at the codec's rate → Opus decode at that rate → trunk codec
    /// keeps pitch and level; 5 kHz exists only on the 16 kHz G.722 path.
    @Test(arguments: [(440.0, TrunkAudioCodec.pcmu), (1000, .pcmu), (440, .pcma), (1000, .pcma),
                      (440, .g722), (1000, .g722), (5000, .g722)])
    func toneSurvivesTheFullChain(frequency: Double, codec: TrunkAudioCodec) throws {
        let (opus, trunk) = try roundTrip(frequency: frequency, codec: codec, chunkMilliseconds: 20, milliseconds: 1000)
        #expect(opus.count == 50)
        #expect(trunk.count == 50)
        #expect(trunk.allSatisfy { $0.count == codec.frameBytes })
        try expectTone(steadyAudio(trunk, codec: codec), frequency: frequency, sampleRate: codec.sampleRate)
    }

    /// 10 and 30 ms trunk packets are re-chunked into 20 ms Opus packets without a glitch.
    @Test(arguments: [10, 30], [TrunkAudioCodec.pcma, .g722])
    func toneSurvivesOddTrunkPacketSizes(chunkMilliseconds: Int, codec: TrunkAudioCodec) throws {
        let (opus, trunk) = try roundTrip(frequency: 1000, codec: codec, chunkMilliseconds: chunkMilliseconds,
                                          milliseconds: 960)
        #expect(opus.count == 48)
        #expect(trunk.count == 48)
        try expectTone(steadyAudio(trunk, codec: codec), frequency: 1000, sampleRate: codec.sampleRate)
    }

    @Test(arguments: TrunkAudioCodec.allCases)
    func trunkPacketsOfAnySizeBecomeTwentyMillisecondOpusPackets(codec: TrunkAudioCodec) throws {
        let transcoder = try TrunkToBrowserTranscoder(trunkCodec: codec)
        #expect(transcoder.opusEncodeRate == Int32(codec.sampleRate))
        let output = Collector()
        // 240 bytes are 30 ms for all three codecs (G.722 at 64 kbit/s packs 2 samples a byte).
        let thirty = [UInt8](repeating: 0xFF, count: 240)
        var perCall: [Int] = []
        for _ in 0..<4 {
            let before = output.packets.count
            try thirty.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
            perCall.append(output.packets.count - before)
        }
        #expect(perCall == [1, 2, 1, 2])
        #expect(transcoder.encoderLookahead > 0)
        #expect(transcoder.bufferedSamples == 0)

        // A payload far larger than any internal buffer: 1000 bytes = 6 frames + 5 ms left.
        let large = [UInt8](repeating: 0xD5, count: 1000)
        try large.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
        #expect(output.packets.count == 12)
        #expect(transcoder.bufferedSamples == 40 * codec.samplesPerByte)

        // Every packet is 20 ms: 960 ticks of the 48 kHz RTP clock, one frame at the codec rate.
        for packet in output.packets {
            #expect(try packet.withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 48000) }
                    == Int(TrunkToBrowserTranscoder.rtpTimestampIncrement))
            #expect(try packet.withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: Int32(codec.sampleRate)) }
                    == transcoder.samplesPerFrame)
        }
        let empty = [UInt8]()
        try empty.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
        #expect(output.packets.count == 12)
    }

    /// A browser's 48 kHz stream (mono or stereo) goes to the trunk with the tone intact.
    @Test(arguments: [Int32(1), Int32(2)], TrunkAudioCodec.allCases)
    func browserStreamAtFortyEightKilohertzReachesTheTrunk(channels: Int32, codec: TrunkAudioCodec) throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, channels: channels,
                                      frameMilliseconds: 20, count: 50)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let output = Collector()
        for packet in packets {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 50)
        try expectTone(steadyAudio(output.packets, codec: codec), frequency: 1000, sampleRate: codec.sampleRate)
    }

    /// The reason for G.722: a 5 kHz component of the browser's voice reaches a G.722
    /// trunk, while the 8 kHz G.711 path (4 kHz band limit) carries next to nothing of it.
    @Test func fiveKilohertzReachesAG722TrunkOnly() throws {
        let packets = try opusPackets(frequency: 5000, sampleRate: 48000, frameMilliseconds: 20, count: 50)
        var levels: [TrunkAudioCodec: Double] = [:]
        for codec in [TrunkAudioCodec.pcmu, .g722] {
            let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
            let output = Collector()
            for packet in packets {
                try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
            }
            #expect(output.packets.count == 50)
            let steady = try steadyAudio(output.packets, codec: codec)
            levels[codec] = ToneAnalysis.rmsLevel(samples: steady)
            if codec == .g722 { try expectTone(steady, frequency: 5000, sampleRate: 16000) }
        }
        #expect(try #require(levels[.pcmu]) < -40)
    }

    @Test(arguments: [(10, 10, 5), (60, 5, 15), (40, 3, 6), (20, 7, 7)], [TrunkAudioCodec.pcma, .g722])
    func browserFramesOfAnyDurationBecomeTwentyMillisecondTrunkFrames(
        shape: (Int, Int, Int), codec: TrunkAudioCodec
    ) throws {
        let (frameMilliseconds, packetCount, expectedFrames) = shape
        let packets = try opusPackets(frequency: 440, sampleRate: 48000, frameMilliseconds: frameMilliseconds,
                                      count: packetCount)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let output = Collector()
        for packet in packets {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
            #expect(transcoder.lastPacketSamples == frameMilliseconds * codec.sampleRate / 1000)
        }
        #expect(output.packets.count == expectedFrames)
        #expect(output.packets.allSatisfy { $0.count == transcoder.frameBytes })
        #expect(transcoder.bufferedSamples == 0)
    }

    @Test(arguments: TrunkAudioCodec.allCases)
    func aTenMillisecondRemainderWaitsForTheNextPacket(codec: TrunkAudioCodec) throws {
        let packets = try opusPackets(frequency: 440, sampleRate: 48000, frameMilliseconds: 10, count: 3)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let output = Collector()
        var emittedPerPacket: [Int] = []
        for packet in packets {
            let before = output.packets.count
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
            emittedPerPacket.append(output.packets.count - before)
        }
        #expect(emittedPerPacket == [0, 1, 0])
        #expect(transcoder.bufferedSamples == codec.sampleRate / 100)
        transcoder.discardBuffered()
        #expect(transcoder.bufferedSamples == 0)
    }

    @Test(arguments: [TrunkAudioCodec.pcmu, .g722])
    func lossConcealmentEmitsFramesForTheMissingAudio(codec: TrunkAudioCodec) throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, frameMilliseconds: 20, count: 30)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let output = Collector()
        for packet in packets[0..<20] {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 20)

        // Packets 20–22 lost: three 20 ms frames of concealment.
        try transcoder.concealLoss(count: 3, emit: output.add)
        #expect(output.packets.count == 23)
        let audio = try decodeTrunk(output.packets, codec: codec)
        let firstConcealed = Array(audio[(20 * codec.samplesPerFrame)..<(21 * codec.samplesPerFrame)])
        #expect(ToneAnalysis.rmsLevel(samples: firstConcealed) > -20)

        // Packets 23–24 lost, 25 at hand: 23 concealed, 24 rebuilt from 25's FEC, then 25 itself.
        try packets[25].withUnsafeBytes { next in
            try transcoder.concealLoss(count: 2, nextPayload: next, emit: output.add)
            try transcoder.process(opusPayload: next, emit: output.add)
        }
        #expect(output.packets.count == 26)
        #expect(output.packets.allSatisfy { $0.count == codec.frameBytes })

        #expect(throws: Never.self) { try transcoder.concealLoss(count: 0, emit: output.add) }
        #expect(output.packets.count == 26)
    }

    @Test(arguments: [TrunkAudioCodec.pcma, .g722])
    func concealmentFollowsTheLastPacketDuration(codec: TrunkAudioCodec) throws {
        let packets = try opusPackets(frequency: 440, sampleRate: 48000, frameMilliseconds: 60, count: 4)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let output = Collector()
        for packet in packets {
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 12)
        try transcoder.concealLoss(count: 1, emit: output.add)
        #expect(output.packets.count == 15)   // one lost 60 ms packet = three 20 ms frames
    }

    @Test(arguments: [TrunkAudioCodec.pcmu, .g722])
    func garbageOpusPayloadThrowsAndThePipelineCarriesOn(codec: TrunkAudioCodec) throws {
        let packets = try opusPackets(frequency: 1000, sampleRate: 48000, frameMilliseconds: 20, count: 60)
        let transcoder = try BrowserToTrunkTranscoder(trunkCodec: codec)
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
                #expect(transcoder.lastPacketSamples == codec.samplesPerFrame)
            }
            try packet.withUnsafeBytes { try transcoder.process(opusPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 60)
        let steady = try steadyAudio(output.packets, codec: codec)
        let found = try #require(ToneAnalysis.dominantFrequency(samples: steady, sampleRate: Double(codec.sampleRate)))
        #expect(relativeError(found, 1000) < 0.02)
    }

    /// Any bytes are trunk audio (every byte is a code word): random payloads of random
    /// sizes still give exactly one legal 20 ms Opus packet per 160 bytes.
    @Test(arguments: TrunkAudioCodec.allCases)
    func garbageTrunkPayloadsBecomeOrdinaryOpusPackets(codec: TrunkAudioCodec) throws {
        let transcoder = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let output = Collector()
        var random = SplitMix64(seed: 0x6722)
        var total = 0
        for _ in 0..<40 {
            let payload = (0..<Int(random.next() % 700)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            total += payload.count
            try payload.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == total / codec.frameBytes)
        #expect(transcoder.bufferedSamples == (total % codec.frameBytes) * codec.samplesPerByte)
        let decoder = try OpusDecoder(sampleRate: 48000)
        var pcm = [Int16](repeating: 0, count: decoder.maxPacketSamples)
        for packet in output.packets {
            let samples = try packet.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
            #expect(samples == 960)
        }
    }

    /// The Opus side runs at the trunk codec's audio rate while the trunk's RTP clock is
    /// 8000 Hz for all three (RFC 3551 §4.5.2 for G.722).
    @Test(arguments: TrunkAudioCodec.allCases)
    func pipelinesFollowTheTrunkCodec(codec: TrunkAudioCodec) throws {
        let toTrunk = try BrowserToTrunkTranscoder(trunkCodec: codec)
        let toBrowser = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let rate: Int32 = codec == .g722 ? 16000 : 8000
        #expect(toTrunk.opusDecodeRate == rate)
        #expect(toBrowser.opusEncodeRate == rate)
        #expect(toTrunk.samplesPerFrame == Int(rate) / 50)
        #expect(toBrowser.samplesPerFrame == Int(rate) / 50)
        #expect(toTrunk.frameBytes == 160)
        #expect(toTrunk.trunkTimestampIncrement == 160)
        #expect(toTrunk.lastPacketSamples == Int(rate) / 50)
    }
}

/// A small deterministic generator so garbage inputs are the same on every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
