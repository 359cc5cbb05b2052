/// Which source a trunk's media is accepted from (no RTP hijacking): the address
/// and port its SDP named; or, if the first packets from that address arrive from
/// another port (a NAT rewrote it), that port, latched once (symmetric RTP,
/// RFC 4961). Nothing from any other address is ever accepted, and media is sent
/// back where it is accepted from.
struct TrunkSourceFilter: Sendable, Equatable {
    struct Source: Sendable, Equatable {
        var host: String
        var port: Int
    }

    private(set) var expected: Source?
    private(set) var latched: Source?

    /// The trunk's SDP named a (new) address: forget any earlier latch.
    mutating func expect(host: String, port: Int) {
        let source = Source(host: host, port: port)
        guard source != expected else { return }
        expected = source
        latched = nil
    }

    /// Where to send: the latched source, else the SDP's address.
    var destination: Source? { latched ?? expected }

    /// Whether an RTP packet from `host:port` is the trunk's.
    mutating func acceptRTP(host: String, port: Int) -> Bool {
        guard let expected, host == expected.host else { return false }
        if let latched { return port == latched.port }
        latched = Source(host: host, port: port)
        return true
    }

    /// RTCP comes from the RTP port + 1 (RFC 3550 §11) or, muxed, the RTP port;
    /// only the trunk's address is accepted.
    func acceptRTCP(host: String) -> Bool {
        host == expected?.host
    }
}
