import Testing
@testable import Media

/// Lost trunk packets on the way to the browser: `TrunkToBrowserTranscoder.concealLoss`.
@Suite struct TrunkLossConcealmentTests {
    /// 200 ms of a 440 Hz tone as 20 ms trunk payloads of `codec`.
    private func tonePayloads(_ codec: TrunkAudioCodec, frames: Int = 10) throws -> [[UInt8]] {
        var generator = SineGenerator(frequency: 440, sampleRate: Double(codec.sampleRate))
        let stream = try encodeTrunk(generator.samples(count: frames * codec.samplesPerFrame), codec: codec)
        return stride(from: 0, to: stream.count, by: codec.frameBytes).map {
            Array(stream[$0..<min($0 + codec.frameBytes, stream.count)])
        }
    }

    /// Decodes Opus packets in order with one decoder at the codec's rate.
    private func decode(_ packets: [[UInt8]], codec: TrunkAudioCodec) throws -> [[Int16]] {
        let decoder = try OpusDecoder(sampleRate: Int32(codec.sampleRate))
        return try packets.map { packet in
            var pcm = [Int16](repeating: 0, count: decoder.maxPacketSamples)
            let count = try packet.withUnsafeBytes { data in
                try pcm.withUnsafeMutableBufferPointer { try decoder.decode(data, into: $0) }
            }
            return Array(pcm[0..<count])
        }
    }

    /// Two lost 20 ms trunk frames become exactly two 20 ms Opus packets, which decode
    /// to the tone carrying on (and fading) rather than to silence.
    @Test(arguments: [TrunkAudioCodec.pcmu, .pcma, .g722])
    func twoLostFramesBecomeTwoOpusPacketsOfTheTone(codec: TrunkAudioCodec) throws {
        let transcoder = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let output = Collector()
        for payload in try tonePayloads(codec) {
            try payload.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
        }
        #expect(output.packets.count == 10)
        try transcoder.concealLoss(frames: 2, emit: output.add)
        #expect(output.packets.count == 12)
        #expect(transcoder.bufferedSamples == 0)
        for packet in output.packets[10...] {
            #expect(try packet.withUnsafeBytes { try OpusPacket.sampleCount(of: $0, sampleRate: 48000) } == 960)
        }

        let audio = try decode(output.packets, codec: codec)
        #expect(audio.allSatisfy { $0.count == codec.samplesPerFrame })
        let toneLevel = ToneAnalysis.rmsLevel(samples: audio[9])
        let concealed = audio[10] + audio[11]
        #expect(ToneAnalysis.rmsLevel(samples: audio[10]) > toneLevel - 4)
        #expect(ToneAnalysis.rmsLevel(samples: concealed) > toneLevel - 8)
        let found = try #require(ToneAnalysis.dominantFrequency(samples: concealed, sampleRate: Double(codec.sampleRate)))
        #expect(relativeError(found, 440) < 0.03)
        #expect(AudioMeasures.powerShare(concealed, sampleRate: Double(codec.sampleRate), near: 440, width: 150) > 0.8)
    }

    /// Audio already queued (10 ms left by a 30 ms packet) goes out first; concealment
    /// still adds exactly one packet per lost frame, and nothing for zero or fewer.
    @Test(arguments: [TrunkAudioCodec.pcma, .g722])
    func concealmentFollowsQueuedAudio(codec: TrunkAudioCodec) throws {
        let transcoder = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let output = Collector()
        let payloads = try tonePayloads(codec, frames: 3)
        let thirty = payloads[0] + payloads[1][0..<(codec.frameBytes / 2)]
        try thirty.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
        #expect(output.packets.count == 1)
        #expect(transcoder.bufferedSamples == codec.samplesPerFrame / 2)

        try transcoder.concealLoss(frames: 0, emit: output.add)
        try transcoder.concealLoss(frames: -3, emit: output.add)
        #expect(output.packets.count == 1)

        try transcoder.concealLoss(frames: 3, emit: output.add)
        #expect(output.packets.count == 4)
        #expect(transcoder.bufferedSamples == codec.samplesPerFrame / 2)
    }

    /// After a loss the stream carries on normally: the next payloads emit as before and
    /// the tone is back at its level.
    @Test(arguments: [TrunkAudioCodec.pcmu, .g722])
    func theStreamResumesAfterConcealment(codec: TrunkAudioCodec) throws {
        let transcoder = try TrunkToBrowserTranscoder(trunkCodec: codec)
        let output = Collector()
        let payloads = try tonePayloads(codec, frames: 20)
        for (index, payload) in payloads.enumerated() {
            if index == 8 || index == 9 {
                try transcoder.concealLoss(frames: 1, emit: output.add)
            } else {
                try payload.withUnsafeBytes { try transcoder.process(trunkPayload: $0, emit: output.add) }
            }
        }
        #expect(output.packets.count == 20)
        let audio = try decode(output.packets, codec: codec)
        let after = Array(audio[14..<20].joined())
        #expect(abs(ToneAnalysis.rmsLevel(samples: after) - ToneAnalysis.rmsLevel(samples: audio[6])) < 1.5)
        let found = try #require(ToneAnalysis.dominantFrequency(samples: after, sampleRate: Double(codec.sampleRate)))
        #expect(relativeError(found, 440) < 0.02)
    }
}
