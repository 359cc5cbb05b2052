import Testing
@testable import GatewayServer

/// The RTP port range handed out to calls (RFC 3550 §11: RTP on even ports).
@Suite struct PortPoolTests {
    @Test func handsOutOnlyEvenPortsUntilExhausted() {
        var pool = PortPool(range: 10000...10009)
        #expect(pool.available == 5)
        var taken: [Int] = []
        while let port = pool.take() { taken.append(port) }
        #expect(taken == [10000, 10002, 10004, 10006, 10008])
        #expect(pool.available == 0)
        #expect(pool.take() == nil)
    }

    @Test func skipsAnOddFirstPort() {
        var pool = PortPool(range: 10001...10006)
        #expect(pool.available == 3)
        #expect([pool.take(), pool.take(), pool.take(), pool.take()] == [10002, 10004, 10006, nil])
    }

    @Test func countsEvenPortsOfAnyRange() {
        // 10000...10010 holds six even ports: 10000, 10002, …, 10010.
        var pool = PortPool(range: 10000...10010)
        #expect(pool.available == 6)
        var taken = 0
        while pool.take() != nil { taken += 1 }
        #expect(taken == 6)
        #expect(pool.available == 0)
        #expect(PortPool(range: 10001...10001).available == 0)
        #expect(PortPool(range: 10000...10000).available == 1)
    }

    @Test func releasedPortIsNotReusedAtOnce() {
        var pool = PortPool(range: 10000...10009)
        #expect(pool.take() == 10000)
        pool.giveBack(10000)
        // Round-robin: late packets for the old call must not reach the next one.
        #expect(pool.take() == 10002)
        #expect(pool.take() == 10004)
        #expect(pool.take() == 10006)
        #expect(pool.take() == 10008)
        // The cursor wraps and finds 10000 free again.
        #expect(pool.take() == 10000)
        #expect(pool.take() == nil)
    }

    @Test func givenBackPortIsFoundAfterExhaustion() {
        var pool = PortPool(range: 10000...10009)
        while pool.take() != nil {}
        pool.giveBack(10006)
        #expect(pool.available == 1)
        #expect(pool.take() == 10006)
        #expect(pool.take() == nil)
    }

    @Test func givingBackTwiceOrAStrangerChangesNothing() {
        var pool = PortPool(range: 10000...10009)
        let port = pool.take()
        #expect(port == 10000)
        pool.giveBack(10000)
        pool.giveBack(10000)
        pool.giveBack(20000)
        #expect(pool.available == 5)
    }
}
