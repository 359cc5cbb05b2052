import Foundation
import NIOCore
import Gateway
import RTP

/// Which leg of a call quality figures describe, as the browser, the call record and
/// the metrics name it.
enum MediaLegKind: String, Sendable {
    case browser
    case trunk
}

/// One leg's figures after a report interval, on their way to the engine.
struct QualityReport: Sendable {
    let leg: MediaLegKind
    var quality: LegQuality
    let summary: LegQualitySummary
    /// The warnings in force (`QualityWatch`), and those this interval newly raised.
    let warnings: Set<QualityWarning>
    let raised: Set<QualityWarning>
}

/// The media runtime's clock for RTCP: monotonic nanoseconds, and one NTP mapping read
/// from the wall clock at start-up (RFC 3550 §4) shared by every leg.
enum MediaClock {
    static let ntp = NTPClock(unixNanoseconds: Int64(Date().timeIntervalSince1970 * 1e9), atMonotonic: nanoseconds())

    static func nanoseconds() -> Int64 { Int64(clamping: NIODeadline.now().uptimeNanoseconds) }
}

/// RTCP of one leg on its event loop: feeds the leg's `RTCPReporter` with what is sent
/// and received, sends a compound report at RFC 3550 §6.3 intervals (5 s on average,
/// each randomised to 0.5–1.5 times that, the first one sooner), and hands the figures
/// and warnings of each interval to `onReport`. `send` puts a compound packet on the wire
/// (plain RTCP toward a trunk, SRTCP toward a browser); reports are written into the loop's
/// report buffer, so none allocates.
final class LegRTCP {
    static let averageInterval: Double = 5

    private let loop: MediaEventLoop
    private let kind: MediaLegKind
    private(set) var reporter: RTCPReporter
    private var watch: QualityWatch
    private let send: (UnsafeRawBufferPointer) -> Void
    /// Where each report is written before `send`: the loop's.
    private var outgoing: UnsafeMutableRawBufferPointer { loop.reportBuffer }
    private var task: MediaTimer?
    private var stopped = false
    var onReport: ((QualityReport) -> Void)?
    /// Called with each new fraction lost (in 1/256) the far end reports about this side's
    /// stream.
    var onFarEndLoss: ((UInt8) -> Void)?

    init(kind: MediaLegKind, loop: MediaEventLoop, ssrc: UInt32, clockRate: Int, codec: EModel.CodecImpairment,
         thresholds: QualityThresholds = QualityThresholds(), send: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.kind = kind
        self.loop = loop
        self.send = send
        self.watch = QualityWatch(thresholds: thresholds)
        // RFC 7022: a random CNAME per stream, so reports reveal nothing about the host.
        let cname = (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }.joined()
        self.reporter = RTCPReporter(localSSRC: ssrc, cname: cname, clockRate: clockRate, codec: codec, ntp: MediaClock.ntp)
    }

    /// The limits its warnings are raised at.
    var thresholds: QualityThresholds {
        get { watch.thresholds }
        set { watch.thresholds = newValue }
    }

    /// This side sends a new stream (a new browser leg).
    func restart(localSSRC: UInt32) {
        reporter.restart(localSSRC: localSSRC)
    }

    /// The leg changed codec: its clock rate and the MOS assumptions follow.
    func use(clockRate: Int, codec: EModel.CodecImpairment) {
        reporter.clockRate = clockRate
        reporter.codec = codec
    }

    /// Starts the report timer (once).
    func start() {
        guard task == nil, !stopped else { return }
        // RFC 3550 §6.2: the first report may go after half the minimum interval.
        schedule(after: Self.averageInterval / 2 * Double.random(in: 0.5...1.5))
    }

    /// Stops reporting; with `goodbye`, a last BYE tells the far end the stream ends (§6.6).
    func stop(goodbye: Bool) {
        guard !stopped else { return }
        stopped = true
        task?.cancel()
        if goodbye, task != nil {
            write([.receiverReport(RTCPReceiverReport(ssrc: reporter.localSSRC)),
                   .goodbye(RTCPGoodbye(sources: [reporter.localSSRC]))])
        }
    }

    func sent(payloadBytes: Int, timestamp: UInt32) {
        reporter.sent(payloadBytes: payloadBytes, timestamp: timestamp, nowNanoseconds: MediaClock.nanoseconds())
    }

    func received(_ header: RTPHeader) {
        reporter.received(ssrc: header.ssrc, sequenceNumber: header.sequenceNumber, timestamp: header.timestamp,
                          nowNanoseconds: MediaClock.nanoseconds())
    }

    /// A compound RTCP packet from the far end, read in place; one that does not parse is ignored.
    func received(rtcp bytes: UnsafeRawBufferPointer) {
        let reportsBefore = reporter.farEndReports
        do throws(RTCPParseError) {
            try reporter.received(rtcp: bytes, nowNanoseconds: MediaClock.nanoseconds())
        } catch {
            return
        }
        if reporter.farEndReports != reportsBefore, let lost = reporter.farEndFractionLost { onFarEndLoss?(lost) }
    }

    private func schedule(after seconds: Double) {
        // Held strongly until `stop`, which the leg's owner calls as it closes.
        task = loop.repeating(after: Self.nanoseconds(seconds)) {
            guard !self.stopped else { return nil }
            self.report()
            return Self.nanoseconds(Self.averageInterval * Double.random(in: 0.5...1.5))
        }
    }

    private static func nanoseconds(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }

    private func write(_ packets: [RTCPPacket]) {
        sendWritten(RTCPPacket.writeCompound(packets, to: outgoing))
    }

    /// Sends the first `length` bytes of `outgoing`; nothing when nothing was written.
    private func sendWritten(_ length: Int) {
        if length > 0 { send(UnsafeRawBufferPointer(rebasing: outgoing[..<length])) }
    }

    private func report() {
        sendWritten(reporter.writeReport(into: outgoing, nowNanoseconds: MediaClock.nanoseconds()))
        let before = watch.active
        _ = watch.update(reporter.quality)
        onReport?(QualityReport(leg: kind, quality: reporter.quality, summary: reporter.summary,
                                warnings: watch.active, raised: watch.active.subtracting(before)))
    }
}

extension EModel.CodecImpairment {
    /// The MOS assumptions for a trunk codec.
    static func trunk(_ codec: TrunkCodec) -> EModel.CodecImpairment {
        switch codec {
        case .pcmu, .pcma: return .g711
        case .g722: return .g722
        case .opus: return .opus
        }
    }
}
