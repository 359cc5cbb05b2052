/// What `LoadWindow` measures: a process carrying the generator's calls (gatewayd, or
/// rtpengine side by side) and the media threads that play both ends of them.
protocol LoadTarget: AnyObject {
    /// For messages: "gatewayd", "rtpengine".
    var name: String { get }
    /// The process whose CPU and memory are measured, while it runs.
    var measuredPID: Int32? { get }
    var workers: [LoadWorker] { get }
    var callCount: Int { get }
    var lateLimitNanoseconds: Int64 { get }
    /// Its allocation count, when the probe library is preloaded into it.
    var allocations: AllocationProbe? { get }
    /// Starts a new window for the loss the system itself reports.
    func resetQuality()
    /// Calls its signaling no longer reports connected, and the worst loss it reported.
    func callStatus() -> (notConnected: Int, worstReportedLossPercent: Double)
    func logTail() -> String
}
