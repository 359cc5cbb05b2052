internal import COpus

/// The audio bandwidths an Opus encoder can code (RFC 6716 §2), each named by the sample
/// rate that carries it.
public enum OpusBandwidth: Int32, Sendable, CaseIterable, Comparable {
    /// 4 kHz of audio, 8 kHz sampling.
    case narrowband = 8000
    /// 6 kHz of audio, 12 kHz sampling.
    case mediumband = 12000
    /// 8 kHz of audio, 16 kHz sampling.
    case wideband = 16000
    /// 12 kHz of audio, 24 kHz sampling.
    case superWideband = 24000
    /// 20 kHz of audio, 48 kHz sampling.
    case fullband = 48000

    /// The widest bandwidth a receiver that plays back at `rate` Hz can use (RFC 7587 §6.1
    /// `maxplaybackrate`): narrowband up to 8000, and so on up to fullband.
    public init(playbackRate rate: Int) {
        self = Self.allCases.first { Int($0.rawValue) >= rate } ?? .fullband
    }

    public static func < (lhs: OpusBandwidth, rhs: OpusBandwidth) -> Bool { lhs.rawValue < rhs.rawValue }

    init?(libopusValue: Int32) {
        guard let bandwidth = Self.allCases.first(where: { $0.libopusValue == libopusValue }) else { return nil }
        self = bandwidth
    }

    /// libopus' `OPUS_BANDWIDTH_*` value.
    var libopusValue: Int32 {
        switch self {
        case .narrowband: OPUS_BANDWIDTH_NARROWBAND
        case .mediumband: OPUS_BANDWIDTH_MEDIUMBAND
        case .wideband: OPUS_BANDWIDTH_WIDEBAND
        case .superWideband: OPUS_BANDWIDTH_SUPERWIDEBAND
        case .fullband: OPUS_BANDWIDTH_FULLBAND
        }
    }
}
