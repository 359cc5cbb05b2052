import CoreTypes
import Testing
@testable import WebRTC

/// Loss recovery (RFC 6347 §4.2.4) through `nextTimeout` / `handleTimeout(now:)`.
///
/// Everything the tests pass in is a manual clock, but OpenSSL 3 gates each
/// retransmission on its own wall clock and cannot be driven from outside.
/// The endpoint whose flight is lost therefore arms that flight with a 30 ms
/// timeout, and the test waits (a few milliseconds, at most about a second if
/// the machine stalls) until OpenSSL agrees the timer ran out. No assertion
/// depends on how long anything took.
@Suite struct DTLSRetransmissionTests {
    /// Busy-waits until OpenSSL's own timer has expired; gives up after 5 s.
    static func waitForOpenSSLTimer(_ endpoint: DTLSEndpoint) {
        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(5)
        while endpoint.openSSLTimerRemainingMilliseconds > 0, clock.now < giveUp {}
    }

    @Test func lostServerFlightIsRetransmittedOnTimeout() throws {
        var pair = try DTLSPair()
        var now = Instant.seconds(10)
        let hello = pair.client.start(now: now)
        #expect(hello.count == 1)

        pair.server.initialRetransmissionTimeout = .milliseconds(30)
        let lostFlight = hello.flatMap { pair.server.receive($0, now: now).datagrams }
        pair.server.initialRetransmissionTimeout = .seconds(1)
        #expect(!lostFlight.isEmpty)   // ServerHello ... ServerHelloDone, dropped

        let deadline = try #require(pair.server.nextTimeout)
        #expect(deadline >= now && deadline <= now + .seconds(1))
        Self.waitForOpenSSLTimer(pair.server)
        now = deadline
        let retransmitted = pair.server.handleTimeout(now: now)
        #expect(!retransmitted.isEmpty)
        #expect(retransmitted.allSatisfy { PacketDemux.classify($0) == .dtls && $0.count <= 1200 })
        // RFC 6347 §4.2.4.1: the next timeout backs off.
        let next = try #require(pair.server.nextTimeout)
        #expect(next >= now + .milliseconds(900))

        pair.pump(toServer: [], toClient: retransmitted, now: now)
        let serverKeys = try #require(pair.server.state.keyingMaterial)
        let clientKeys = try #require(pair.client.state.keyingMaterial)
        #expect(serverKeys.localKeyAndSalt == clientKeys.remoteKeyAndSalt)
        #expect(serverKeys.remoteKeyAndSalt == clientKeys.localKeyAndSalt)
        #expect(pair.client.nextTimeout == nil)
    }

    @Test func lostClientHelloIsRetransmittedOnTimeout() throws {
        var pair = try DTLSPair()
        let now = Instant.seconds(3)
        pair.client.initialRetransmissionTimeout = .milliseconds(30)
        let lostHello = pair.client.start(now: now)
        pair.client.initialRetransmissionTimeout = .seconds(1)
        #expect(!lostHello.isEmpty)

        let deadline = try #require(pair.client.nextTimeout)
        Self.waitForOpenSSLTimer(pair.client)
        let retransmitted = pair.client.handleTimeout(now: deadline)
        #expect(!retransmitted.isEmpty)
        pair.pump(toServer: retransmitted, now: deadline)
        #expect(pair.server.state.keyingMaterial != nil)
        #expect(pair.client.state.keyingMaterial != nil)
    }

    /// Before OpenSSL's timer runs out, a timeout call sends nothing.
    @Test func earlyTimeoutCallSendsNothing() throws {
        let pair = try DTLSPair()
        let now = Instant.seconds(1)
        _ = pair.client.start(now: now)
        let deadline = try #require(pair.client.nextTimeout)
        #expect(deadline > now + .milliseconds(500))
        #expect(deadline <= now + .seconds(1))
        #expect(pair.client.handleTimeout(now: now).isEmpty)
        #expect(pair.client.state == .handshaking)
    }
}
