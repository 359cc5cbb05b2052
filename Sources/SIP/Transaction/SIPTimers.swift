/// Transaction timer base values (RFC 3261 §17.1.1.1, Table 4). Tests and the
/// gateway may lower T1 to make timeouts fast; the derived timers follow.
public struct SIPTimers: Sendable, Hashable {
    /// RTT estimate; 500 ms by default.
    public var t1: Duration
    /// Maximum retransmit interval for non-INVITE requests and INVITE responses; 4 s.
    public var t2: Duration
    /// Maximum time a message stays in the network; 5 s.
    public var t4: Duration
    /// Timer D: how long an INVITE client transaction absorbs final-response
    /// retransmissions over an unreliable transport (at least 32 s).
    public var timerD: Duration
    /// How long an INVITE server transaction waits for the TU before it sends
    /// 100 Trying itself (RFC 3261 §17.2.1: "200 ms"). Zero sends it at once.
    public var tryingDelay: Duration

    public init(t1: Duration = .milliseconds(500), t2: Duration = .seconds(4), t4: Duration = .seconds(5),
                timerD: Duration = .seconds(32), tryingDelay: Duration = .milliseconds(200)) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
        self.timerD = timerD
        self.tryingDelay = tryingDelay
    }

    public static let rfc3261 = SIPTimers()

    /// 64·T1: Timers B, F, H, J and the RFC 6026 Timer L.
    var transactionTimeout: Duration { t1 * 64 }
}
