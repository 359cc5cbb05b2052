import Testing
@testable import GatewayServer

@Suite struct TrunkSourceFilterTests {
    func accept(_ filter: inout TrunkSourceFilter, _ host: String, _ port: Int) -> Bool {
        filter.acceptRTP(host: host, port: port)
    }

    @Test func mediaIsAcceptedOnlyFromTheSDPAddress() {
        var filter = TrunkSourceFilter()
        #expect(!accept(&filter, "192.0.2.7", 4000))   // nothing expected yet
        filter.expect(host: "192.0.2.7", port: 4000)
        #expect(accept(&filter, "192.0.2.7", 4000))
        #expect(!accept(&filter, "198.51.100.66", 4000))   // a stranger cannot inject audio
        #expect(filter.destination == .init(host: "192.0.2.7", port: 4000))
    }

    @Test func firstPortSeenFromTheSDPAddressIsLatchedBehindNAT() {
        var filter = TrunkSourceFilter()
        filter.expect(host: "192.0.2.7", port: 4000)
        #expect(accept(&filter, "192.0.2.7", 61000))      // a NAT rewrote the port
        #expect(filter.destination == .init(host: "192.0.2.7", port: 61000))   // symmetric RTP
        #expect(!accept(&filter, "192.0.2.7", 4000))      // latched once, for good
        #expect(!accept(&filter, "192.0.2.7", 62000))
    }

    @Test func aNewSDPAddressStartsOver() {
        var filter = TrunkSourceFilter()
        filter.expect(host: "192.0.2.7", port: 4000)
        _ = filter.acceptRTP(host: "192.0.2.7", port: 61000)
        filter.expect(host: "192.0.2.8", port: 5000)                   // a re-INVITE moved the media
        #expect(filter.destination == .init(host: "192.0.2.8", port: 5000))
        #expect(!accept(&filter, "192.0.2.7", 61000))
        #expect(accept(&filter, "192.0.2.8", 5000))
        // The same address again keeps the latch.
        filter.expect(host: "192.0.2.8", port: 5000)
        #expect(filter.latched == .init(host: "192.0.2.8", port: 5000))
    }

    @Test func rtcpIsAcceptedFromTheTrunkAddressOnly() {
        var filter = TrunkSourceFilter()
        filter.expect(host: "192.0.2.7", port: 4000)
        #expect(filter.acceptRTCP(host: "192.0.2.7"))
        #expect(!filter.acceptRTCP(host: "192.0.2.9"))
    }
}
