/// The audio every load call speaks, prepared once before any call starts: the browser's
/// Opus packets (synthetic speech at 48 kHz, encoded as a browser does: 20 ms mono frames,
/// in-band FEC, one clip for each width and bitrate a browser may be asked for,
/// `BrowserOpusClip`) and the phone's PCMU frames (the same kind of speech at 8 kHz, μ-law,
/// 160 bytes). Calls loop over them from different starting frames; only the RTP headers
/// are made per packet.
struct LoadMedia: Sendable {
    static let clipSeconds = 20

    /// Opus payloads, one per 20 ms, for each `BrowserOpusClip` (by its raw value).
    private let browserClips: [[[UInt8]]]
    /// μ-law frames of 160 bytes, back to back.
    let pcmuFrames: [UInt8]
    var pcmuFrameCount: Int { pcmuFrames.count / 160 }

    init(seed: UInt64 = 0x10AD_5EED) throws {
        browserClips = try BrowserOpusClip.allCases.map { clip in
            try SpeechClips.browserOpus(seconds: Self.clipSeconds, bitrate: clip.bitrate, maxBandwidth: clip.maxBandwidth,
                                        seed: seed)
        }
        pcmuFrames = SpeechClips.phonePCMU(seconds: Self.clipSeconds, seed: seed &+ 1)
    }

    func opusPayloads(_ clip: BrowserOpusClip) -> [[UInt8]] { browserClips[clip.rawValue] }

    /// Mean Opus payload size of a clip, for the report.
    func meanOpusPayloadBytes(_ clip: BrowserOpusClip) -> Double { SpeechClips.meanSize(opusPayloads(clip)) }
}
