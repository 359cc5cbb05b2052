import CoreTypes
import Testing
@testable import Gateway
import SIP

/// Failures, retries with backoff, 423 Interval Too Brief and stray responses.
@Suite struct RegistrationFailureTests {
    @Test func backoffDoublesFromFiveSecondsToFiveMinutes() {
        let backoff = RegistrationBackoff()
        let seconds = (1...9).map { backoff.delay(afterFailures: $0, random: 0) }
        #expect(seconds == [5, 10, 20, 40, 80, 160, 300, 300, 300].map { Duration.seconds($0) })
        // Jitter takes up to 20 % off, never adds.
        #expect(backoff.delay(afterFailures: 1, random: 0.5) == .milliseconds(4500))
        #expect(backoff.delay(afterFailures: 7, random: 0.999) == .milliseconds(240_060))
        #expect(backoff.delay(afterFailures: 1_000_000, random: 0) == .seconds(300))
    }

    @Test func errorResponseFailsAndRetriesWithGrowingBackoff() throws {
        var (registration, request) = try Registrar.started(random: 0.5)
        var now = Registrar.start
        var delays: [Duration] = []
        for _ in 1...4 {
            let actions = registration.handle(.sipResponse(registrarReply(403, to: request)), now: now)
            guard case .failed(let reason, let retryAt) = registration.state else {
                Issue.record("expected failed, got \(registration.state)")
                return
            }
            #expect(reason == "403 Forbidden")
            #expect(stateChanges(actions) == [registration.state])
            #expect(registration.nextDeadline == retryAt)
            delays.append(retryAt - now)
            #expect(registration.handle(.timer, now: retryAt - .milliseconds(1)).isEmpty)
            now = retryAt
            let retry = registration.handle(.timer, now: now)
            #expect(stateChanges(retry) == [.registering])
            request = try onlyRegister(retry)
            #expect(request.headers["Authorization"] == nil)
        }
        #expect(delays == [.milliseconds(4500), .seconds(9), .seconds(18), .seconds(36)])
        #expect(request.cseq == CSeq(5, .register))
        #expect(request.callID == "reg-1@gateway")
    }

    @Test func successResetsTheBackoffAndKeepsTheLastError() throws {
        var (registration, request) = try Registrar.started()
        _ = registration.handle(.sipResponse(registrarReply(500, to: request)), now: Registrar.start)
        request = try onlyRegister(registration.handle(.timer, now: Registrar.start + .seconds(5)))
        _ = registration.handle(.sipResponse(registrarReply(500, to: request)), now: Registrar.start + .seconds(5))
        #expect(registration.nextDeadline == Registrar.start + .seconds(15))
        request = try onlyRegister(registration.handle(.timer, now: Registrar.start + .seconds(15)))
        _ = registration.handle(.sipResponse(ok(to: request, contactExpires: 60)), now: Registrar.start + .seconds(15))
        #expect(registration.state == .registered(until: Registrar.start + .seconds(75)))
        #expect(registration.lastError == "500 Server Internal Error")

        // The refresh fails: the first delay again.
        let refreshAt = Registrar.start + .seconds(45)
        request = try onlyRegister(registration.handle(.timer, now: refreshAt))
        _ = registration.handle(.sipResponse(registrarReply(404, to: request)), now: refreshAt)
        #expect(registration.state == .failed(reason: "404 Not Found", retryAt: refreshAt + .seconds(5)))
    }

    @Test func timeoutFailsNamingTheRegistrar() throws {
        var (registration, request) = try Registrar.started()
        let actions = registration.handle(.sipTimeout(request), now: Registrar.start + .seconds(32))
        let reason = "no response from the registrar at 192.0.2.20:5060"
        #expect(actions == [.stateChanged(.failed(reason: reason, retryAt: Registrar.start + .seconds(37)))])
    }

    @Test func retryAfterIsHonouredWhenLaterThanTheBackoff() throws {
        var (registration, request) = try Registrar.started()
        let busy = registrarReply(503, to: request, headers: [("Retry-After", "120 (maintenance);duration=60")])
        _ = registration.handle(.sipResponse(busy), now: Registrar.start)
        #expect(registration.state == .failed(reason: "503 Service Unavailable", retryAt: Registrar.start + .seconds(120)))
    }

