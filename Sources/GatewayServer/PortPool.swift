/// The configured RTP port range, handed out round-robin so a port just
/// released is not reused at once (late packets of the old call stay harmless).
struct PortPool: Sendable {
    let range: ClosedRange<Int>
    private var inUse: Set<Int> = []
    private var cursor: Int

    init(range: ClosedRange<Int>) {
        self.range = range
        self.cursor = range.lowerBound
    }

    /// The next free port (even ones first, as RTP prefers, RFC 3550 §11), or nil when all are taken.
    mutating func take() -> Int? {
        let count = range.count
        for _ in 0..<count {
            let port = cursor
            cursor = cursor >= range.upperBound ? range.lowerBound : cursor + 1
            if port % 2 == 0, !inUse.contains(port) {
                inUse.insert(port)
                return port
            }
        }
        return nil
    }

    mutating func giveBack(_ port: Int) {
        inUse.remove(port)
    }

    /// Even ports not in use. Counted from the first and last even port, since
    /// `range.count / 2` is one short when both bounds are even.
    var available: Int {
        let first = range.lowerBound + range.lowerBound % 2
        let last = range.upperBound - range.upperBound % 2
        return (last >= first ? (last - first) / 2 + 1 : 0) - inUse.count
    }
}
