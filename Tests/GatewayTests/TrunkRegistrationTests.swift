import CoreTypes
import Testing
@testable import Gateway
import SIP

/// REGISTER as RFC 3261 §10.2 builds it, the lifetime granted and the refresh.
@Suite struct TrunkRegistrationTests {
    @Test func firstRegisterNamesTheAddressOfRecordAndOurContact() throws {
        var registration = Registrar.registration()
        #expect(registration.state == .unregistered)
        let actions = registration.start(now: Registrar.start)
        #expect(stateChanges(actions) == [.registering])
        #expect(registration.state == .registering)

        let request = try onlyRegister(actions)
        #expect(request.uri.description == "sip:sip.example.com")
        #expect(request.headers["To"] == "<sip:alice@sip.example.com>")
        #expect(request.to?.tag == nil)
        #expect(request.headers["From"] == "<sip:alice@sip.example.com>;tag=reg-tag")
        #expect(request.callID == "reg-1@gateway")
        #expect(request.cseq == CSeq(1, .register))
        #expect(request.headers["Contact"] == "<sip:alice@198.51.100.1:5080>;expires=3600")
        #expect(request.headers["Expires"] == "3600")
        #expect(request.maxForwards == 70)
        #expect(request.headers["User-Agent"] == "gatewayd")
        #expect(request.headers["Authorization"] == nil)
        let via = try #require(request.topVia)
        #expect(via.host == "198.51.100.1" && via.port == 5080)
        #expect(via.hasRport && via.hasRFC3261Branch)
        // Nothing to wait for but the response: the transaction layer times it out.
        #expect(registration.nextDeadline == nil)
        // A second start changes nothing.
        #expect(registration.start(now: Registrar.start).isEmpty)
    }

    @Test func requestURICarriesThePortWhenTheRegistrarIsTheDomainOnAnotherPort() throws {
        let registrar = Endpoint(host: "127.0.0.1", port: 5070)
        let (_, request) = try Registrar.started(Registrar.plan(registrar: registrar, domain: "127.0.0.1"))
        #expect(request.uri.description == "sip:127.0.0.1:5070")
        #expect(request.headers["To"] == "<sip:alice@127.0.0.1>")
    }

    @Test func tcpAndAnOutboundProxyShowInViaContactAndRoute() throws {
        var plan = Registrar.plan()
        plan.local = LocalSIPAddress(endpoint: Endpoint(host: "198.51.100.1", port: 5062), transport: .tcp,
                                     userAgent: "gatewayd")
        plan.route = "<sip:proxy.example.com;transport=tcp;lr>"
        let (_, request) = try Registrar.started(plan)
        #expect(request.topVia?.transport == "TCP")
        #expect(request.headers["Route"] == "<sip:proxy.example.com;transport=tcp;lr>")
        #expect(request.headers["Contact"] == "<sip:alice@198.51.100.1:5062;transport=tcp>;expires=3600")

        // The registrar lists the Contact as sent; its lifetime is found all the same.
        var (registration, first) = try Registrar.started(plan)
        var reply = first.makeResponse(status: 200, toTag: "r")
        reply.headers.add("Contact", "<sip:alice@198.51.100.1:5062;transport=TCP>;expires=900")
        _ = registration.handle(.sipResponse(reply), now: Registrar.start)
        #expect(registration.state == .registered(until: Registrar.start + .seconds(900)))
    }

    @Test func grantedContactExpiresWinsOverWhatWasAskedFor() throws {
        var (registration, request) = try Registrar.started()
        let reply = ok(to: request, contactExpires: 600, expiresHeader: 3600,
                       otherContacts: ["<sip:alice@203.0.113.9:5060>;expires=50"])
        let sentAt = Registrar.start
        let answeredAt = sentAt + .milliseconds(80)
        let actions = registration.handle(.sipResponse(reply), now: answeredAt)
        // The lifetime counts from when the request left (the registrar's clock starts later).
        #expect(stateChanges(actions) == [.registered(until: sentAt + .seconds(600))])
        #expect(registration.state == .registered(until: sentAt + .seconds(600)))
        // Refreshed at the earlier of 30 s before the end and 80 % of the lifetime.
        #expect(registration.nextDeadline == sentAt + .seconds(480))
        #expect(registration.lastError == nil)
    }

    @Test func expiresHeaderIsUsedWhenOurContactHasNoParameter() throws {
        var (registration, request) = try Registrar.started()
        _ = registration.handle(.sipResponse(ok(to: request, contactExpires: nil, expiresHeader: 120)),
                                now: Registrar.start)
        #expect(registration.state == .registered(until: Registrar.start + .seconds(120)))
        #expect(registration.nextDeadline == Registrar.start + .seconds(90))
    }

    @Test func requestedLifetimeIsKeptWhenTheRegistrarSaysNothing() throws {
        var (registration, request) = try Registrar.started(Registrar.plan(expires: 300))
        _ = registration.handle(.sipResponse(ok(to: request, contactExpires: nil)), now: Registrar.start)
        #expect(registration.state == .registered(until: Registrar.start + .seconds(300)))
    }

