import Foundation
import Gateway
import RTP
import Store

/// Call quality from RTCP (LegRTCP): each leg's figures go live to the call's browser,
/// warnings are logged and counted when raised, and the whole-call figures go into the
/// call record and the metrics when the call's media closes.
extension CallEngine {
    /// The reports the media loops left in the inbox since the last probe, in order.
    func takeQualityReports() {
        mediaFactory.inbox.takeQualityReports(into: &takenQualityReports)
        for (key, report) in takenQualityReports { qualityReported(key, report) }
        takenQualityReports.removeAll(keepingCapacity: true)
    }

    func qualityReported(_ key: String, _ report: QualityReport) {
        guard let call = calls[key] else { return }
        call.quality.byLeg[report.leg] = report
        for warning in report.raised.sorted() {
            qualityTotals.raised(warning, on: report.leg)
            logger.notice("call quality warning", metadata: [
                "call": "\(key)", "leg": "\(report.leg.rawValue)", "warning": "\(warning.rawValue)",
                "mos": "\(report.quality.meanOpinionScore)", "loss_percent": "\(report.quality.worstLossPercent)",
                "jitter_ms": "\(report.quality.jitterMilliseconds)",
                "rtt_ms": "\(report.quality.roundTripMilliseconds.map { "\($0)" } ?? "unknown")",
            ])
        }
        guard let web = call.web else { return }
        send(.quality(callId: web.callID, leg: report.leg.rawValue, quality: report.quality,
                      warnings: report.warnings.sorted().map(\.rawValue)), to: web.connectionID)
    }

    /// The whole-call figures of each leg that reported, once, as the media closes (after
    /// the reports still waiting in the inbox, so the record has the last interval).
    func recordQuality(of call: ActiveCall) {
        takeQualityReports()
        for leg in [MediaLegKind.browser, .trunk] {
            guard let report = call.quality.byLeg[leg] else { continue }
            qualityTotals.ended(report.summary, on: leg)
            recorder.event(id: call.key, CallRecordEvent(at: Date(), kind: "quality",
                                                         detail: report.summary.recordDetail(leg: leg)))
        }
    }
}

extension LegQualitySummary {
    /// `trunk: MOS 4.38 (min 4.21), loss 0.4% (worst interval 2.1%), jitter max 3.2 ms,
    /// RTT 12.0 ms (max 15.5 ms), 1500 packets in, 1498 out`.
    func recordDetail(leg: MediaLegKind) -> String {
        func format(_ value: Double, _ places: Int = 1) -> String { String(format: "%.\(places)f", value) }
        var parts: [String] = []
        if let mos = averageMeanOpinionScore {
            parts.append("MOS \(format(mos, 2))" + (minimumMeanOpinionScore.map { " (min \(format($0, 2)))" } ?? ""))
        }
        parts.append("loss \(format(lossPercent))% (worst interval \(format(maximumLossPercent))%)")
        parts.append("jitter max \(format(maximumJitterMilliseconds)) ms")
        if let rtt = averageRoundTripMilliseconds {
            parts.append("RTT \(format(rtt)) ms" + (maximumRoundTripMilliseconds.map { " (max \(format($0)) ms)" } ?? ""))
        }
        parts.append("\(packetsReceived) packets in, \(packetsSent) out")
        return "\(leg.rawValue): " + parts.joined(separator: ", ")
    }
}

/// A call's latest RTCP figures, per leg. A class: storing a report every few seconds then
/// leaves the call's entry in `calls` as it is (changing a value that large in place through
/// a dictionary allocates every time). Confined to the engine, like the call.
final class LegQualityReports: @unchecked Sendable {
    var byLeg: [MediaLegKind: QualityReport] = [:]
}

/// Running totals behind the quality metrics.
struct QualityTotals: Sendable {
    /// Upper bounds of the MOS histogram's buckets (+Inf implied).
    static let mosBuckets: [Double] = [1, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.4]
    /// Upper bounds, in seconds, of the jitter histogram's buckets (+Inf implied).
    static let jitterBuckets: [Double] = [0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2]

    struct Leg: Sendable {
        var mosCounts = [Int](repeating: 0, count: QualityTotals.mosBuckets.count)
        var mosCount = 0
        var mosSum = 0.0
        var packetsReceived: UInt64 = 0
        var packetsLost: UInt64 = 0
        var jitterCounts = [Int](repeating: 0, count: QualityTotals.jitterBuckets.count)
        var jitterCount = 0
        var jitterSum = 0.0
    }

    struct WarningKey: Hashable, Sendable {
        let leg: MediaLegKind
        let warning: QualityWarning
    }

    private(set) var legs: [MediaLegKind: Leg] = [:]
    private(set) var warnings: [WarningKey: Int] = [:]

    mutating func raised(_ warning: QualityWarning, on leg: MediaLegKind) {
        warnings[WarningKey(leg: leg, warning: warning), default: 0] += 1
    }

    mutating func ended(_ summary: LegQualitySummary, on leg: MediaLegKind) {
        var totals = legs[leg] ?? Leg()
        totals.packetsReceived += UInt64(summary.packetsReceived)
        totals.packetsLost += UInt64(max(0, summary.packetsLost))
        if let mos = summary.averageMeanOpinionScore {
            totals.mosCount += 1
            totals.mosSum += mos
            for (index, bound) in Self.mosBuckets.enumerated() where mos <= bound { totals.mosCounts[index] += 1 }
        }
        if summary.reports > 0 {
            let jitter = summary.maximumJitterMilliseconds / 1000
            totals.jitterCount += 1
            totals.jitterSum += jitter
            for (index, bound) in Self.jitterBuckets.enumerated() where jitter <= bound { totals.jitterCounts[index] += 1 }
        }
        legs[leg] = totals
    }
}
