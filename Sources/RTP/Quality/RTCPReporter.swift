/// RTCP for one leg (RFC 3550 §6): counts what the leg sends, tracks the one source it
/// receives, builds the periodic compound report (SR or RR, then SDES CNAME) and reads
/// the far end's reports for its view of this side's stream and the round-trip time.
/// After each report it holds the leg's `quality` and a whole-call `summary`.
///
/// A value type with no I/O: time comes in as nanoseconds on one monotonic timeline,
/// turned into NTP time by `ntp`.
public struct RTCPReporter: Sendable {
    public private(set) var localSSRC: UInt32
    public let cname: String
    /// The RTP clock rate of both directions of this leg (48000 for Opus, 8000 for
    /// G.711 and G.722, RFC 3551 §4.5.2).
    public var clockRate: Int
    /// The codec the MOS estimate assumes.
    public var codec: EModel.CodecImpairment
    public let ntp: NTPClock

    private var remote: ReceiveStatistics?
    private var packetsSent: UInt32 = 0
    private var octetsSent: UInt32 = 0
    private var lastSent: (timestamp: UInt32, nanoseconds: Int64)?
    private var sentSinceReport = false
    private var farEnd: RTCPReportBlock?
    /// Report blocks received about this side's stream, so a caller can tell a new one.
    public private(set) var farEndReports = 0
    /// The fraction lost (RFC 3550 §6.4.1, in 1/256) of the far end's latest report block
    /// about this side's stream.
    public var farEndFractionLost: UInt8? { farEnd?.fractionLost }
    private var roundTripMilliseconds: Double?
    private var intervalLossPercent = 0.0
    /// Counts of the streams that already ended on this leg (a restart of ours, a new
    /// SSRC from the far end), so the whole-call summary keeps counting past them.
    private var endedReceived: UInt32 = 0
    private var endedLost: Int32 = 0
    private var endedSent: UInt32 = 0

    /// How far below zero (in 1/65536 s: 5 ms) a computed round trip may fall and still be
    /// read as 0 rather than as a bad report.
    static let roundTripSlack: UInt32 = 328

    public private(set) var quality = LegQuality()
    public private(set) var summary = LegQualitySummary()

    public init(localSSRC: UInt32, cname: String, clockRate: Int, codec: EModel.CodecImpairment, ntp: NTPClock) {
        self.localSSRC = localSSRC
        self.cname = cname
        self.clockRate = max(1, clockRate)
        self.codec = codec
        self.ntp = ntp
    }

    /// This side starts a new stream (a new SSRC, e.g. toward a browser that came back
    /// on a new peer connection): its sender counts and the far end's view of the old
    /// stream start afresh; the whole-call summary goes on.
    public mutating func restart(localSSRC ssrc: UInt32) {
        localSSRC = ssrc
        endedSent &+= packetsSent
        packetsSent = 0
        octetsSent = 0
        lastSent = nil
        sentSinceReport = false
        farEnd = nil
        roundTripMilliseconds = nil
        endRemoteStream()
    }

    /// The far end's stream is over: its counts move into the whole-call totals.
    private mutating func endRemoteStream() {
        guard let stream = remote else { return }
        endedReceived &+= stream.received
        endedLost &+= max(0, stream.cumulativeLost)
        remote = nil
    }

    // MARK: RTP traffic

    /// One RTP packet this side sent.
    public mutating func sent(payloadBytes: Int, timestamp: UInt32, nowNanoseconds: Int64) {
        packetsSent &+= 1
        octetsSent &+= UInt32(truncatingIfNeeded: max(0, payloadBytes))
        lastSent = (timestamp, nowNanoseconds)
        sentSinceReport = true
    }

    /// One RTP packet received from the far end. A new SSRC starts its statistics
    /// afresh (the far end restarted its stream).
    public mutating func received(ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32, nowNanoseconds: Int64) {
        if remote?.ssrc != ssrc {
            endRemoteStream()
            remote = ReceiveStatistics(ssrc: ssrc)
        }
        let arrival = streamTicks(nowNanoseconds)
        remote?.record(sequenceNumber: sequenceNumber, timestamp: timestamp, arrival: arrival)
    }

