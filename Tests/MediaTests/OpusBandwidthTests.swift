import Testing
@testable import Media

@Suite struct OpusBandwidthTests {
    @Test func aPlaybackRateAllowsTheWidestBandItCanPlay() {
        // RFC 7587 §6.1: maxplaybackrate is a sample rate; each band needs its own rate.
        #expect(OpusBandwidth(playbackRate: 8000) == .narrowband)
        #expect(OpusBandwidth(playbackRate: 7000) == .narrowband)
        #expect(OpusBandwidth(playbackRate: 8001) == .mediumband)
        #expect(OpusBandwidth(playbackRate: 12000) == .mediumband)
        #expect(OpusBandwidth(playbackRate: 16000) == .wideband)
        #expect(OpusBandwidth(playbackRate: 22050) == .superWideband)
        #expect(OpusBandwidth(playbackRate: 44100) == .fullband)
        #expect(OpusBandwidth(playbackRate: 96000) == .fullband)
    }

    /// What each limit makes of 48 kHz speech-band input: the packets' TOC bytes say the band.
    private func bandwidths(limit: OpusBandwidth, bitrate: Int32) throws -> Set<OpusBandwidth> {
        let encoder = try OpusEncoder(sampleRate: 48000, bitrate: bitrate, complexity: 9, maxBandwidth: limit)
        // Two tones, one inside narrowband and one far above it.
        var low = SineGenerator(frequency: 440, sampleRate: 48000, amplitude: 0.3)
        var high = SineGenerator(frequency: 9000, sampleRate: 48000, amplitude: 0.3)
        var out = [UInt8](repeating: 0, count: 1500)
        var seen: Set<OpusBandwidth> = []
        for _ in 0..<50 {
            let pcm = zip(low.samples(count: 960), high.samples(count: 960)).map { $0 &+ $1 }
            let length = try pcm.withUnsafeBufferPointer { source in
                try out.withUnsafeMutableBytes { try encoder.encode(source, into: $0) }
            }
            let band = out.withUnsafeBytes { OpusPacket.bandwidth(of: UnsafeRawBufferPointer(rebasing: $0[..<length])) }
            seen.insert(try #require(band))
        }
        return seen
    }

    @Test func theEncoderCodesNoWiderThanItsLimit() throws {
        #expect(try bandwidths(limit: .narrowband, bitrate: 12000) == [.narrowband])
        #expect(try bandwidths(limit: .wideband, bitrate: 20000).allSatisfy { $0 <= .wideband })
        // Unlimited, the same input at 32 kbit/s is coded wider than narrowband.
        #expect(try bandwidths(limit: .fullband, bitrate: 32000).contains { $0 > .wideband })
    }

    @Test func anEmptyPacketHasNoBandwidth() {
        #expect(OpusPacket.bandwidth(of: UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
    }
}
