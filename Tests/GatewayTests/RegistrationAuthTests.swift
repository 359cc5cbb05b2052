import CoreTypes
import Hashing
import Testing
@testable import Gateway
import SIP

/// Digest authentication of REGISTER (RFC 3261 §22.2, RFC 7616, RFC 8760): each
/// challenge is answered once, stale nonces are retried, refused credentials fail.
@Suite struct RegistrationAuthTests {
    @Test func md5ChallengeIsAnsweredWithAVerifiableDigest() throws {
        var (registration, first) = try Registrar.started()
        let nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
        let challenge = registrarReply(401, to: first, headers: [("WWW-Authenticate", challengeHeader(nonce: nonce))])
        let actions = registration.handle(.sipResponse(challenge), now: Registrar.start + .milliseconds(20))
        #expect(stateChanges(actions) == [])
        let retry = try onlyRegister(actions)
        #expect(retry.cseq == CSeq(2, .register))
        #expect(retry.callID == first.callID)
        #expect(retry.topVia?.branch != first.topVia?.branch)
        #expect(retry.headers["Proxy-Authorization"] == nil)
        let header = try #require(retry.headers["Authorization"])
        #expect(digestParameters(header)["algorithm"] == "MD5")
        expectValidDigest(header, hash: .md5, username: "alice", nonce: nonce, uri: "sip:sip.example.com")

        let done = registration.handle(.sipResponse(ok(to: retry, contactExpires: 3600)), now: Registrar.start + .milliseconds(40))
        #expect(stateChanges(done) == [.registered(until: Registrar.start + .milliseconds(20) + .seconds(3600))])
    }

    @Test func sha256IsPreferredAndAProxyChallengeGetsProxyAuthorization() throws {
        var (registration, first) = try Registrar.started()
        let challenge = registrarReply(407, to: first, headers: [
            ("Proxy-Authenticate", challengeHeader(nonce: "md5-nonce")),
            ("Proxy-Authenticate", challengeHeader(nonce: "sha-nonce", algorithm: "SHA-256")),
        ])
        let retry = try onlyRegister(registration.handle(.sipResponse(challenge), now: Registrar.start))
        #expect(retry.headers["Authorization"] == nil)
        let header = try #require(retry.headers["Proxy-Authorization"])
        #expect(digestParameters(header)["algorithm"] == "SHA-256")
        expectValidDigest(header, hash: .sha256, username: "alice", nonce: "sha-nonce", uri: "sip:sip.example.com")
    }

    @Test func authUsernameSignsWhileTheAddressOfRecordKeepsTheAccount() throws {
        var (registration, first) = try Registrar.started(Registrar.plan(authUsername: "alice-auth-7"))
        let challenge = registrarReply(401, to: first, headers: [("WWW-Authenticate", challengeHeader(nonce: "n1"))])
        let retry = try onlyRegister(registration.handle(.sipResponse(challenge), now: Registrar.start))
        #expect(retry.headers["To"] == "<sip:alice@sip.example.com>")
        #expect(retry.headers["Contact"] == "<sip:alice@198.51.100.1:5080>;expires=3600")
        expectValidDigest(try #require(retry.headers["Authorization"]), hash: .md5, username: "alice-auth-7",
                          nonce: "n1", uri: "sip:sip.example.com")
    }

    @Test func theSameChallengeTwiceIsAFailure() throws {
        var (registration, first) = try Registrar.started()
        let header = challengeHeader(nonce: "n1")
        let retry = try onlyRegister(registration.handle(
            .sipResponse(registrarReply(401, to: first, headers: [("WWW-Authenticate", header)])), now: Registrar.start))
        let failedAt = Registrar.start + .seconds(1)
        let actions = registration.handle(.sipResponse(registrarReply(401, to: retry, headers: [("WWW-Authenticate", header)])),
                                          now: failedAt)
        let reason = "the registrar refused the credentials of 'alice' (401 Unauthorized)"
        #expect(actions == [.stateChanged(.failed(reason: reason, retryAt: failedAt + .seconds(5)))])
        #expect(registration.lastError == reason)
    }