    /// The monotonic time on this leg's RTP clock, modulo 2^32: only differences matter
    /// (RFC 3550 A.8), and splitting seconds from the rest keeps the product exact.
    private func streamTicks(_ nanoseconds: Int64) -> UInt32 {
        let positive = UInt64(max(0, nanoseconds))
        let rate = UInt64(clockRate)
        let ticks = (positive / 1_000_000_000) &* rate &+ (positive % 1_000_000_000) * rate / 1_000_000_000
        return UInt32(truncatingIfNeeded: ticks)
    }

    // MARK: RTCP in

    /// A compound RTCP packet from the far end.
    public mutating func received(rtcp packets: [RTCPPacket], nowNanoseconds: Int64) {
        for packet in packets {
            switch packet {
            case .senderReport(let report):
                if report.ssrc == remote?.ssrc {
                    remote?.recordSenderReport(report.senderInfo, arrivalNanoseconds: nowNanoseconds)
                }
                readBlocks(report.reportBlocks, nowNanoseconds: nowNanoseconds)
            case .receiverReport(let report):
                readBlocks(report.reportBlocks, nowNanoseconds: nowNanoseconds)
            default:
                continue
            }
        }
    }

    /// A compound RTCP packet from the far end, read where it lies: what
    /// `received(rtcp: RTCPPacket.parseCompound(bytes), nowNanoseconds:)` does, without
    /// making the packets (nothing is allocated). A compound that does not parse changes
    /// nothing and is refused with the parser's error.
    public mutating func received(rtcp bytes: UnsafeRawBufferPointer, nowNanoseconds: Int64) throws(RTCPParseError) {
        try RTCPPacket.forEachPacket(in: bytes) { packetType, count, body in
            switch packetType {
            case RTCPPacket.PacketType.senderReport:
                if body.uint32(at: 0) == remote?.ssrc {
                    remote?.recordSenderReport(RTCPPacket.senderInfo(body), arrivalNanoseconds: nowNanoseconds)
                }
                readBlocks(in: body, from: 24, count: count, nowNanoseconds: nowNanoseconds)
            case RTCPPacket.PacketType.receiverReport:
                readBlocks(in: body, from: 4, count: count, nowNanoseconds: nowNanoseconds)
            default:
                break
            }
        }
    }

    private mutating func readBlocks(_ blocks: [RTCPReportBlock], nowNanoseconds: Int64) {
        guard let block = blocks.first(where: { $0.ssrc == localSSRC }) else { return }
        read(block, nowNanoseconds: nowNanoseconds)
    }

    /// The first of an SR or RR body's `count` report blocks that is about this side's stream.
    private mutating func readBlocks(in body: UnsafeRawBufferPointer, from start: Int, count: UInt8, nowNanoseconds: Int64) {
        for index in 0..<Int(count) where body.uint32(at: start + index * RTCPReportBlock.length) == localSSRC {
            read(RTCPPacket.reportBlock(body, from: start, index: index), nowNanoseconds: nowNanoseconds)
            return
        }
    }

    /// The far end's report block on this side's stream: its loss and jitter, and the round trip.
    private mutating func read(_ block: RTCPReportBlock, nowNanoseconds: Int64) {
        farEnd = block
        farEndReports += 1
        // RFC 3550 §6.4.1: RTT = A − LSR − DLSR, all in 1/65536 s; LSR 0 means "no SR yet".
        guard block.lastSenderReport != 0 else { return }
        let arrival = ntp.compact(atNanoseconds: nowNanoseconds)
        let roundTrip = arrival &- block.lastSenderReport &- block.delaySinceLastSenderReport
        if roundTrip < 1 << 31 {
            roundTripMilliseconds = Double(roundTrip) * 1000 / 65536
        } else if 0 &- roundTrip <= Self.roundTripSlack {
            // Slightly below zero: a peer that rounds DLSR to the millisecond, on a path
            // faster than that (loopback, a LAN). The round trip is as good as nothing.
            roundTripMilliseconds = 0
        }
        // Further below zero the report answers an SR from the future: it is ignored.
    }

    // MARK: RTCP out

    /// The compound report to send now (RFC 3550 §6.4): an SR when this side sent RTP
    /// since the last report, else an RR; a report block on the far end's stream once it
    /// is valid; then SDES with the CNAME (§6.1: every compound packet carries one).
    /// Also closes the report interval: `quality` and `summary` are updated.
    public mutating func makeReport(nowNanoseconds: Int64) -> [RTCPPacket] {
        let (info, block) = closeInterval(nowNanoseconds: nowNanoseconds)
        let blocks = block.map { [$0] } ?? []
        return [
            info.map { .senderReport(RTCPSenderReport(ssrc: localSSRC, senderInfo: $0, reportBlocks: blocks)) }
                ?? .receiverReport(RTCPReceiverReport(ssrc: localSSRC, reportBlocks: blocks)),
            .sourceDescription(RTCPSourceDescription(source: localSSRC, cname: cname)),
        ]
    }

