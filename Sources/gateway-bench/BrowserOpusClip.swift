import ArgumentParser
import Foundation
import Media

/// How a browser sets up its Opus encoder from the answer's `a=fmtp`, as libwebrtc does
/// (its AudioEncoderOpus): no wider than the `maxplaybackrate` there (RFC 7587 §6.1), at its
/// default bitrate for that width: 12 kbit/s up to 8000, 20 kbit/s up to 16000, 32 kbit/s
/// above (and without the parameter). The load calls' speech is encoded once per clip.
enum BrowserOpusClip: Int, CaseIterable, Sendable, ExpressibleByArgument {
    case narrowband, wideband, fullband

    init?(argument: String) {
        guard let clip = Self.allCases.first(where: { "\($0)" == argument }) else { return nil }
        self = clip
    }

    /// The clip for the Opus bandwidth `maxplaybackrate` allows (`OpusBandwidth(playbackRate:)`):
    /// libwebrtc's bitrate steps are narrowband, up to wideband, and wider.
    init(maxPlaybackRate: Int?) {
        let bandwidth = maxPlaybackRate.map { OpusBandwidth(playbackRate: $0) } ?? .fullband
        self = bandwidth <= .narrowband ? .narrowband : bandwidth <= .wideband ? .wideband : .fullband
    }

    var maxBandwidth: OpusBandwidth {
        switch self {
        case .narrowband: .narrowband
        case .wideband: .wideband
        case .fullband: .fullband
        }
    }

    var bitrate: Int32 {
        switch self {
        case .narrowband: 12000
        case .wideband: 20000
        case .fullband: 32000
        }
    }

    var name: String {
        switch self {
        case .narrowband: "narrowband, 12 kbit/s"
        case .wideband: "wideband, 20 kbit/s"
        case .fullband: "fullband, 32 kbit/s"
        }
    }
}

/// The clips one run's answers asked for, noted as each browser leg starts (from any task).
final class AnsweredClips: @unchecked Sendable {
    private let lock = NSLock()
    private var clips: Set<BrowserOpusClip> = []

    func note(_ clip: BrowserOpusClip) {
        lock.withLock { _ = clips.insert(clip) }
    }

    /// The clips, narrowest first.
    var sorted: [BrowserOpusClip] { lock.withLock { clips.sorted { $0.rawValue < $1.rawValue } } }

    /// What the report says of them.
    var summary: String? {
        let all = sorted
        return all.isEmpty ? nil : all.map(\.name).joined(separator: " and ")
    }
}