    @Test func aFreshNonceThatIsNotStaleMeansTheCredentialsWereRefused() throws {
        var (registration, first) = try Registrar.started()
        let retry = try onlyRegister(registration.handle(
            .sipResponse(registrarReply(401, to: first, headers: [("WWW-Authenticate", challengeHeader(nonce: "n1"))])),
            now: Registrar.start))
        let actions = registration.handle(
            .sipResponse(registrarReply(401, to: retry, headers: [("WWW-Authenticate", challengeHeader(nonce: "n2"))])),
            now: Registrar.start)
        #expect(sentRegisters(actions).isEmpty)
        #expect(registration.state.name == "failed")
    }

    @Test func staleNonceIsRetriedWithTheNewNonceAFewTimesAtMost() throws {
        var (registration, request) = try Registrar.started()
        request = try onlyRegister(registration.handle(
            .sipResponse(registrarReply(401, to: request, headers: [("WWW-Authenticate", challengeHeader(nonce: "n0"))])),
            now: Registrar.start))
        for round in 1...TrunkRegistration.maxStaleRetries {
            let nonce = "stale-\(round)"
            let stale = registrarReply(401, to: request, headers: [("WWW-Authenticate", challengeHeader(nonce: nonce, stale: true))])
            request = try onlyRegister(registration.handle(.sipResponse(stale), now: Registrar.start))
            #expect(request.cseq == CSeq(UInt32(2 + round), .register))
            expectValidDigest(try #require(request.headers["Authorization"]), hash: .md5, username: "alice",
                              nonce: nonce, uri: "sip:sip.example.com")
        }
        let oneTooMany = registrarReply(401, to: request, headers: [("WWW-Authenticate", challengeHeader(nonce: "stale-x", stale: true))])
        let actions = registration.handle(.sipResponse(oneTooMany), now: Registrar.start)
        #expect(sentRegisters(actions).isEmpty)
        #expect(registration.state.name == "failed")
    }

    @Test func staleMarkOnTheSameNonceDoesNotLoop() throws {
        var (registration, first) = try Registrar.started()
        let retry = try onlyRegister(registration.handle(
            .sipResponse(registrarReply(401, to: first, headers: [("WWW-Authenticate", challengeHeader(nonce: "n1"))])),
            now: Registrar.start))
        let same = registrarReply(401, to: retry, headers: [("WWW-Authenticate", challengeHeader(nonce: "n1", stale: true))])
        #expect(sentRegisters(registration.handle(.sipResponse(same), now: Registrar.start)).isEmpty)
        #expect(registration.state.name == "failed")
    }

    @Test func challengeWithoutDigestIsAFailure() throws {
        var (registration, first) = try Registrar.started()
        let basic = registrarReply(401, to: first, headers: [("WWW-Authenticate", "Basic realm=\"x\"")])
        let actions = registration.handle(.sipResponse(basic), now: Registrar.start)
        let reason = "401 Unauthorized without a digest challenge the gateway can answer"
        #expect(actions == [.stateChanged(.failed(reason: reason, retryAt: Registrar.start + .seconds(5)))])
    }

    @Test func everyRefreshAnswersItsOwnChallenge() throws {
        var (registration, _) = try Registrar.bound(Registrar.plan(expires: 60))
        let refresh = try onlyRegister(registration.handle(.timer, now: Registrar.start + .seconds(30)))
        #expect(refresh.headers["Authorization"] == nil)
        let challenge = registrarReply(401, to: refresh, headers: [("WWW-Authenticate", challengeHeader(nonce: "later"))])
        let retry = try onlyRegister(registration.handle(.sipResponse(challenge), now: Registrar.start + .seconds(30)))
        expectValidDigest(try #require(retry.headers["Authorization"]), hash: .md5, username: "alice",
                          nonce: "later", uri: "sip:sip.example.com")
    }
}

/// The REGISTER requests among the actions.
func sentRegisters(_ actions: [RegistrationAction]) -> [SIPRequest] {
    actions.compactMap { if case .sendRequest(let request, _) = $0 { request } else { nil } }
}
