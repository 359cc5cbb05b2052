/// Running totals of one kind of load leg (the browsers', or the phones') on one media
/// thread: what was sent to the gateway and what came back. Only counters that grow, so a
/// measuring window is the difference of two readings.
struct LegTotals: Sendable, Equatable, Codable {
    /// Legs carrying media now (not a counter).
    var legsUp = 0
    var sent = 0
    /// Sends the kernel refused (a full socket buffer): the generator's own loss.
    var sendFailures = 0
    /// Media packets received and accepted (SRTP authenticated for browsers).
    var received = 0
    /// Packets the gateway's sequence numbers account for (RFC 3550 A.3).
    var expected = 0
    /// Packets later than the lateness limit (see `StreamReception`).
    var late = 0
    /// Largest lateness since the window began (media threads restart it).
    var maxLatenessNanoseconds: Int64 = 0
    /// Packets that were not the gateway's media: failed SRTP or RTP checks.
    var rejected = 0
    /// RTCP packets received (the gateway's reports; not counted as media).
    var rtcp = 0
    /// RTCP compound packets sent (a browser's reports, as libwebrtc sends them).
    var rtcpSent = 0
    /// How long the gateway took to pass each received packet on: from the other leg's send
    /// to this leg's kernel receive stamp (`DelayMatcher`).
    var delays = DelayHistogram()
    /// Largest such delay since the window began (media threads restart it).
    var maxDelayNanoseconds: Int64 = 0

    var lost: Int { max(0, expected - received) }

    func since(_ earlier: LegTotals) -> LegTotals {
        LegTotals(legsUp: legsUp, sent: sent - earlier.sent, sendFailures: sendFailures - earlier.sendFailures,
                  received: received - earlier.received, expected: expected - earlier.expected,
                  late: late - earlier.late, maxLatenessNanoseconds: maxLatenessNanoseconds,
                  rejected: rejected - earlier.rejected, rtcp: rtcp - earlier.rtcp, rtcpSent: rtcpSent - earlier.rtcpSent,
                  delays: delays.since(earlier.delays), maxDelayNanoseconds: maxDelayNanoseconds)
    }

    static func + (a: LegTotals, b: LegTotals) -> LegTotals {
        LegTotals(legsUp: a.legsUp + b.legsUp, sent: a.sent + b.sent, sendFailures: a.sendFailures + b.sendFailures,
                  received: a.received + b.received, expected: a.expected + b.expected, late: a.late + b.late,
                  maxLatenessNanoseconds: max(a.maxLatenessNanoseconds, b.maxLatenessNanoseconds),
                  rejected: a.rejected + b.rejected, rtcp: a.rtcp + b.rtcp, rtcpSent: a.rtcpSent + b.rtcpSent,
                  delays: a.delays + b.delays,
                  maxDelayNanoseconds: max(a.maxDelayNanoseconds, b.maxDelayNanoseconds))
    }

    /// Counts one received media packet and, when it could be paired with what the other
    /// leg sent, the gateway's delay.
    mutating func count(_ update: StreamReception.Update, lateLimit: Int64, delay: Int64?) {
        if let delay {
            delays.record(nanoseconds: delay)
            maxDelayNanoseconds = max(maxDelayNanoseconds, delay)
        }
        received += 1
        expected += update.expectedIncrease
        if update.deviation > lateLimit { late += 1 }
        maxLatenessNanoseconds = max(maxLatenessNanoseconds, update.deviation)
    }
}

/// Everything one media thread publishes: both kinds of legs, its tick lateness, and the
/// window mark it has seen (`LoadWorker.beginWindow`).
struct WorkerTotals: Sendable, Equatable {
    var browser = LegTotals()
    var phone = LegTotals()
    var ticks = TickLateness()
    var windowMark = 0
    /// Legs that failed to set up, with the first reason.
    var failedLegs = 0
    var firstFailure: String?
    /// Browser legs let go once SRTP was up (`gateway-bench setup`).
    var setupsCompleted = 0

    static func + (a: WorkerTotals, b: WorkerTotals) -> WorkerTotals {
        WorkerTotals(browser: a.browser + b.browser, phone: a.phone + b.phone, ticks: a.ticks + b.ticks,
                     windowMark: min(a.windowMark, b.windowMark), failedLegs: a.failedLegs + b.failedLegs,
                     firstFailure: a.firstFailure ?? b.firstFailure, setupsCompleted: a.setupsCompleted + b.setupsCompleted)
    }
}