    /// The same report as `makeReport`, written as a compound packet at the start of
    /// `buffer` without allocating (a call sends one every few seconds on each leg); the
    /// bytes written, or 0 when the buffer is too small (the interval is closed anyway).
    public mutating func writeReport(into buffer: UnsafeMutableRawBufferPointer, nowNanoseconds: Int64) -> Int {
        let (info, block) = closeInterval(nowNanoseconds: nowNanoseconds)
        // The block, or none: a collection without an array.
        let blocks = CollectionOfOne(block ?? RTCPReportBlock(ssrc: 0)).prefix(block == nil ? 0 : 1)
        let report = info.map { RTCPSenderReport.write(ssrc: localSSRC, senderInfo: $0, reportBlocks: blocks, to: buffer) }
            ?? RTCPReceiverReport.write(ssrc: localSSRC, reportBlocks: blocks, to: buffer)
        guard report > 0 else { return 0 }
        let description = RTCPSourceDescription.write(
            source: localSSRC, item: .init(type: RTCPSourceDescription.Item.cname, text: cname),
            to: UnsafeMutableRawBufferPointer(rebasing: buffer[report...]))
        return description > 0 ? report + description : 0
    }

    /// Ends a report interval (RFC 3550 §6.4): the sender info when this side sent RTP
    /// since the last report, a report block on the far end's stream once it is valid; the
    /// quality figures and summary are updated.
    private mutating func closeInterval(nowNanoseconds: Int64) -> (info: RTCPSenderInfo?, block: RTCPReportBlock?) {
        var block: RTCPReportBlock?
        if var stats = remote, stats.isValid {
            let made = stats.makeReportBlock(nowNanoseconds: nowNanoseconds)
            remote = stats
            intervalLossPercent = Double(made.fractionLost) * 100 / 256
            block = made
        }
        var info: RTCPSenderInfo?
        if sentSinceReport, let lastSent {
            let elapsed = UInt64(max(0, nowNanoseconds - lastSent.nanoseconds))
            let rtpNow = lastSent.timestamp &+ UInt32(truncatingIfNeeded: elapsed * UInt64(clockRate) / 1_000_000_000)
            info = RTCPSenderInfo(ntpTimestamp: ntp.ntpTimestamp(atNanoseconds: nowNanoseconds),
                                  rtpTimestamp: rtpNow, packetCount: packetsSent, octetCount: octetsSent)
        }
        sentSinceReport = false
        updateQuality()
        return (info, block)
    }

    private mutating func updateQuality() {
        var figures = LegQuality()
        figures.packetsReceived = remote?.received ?? 0
        figures.packetsLost = max(0, remote?.cumulativeLost ?? 0)
        figures.packetsSent = packetsSent
        figures.lossPercent = intervalLossPercent
        figures.jitterMilliseconds = milliseconds(ticks: remote?.jitter ?? 0)
        if let farEnd {
            figures.farEndLossPercent = Double(farEnd.fractionLost) * 100 / 256
            figures.farEndJitterMilliseconds = milliseconds(ticks: farEnd.jitter)
        }
        figures.roundTripMilliseconds = roundTripMilliseconds
        figures.meanOpinionScore = LegQuality.estimate(
            lossPercent: figures.worstLossPercent, roundTripMilliseconds: roundTripMilliseconds,
            jitterMilliseconds: max(figures.jitterMilliseconds, figures.farEndJitterMilliseconds ?? 0), codec: codec)
        quality = figures
        // The live figures are the current streams'; the summary counts the whole call.
        var wholeCall = figures
        wholeCall.packetsReceived = endedReceived &+ figures.packetsReceived
        wholeCall.packetsLost = endedLost &+ figures.packetsLost
        wholeCall.packetsSent = endedSent &+ figures.packetsSent
        summary.add(wholeCall)
    }

    private func milliseconds(ticks: UInt32) -> Double { Double(ticks) * 1000 / Double(clockRate) }
}
