/// How much packet loss the Opus encoder toward a browser plans for, following the loss the
/// browser reports about that stream (RTCP receiver reports, RFC 3550 §6.4.1 "fraction
/// lost"), as libwebrtc does for its own senders.
///
/// In-band FEC (RFC 6716 §2.1.7, LBRR) is produced only while the planned loss is above
/// zero, and re-encodes part of every frame at a lower rate: on a clean path it is work the
/// browser never uses. So the plan starts at 0 %, rises at once to what a report says, and
/// falls back by half per report that says less, so one clean interval on a lossy path
/// does not drop the protection. Capped at `maximumPercent`: past that the encoder would
/// spend most of its bits on redundancy.
public struct OpusLossAdaptation: Sendable, Equatable {
    public static let maximumPercent: Int32 = 30

    /// The loss the encoder plans for now, in percent.
    public private(set) var percent: Int32 = 0

    public init() {}

    /// A report's fraction lost (0–255, in 1/256) about the stream the encoder makes.
    /// Returns the new plan when it changed, nil when it stays.
    public mutating func reported(fractionLost: UInt8) -> Int32? {
        // Rounded up: any loss reported counts as at least 1 %.
        let reported = Int32((Int(fractionLost) * 100 + 255) / 256)
        let next = reported >= percent ? min(reported, Self.maximumPercent) : max(reported, percent / 2)
        guard next != percent else { return nil }
        percent = next
        return next
    }
}