    @Test(arguments: [(3600, 2880_000), (600, 480_000), (120, 90_000), (60, 30_000), (40, 20_000), (10, 5_000)])
    func refreshComesBeforeExpiry(granted: Int, milliseconds: Int64) {
        #expect(TrunkRegistration.refreshDelay(grantedSeconds: granted) == .milliseconds(milliseconds))
    }

    @Test func refreshKeepsCallIDRaisesCSeqAndMovesTheExpiry() throws {
        var (registration, first) = try Registrar.bound(Registrar.plan(expires: 60))
        let refreshAt = Registrar.start + .seconds(30)
        #expect(registration.nextDeadline == refreshAt)
        #expect(registration.handle(.timer, now: refreshAt - .milliseconds(1)).isEmpty)

        let actions = registration.handle(.timer, now: refreshAt)
        #expect(stateChanges(actions) == [])
        let refresh = try onlyRegister(actions)
        #expect(refresh.callID == first.callID)
        #expect(refresh.cseq == CSeq(2, .register))
        #expect(refresh.headers["From"] == first.headers["From"])
        #expect(refresh.headers["Contact"] == "<sip:alice@198.51.100.1:5080>;expires=60")
        #expect(refresh.topVia?.branch != first.topVia?.branch)
        // Still registered while the refresh is on its way; the old expiry is the deadline.
        #expect(registration.state == .registered(until: Registrar.start + .seconds(60)))
        #expect(registration.nextDeadline == Registrar.start + .seconds(60))

        let renewed = registration.handle(.sipResponse(ok(to: refresh, contactExpires: 60)), now: refreshAt)
        #expect(stateChanges(renewed) == [.registered(until: refreshAt + .seconds(60))])
        #expect(registration.nextDeadline == refreshAt + .seconds(30))
    }

    @Test func bindingThatLapsesDuringAnUnansweredRefreshIsRegisteringAgain() throws {
        var (registration, _) = try Registrar.bound(Registrar.plan(expires: 60))
        _ = try onlyRegister(registration.handle(.timer, now: Registrar.start + .seconds(30)))
        let actions = registration.handle(.timer, now: Registrar.start + .seconds(60))
        #expect(stateChanges(actions) == [.registering])
        #expect(registration.nextDeadline == nil)
    }

    @Test func stopRemovesTheBindingWithExpiresZero() throws {
        var (registration, _) = try Registrar.bound()
        let actions = registration.stop(now: Registrar.start + .seconds(10))
        let unregister = try onlyRegister(actions)
        #expect(unregister.headers["Contact"] == "<sip:alice@198.51.100.1:5080>;expires=0")
        #expect(unregister.headers["Expires"] == "0")
        #expect(unregister.cseq == CSeq(2, .register))
        #expect(registration.nextDeadline == nil)
        #expect(!registration.isSettled)

        // The un-REGISTER is challenged like any other.
        let nonce = "n-unregister"
        let challenge = registrarReply(401, to: unregister, headers: [("WWW-Authenticate", challengeHeader(nonce: nonce))])
        let retry = try onlyRegister(registration.handle(.sipResponse(challenge), now: Registrar.start + .seconds(10)))
        #expect(retry.headers["Expires"] == "0")
        expectValidDigest(try #require(retry.headers["Authorization"]), hash: .md5, username: "alice",
                          nonce: nonce, uri: "sip:sip.example.com")
        let done = registration.handle(.sipResponse(ok(to: retry, contactExpires: nil)), now: Registrar.start + .seconds(10))
        #expect(stateChanges(done) == [.unregistered])
        #expect(registration.isSettled)
        #expect(registration.handle(.timer, now: Registrar.start + .seconds(3000)).isEmpty)
    }

    @Test func stopWithoutABindingSendsNothing() throws {
        var (registration, request) = try Registrar.started()
        _ = registration.handle(.sipResponse(registrarReply(403, to: request)), now: Registrar.start)
        let actions = registration.stop(now: Registrar.start + .seconds(1))
        #expect(stateChanges(actions) == [.unregistered])
        #expect(registration.isSettled)
        #expect(registration.nextDeadline == nil)
        #expect(registration.stop(now: Registrar.start + .seconds(2)).isEmpty)
    }

    @Test func stopWhileTheFirstRegisterIsPendingStillUnregisters() throws {
        var (registration, first) = try Registrar.started()
        let unregister = try onlyRegister(registration.stop(now: Registrar.start))
        #expect(unregister.headers["Expires"] == "0")
        // The 200 to the first REGISTER (older CSeq) no longer counts.
        #expect(registration.handle(.sipResponse(ok(to: first, contactExpires: 3600)), now: Registrar.start).isEmpty)
        let timedOut = registration.handle(.sipTimeout(unregister), now: Registrar.start + .seconds(32))
        #expect(stateChanges(timedOut) == [.unregistered])
        #expect(registration.isSettled)
    }
}
