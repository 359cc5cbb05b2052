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
        opusPayloads = try SpeechClips.browserOpus(seconds: Self.clipSeconds, bitrate: Self.browserBitrate, seed: seed)
        pcmuFrames = SpeechClips.phonePCMU(seconds: Self.clipSeconds, seed: seed &+ 1)
    }

    /// Mean Opus payload size, for the report.
    var meanOpusPayloadBytes: Double { SpeechClips.meanSize(opusPayloads) }
}
