import Media

/// The audio every load call speaks, prepared once before any call starts: the browser's
/// Opus packets (synthetic speech at 48 kHz, encoded as a browser does: 20 ms mono frames,
/// 32 kbit/s, in-band FEC) and the phone's PCMU frames (the same kind of speech at 8 kHz,
/// μ-law, 160 bytes). Calls loop over them from different starting frames; only the RTP
/// headers are made per packet.
struct LoadMedia: Sendable {
    static let clipSeconds = 20
    static let browserBitrate: Int32 = 32000

    /// Opus payloads, one per 20 ms.
    let opusPayloads: [[UInt8]]
    /// μ-law frames of 160 bytes, back to back.
    let pcmuFrames: [UInt8]
    var pcmuFrameCount: Int { pcmuFrames.count / 160 }

    init(seed: UInt64 = 0x10AD_5EED) throws {
        let wideband = SpeechSignal(sampleRate: 48000, seed: seed).samples(seconds: Self.clipSeconds)
        let encoder = try OpusEncoder(sampleRate: 48000, channels: 1, bitrate: Self.browserBitrate, complexity: 9,
                                      fec: true)
        var payloads: [[UInt8]] = []
        var scratch = [UInt8](repeating: 0, count: 1500)
        try wideband.withUnsafeBufferPointer { pcm in
            for start in stride(from: 0, to: pcm.count - 959, by: 960) {
                let length = try scratch.withUnsafeMutableBytes { out in
                    try encoder.encode(UnsafeBufferPointer(rebasing: pcm[start..<start + 960]), into: out)
                }
                payloads.append(Array(scratch[0..<length]))
            }
        }
        opusPayloads = payloads

        let narrowband = SpeechSignal(sampleRate: 8000, seed: seed &+ 1).samples(seconds: Self.clipSeconds)
        let frames = narrowband.count / 160
        var pcmu = [UInt8](repeating: 0, count: frames * 160)
        pcmu.withUnsafeMutableBytes { out in
            narrowband.withUnsafeBufferPointer { pcm in
                _ = G711Codec.pcmu.encode(UnsafeBufferPointer(rebasing: pcm[0..<frames * 160]), into: out)
            }
        }
        pcmuFrames = pcmu
    }

    /// Mean Opus payload size, for the report.
    var meanOpusPayloadBytes: Double {
        Double(opusPayloads.reduce(0) { $0 + $1.count }) / Double(max(1, opusPayloads.count))
    }
}
