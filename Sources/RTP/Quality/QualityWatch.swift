/// The limits beyond which a leg's quality is worth a warning.
public struct QualityThresholds: Sendable, Hashable {
    /// ITU-T G.114 keeps one-way delay under 150 ms for most users; 400 ms round trip
    /// is where conversation starts to suffer.
    public var roundTripMilliseconds: Double = 400
    public var jitterMilliseconds: Double = 40
    public var lossPercent: Double = 3
    /// Below 3.6 most users are dissatisfied (G.107 Annex B: R 70).
    public var meanOpinionScore: Double = 3.6

    public init() {}
}

/// What can be wrong with a leg, as the browser and the call record name it.
public enum QualityWarning: String, Sendable, Hashable, CaseIterable, Comparable {
    case highRoundTrip = "high_rtt"
    case highJitter = "high_jitter"
    case highLoss = "high_loss"
    case lowMOS = "low_mos"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Turns each report interval's figures into the set of warnings in force. A warning is
/// raised by one bad interval and cleared only after `clearAfter` good ones in a row, so a
/// leg hovering at a limit does not flap.
public struct QualityWatch: Sendable {
    public var thresholds: QualityThresholds
    public let clearAfter: Int
    public private(set) var active: Set<QualityWarning> = []
    private var goodRuns: [QualityWarning: Int] = [:]

    public init(thresholds: QualityThresholds = QualityThresholds(), clearAfter: Int = 2) {
        self.thresholds = thresholds
        self.clearAfter = max(1, clearAfter)
    }

    /// The warnings the figures show on their own, without hysteresis.
    public func warnings(in quality: LegQuality) -> Set<QualityWarning> {
        var found: Set<QualityWarning> = []
        if let rtt = quality.roundTripMilliseconds, rtt >= thresholds.roundTripMilliseconds { found.insert(.highRoundTrip) }
        if max(quality.jitterMilliseconds, quality.farEndJitterMilliseconds ?? 0) >= thresholds.jitterMilliseconds {
            found.insert(.highJitter)
        }
        if quality.worstLossPercent >= thresholds.lossPercent { found.insert(.highLoss) }
        if quality.meanOpinionScore < thresholds.meanOpinionScore { found.insert(.lowMOS) }
        return found
    }

    /// Feeds one interval; returns the new set of active warnings when it changed.
    public mutating func update(_ quality: LegQuality) -> Set<QualityWarning>? {
        let before = active
        let now = warnings(in: quality)
        for warning in QualityWarning.allCases {
            if now.contains(warning) {
                active.insert(warning)
                goodRuns[warning] = 0
            } else if active.contains(warning) {
                let run = (goodRuns[warning] ?? 0) + 1
                goodRuns[warning] = run
                if run >= clearAfter { active.remove(warning) }
            }
        }
        return active == before ? nil : active
    }
}
