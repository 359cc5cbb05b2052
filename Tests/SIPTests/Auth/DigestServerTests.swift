import CoreTypes
import Testing
@testable import SIP

@Suite("Digest authentication, server side") struct DigestServerTests {
    let issuer = DigestNonceIssuer(secret: Array("a fixed secret for tests".utf8), lifetime: .seconds(300))

    @Test(arguments: [DigestChallenge.Algorithm.md5, .sha256, .md5Session])
    func credentialsMadeByAClientAreAccepted(algorithm: DigestChallenge.Algorithm) throws {
        let nonce = issuer.issue(now: .seconds(1000))
        let challenge = DigestChallenge(realm: "gateway", nonce: nonce, algorithm: algorithm, qopOptions: ["auth"])
        let header = challenge.authorization(username: "trunk-a", password: "s3cret", method: .invite,
                                             uri: "sip:5550100@gw.example", cnonce: "abc", nonceCount: 1)
        let credentials = try DigestCredentials.parse(header)
        #expect(credentials.username == "trunk-a")
        #expect(credentials.nonce == nonce)
        #expect(credentials.matches(password: "s3cret", method: .invite))
        #expect(!credentials.matches(password: "wrong", method: .invite))
        #expect(!credentials.matches(password: "s3cret", method: .bye))
        #expect(issuer.check(credentials.nonce, now: .seconds(1010)) == .valid)
    }

    @Test func rfc2069StyleWithoutQopIsChecked() throws {
        let challenge = DigestChallenge(realm: "gateway", nonce: "n1")
        let header = challenge.authorization(username: "u", password: "p", method: .invite, uri: "sip:x@y")
        #expect(try DigestCredentials.parse(header).matches(password: "p", method: .invite))
    }

    @Test func noncesExpireAndCannotBeForged() {
        let nonce = issuer.issue(now: .seconds(1000))
        #expect(issuer.check(nonce, now: .seconds(1301)) == .stale)
        let other = DigestNonceIssuer(secret: Array("another secret".utf8))
        #expect(other.check(nonce, now: .seconds(1000)) == .forged)
        #expect(issuer.check("deadbeef.0000", now: .seconds(1000)) == .forged)
        #expect(issuer.check("garbage", now: .seconds(1000)) == .forged)
        var tampered = Array(nonce)
        tampered[0] = tampered[0] == "1" ? "2" : "1"
        #expect(issuer.check(String(tampered), now: .seconds(1000)) == .forged)
    }

    @Test(arguments: ["Basic dXNlcjpwYXNz", "Digest realm=\"r\"", "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", algorithm=ROT13", ""])
    func badCredentialsAreRefused(header: String) {
        #expect(throws: SIPParseError.self) { try DigestCredentials.parse(header) }
    }
}
