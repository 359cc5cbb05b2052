import Foundation
import Media

/// The speech both benchmark scenarios send, made once before anything is timed: what a
/// browser sends (SpeechSignal at 48 kHz, Opus-encoded as a browser does: 20 ms mono frames,
/// complexity 9, in-band FEC) and what a phone sends (the same kind of speech at 8 kHz,
/// μ-law, 160 bytes per 20 ms).
enum SpeechClips {
    /// One Opus payload per 20 ms of `seconds` of speech, no wider than `maxBandwidth`.
    static func browserOpus(seconds: Int, bitrate: Int32, maxBandwidth: OpusBandwidth = .fullband,
                            seed: UInt64) throws -> [[UInt8]] {
        let wideband = SpeechSignal(sampleRate: 48000, seed: seed).samples(seconds: seconds)
        let encoder = try OpusEncoder(sampleRate: 48000, channels: 1, bitrate: bitrate, complexity: 9, fec: true,
                                      maxBandwidth: maxBandwidth)
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
        return payloads
    }

    /// μ-law frames of 160 bytes, back to back, for `seconds` of speech.
    static func phonePCMU(seconds: Int, seed: UInt64) -> [UInt8] {
        let narrowband = SpeechSignal(sampleRate: 8000, seed: seed).samples(seconds: seconds)
        let frames = narrowband.count / 160
        var pcmu = [UInt8](repeating: 0, count: frames * 160)
        pcmu.withUnsafeMutableBytes { out in
            narrowband.withUnsafeBufferPointer { pcm in
                _ = G711Codec.pcmu.encode(UnsafeBufferPointer(rebasing: pcm[0..<frames * 160]), into: out)
            }
        }
        return pcmu
    }

    /// Mean size of `payloads`, for the reports.
    static func meanSize(_ payloads: [[UInt8]]) -> Double {
        Double(payloads.reduce(0) { $0 + $1.count }) / Double(max(1, payloads.count))
    }
}

/// Writes a report as pretty-printed JSON with sorted keys, creating its folder.
enum ReportFile {
    static func write(_ report: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(report).write(to: url)
        print("JSON written to \(path)")
    }
}