    @Test func intervalTooBriefRetriesAtOnceWithMinExpires() throws {
        var (registration, request) = try Registrar.started(Registrar.plan(expires: 60))
        let tooBrief = registrarReply(423, to: request, headers: [("Min-Expires", "300")])
        let actions = registration.handle(.sipResponse(tooBrief), now: Registrar.start + .seconds(1))
        #expect(stateChanges(actions) == [])
        let retry = try onlyRegister(actions)
        #expect(retry.cseq == CSeq(2, .register))
        #expect(retry.headers["Contact"] == "<sip:alice@198.51.100.1:5080>;expires=300")
        #expect(retry.headers["Expires"] == "300")
        #expect(registration.requestedExpires == 300)
        _ = registration.handle(.sipResponse(ok(to: retry, contactExpires: 300)), now: Registrar.start + .seconds(1))
        #expect(registration.state == .registered(until: Registrar.start + .seconds(301)))
        // Refreshes keep asking for the larger lifetime.
        let refresh = try onlyRegister(registration.handle(.timer, now: Registrar.start + .seconds(241)))
        #expect(refresh.headers["Expires"] == "300")
    }

    @Test(arguments: [[], [("Min-Expires", "60")], [("Min-Expires", "30")], [("Min-Expires", "soon")]])
    func intervalTooBriefWithoutALargerMinimumFails(headers: [(String, String)]) throws {
        var (registration, request) = try Registrar.started(Registrar.plan(expires: 60))
        let actions = registration.handle(.sipResponse(registrarReply(423, to: request, headers: headers)),
                                          now: Registrar.start)
        #expect(sentRegisters(actions).isEmpty)
        #expect(registration.state == .failed(reason: "423 Interval Too Brief without a larger Min-Expires",
                                              retryAt: Registrar.start + .seconds(5)))
    }

    @Test func aGrantOfZeroIsAFailure() throws {
        var (registration, request) = try Registrar.started()
        _ = registration.handle(.sipResponse(ok(to: request, contactExpires: 0)), now: Registrar.start)
        #expect(registration.state == .failed(reason: "the registrar kept no binding (expires=0)",
                                              retryAt: Registrar.start + .seconds(5)))
    }

    @Test func strayResponsesAreIgnored() throws {
        var (registration, request) = try Registrar.started()
        #expect(registration.handle(.sipResponse(registrarReply(100, to: request)), now: Registrar.start).isEmpty)
        var otherCall = ok(to: request, contactExpires: 60)
        otherCall.callID = "someone-else"
        #expect(registration.handle(.sipResponse(otherCall), now: Registrar.start).isEmpty)
        var olderCSeq = ok(to: request, contactExpires: 60)
        olderCSeq.cseq = CSeq(0, .register)
        #expect(registration.handle(.sipResponse(olderCSeq), now: Registrar.start).isEmpty)
        var otherMethod = ok(to: request, contactExpires: 60)
        otherMethod.cseq = CSeq(1, .options)
        #expect(registration.handle(.sipResponse(otherMethod), now: Registrar.start).isEmpty)
        #expect(registration.state == .registering)

        // The real answer still counts, and a retransmission of it changes nothing.
        _ = registration.handle(.sipResponse(ok(to: request, contactExpires: 60)), now: Registrar.start)
        #expect(registration.state == .registered(until: Registrar.start + .seconds(60)))
        #expect(registration.handle(.sipResponse(ok(to: request, contactExpires: 60)), now: Registrar.start).isEmpty)
        #expect(registration.handle(.sipTimeout(request), now: Registrar.start).isEmpty)
    }

    @Test(arguments: [("120", 120), (" 3600;x=1", 3600), ("0", 0), ("99999999999999999999", Int(Int32.max))])
    func deltaSecondsAreReadWithoutTrapping(text: String, seconds: Int) {
        #expect(RegisterRequests.seconds(text) == seconds)
    }

    @Test(arguments: ["", "abc", "-5", "  "])
    func valuesWithoutDigitsAreNotSeconds(text: String) {
        #expect(RegisterRequests.seconds(text) == nil)
    }
}
