import Testing
@testable import SIP

@Suite("Digest authentication")
struct DigestTests {
    @Test func rfc2617Section3_5Example() throws {
        let challenge = try DigestChallenge.parse(#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#)
        #expect(challenge.realm == "testrealm@host.com")
        #expect(challenge.qopOptions == ["auth", "auth-int"])
        #expect(challenge.algorithm == .md5)
        let header = challenge.authorization(username: "Mufasa", password: "Circle Of Life", method: "GET",
                                             uri: "/dir/index.html", cnonce: "0a4f113b", nonceCount: 1)
        #expect(header == #"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001"#)
    }

    static let rfc7616Params = #"realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#

    func rfc7616Response(_ algorithm: String) throws -> String {
        let challenge = try DigestChallenge.parse("Digest " + Self.rfc7616Params + ", algorithm=\(algorithm)")
        return challenge.authorization(username: "Mufasa", password: "Circle of Life", method: "GET", uri: "/dir/index.html",
                                       cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", nonceCount: 1)
    }

    @Test func rfc7616Section3_9_1MD5Example() throws {
        #expect(try rfc7616Response("MD5").contains(#"response="8ca523f5e9506fed4657c9700eebdbec""#))
    }

    @Test func rfc7616Section3_9_1SHA256Example() throws {
        let header = try rfc7616Response("SHA-256")
        #expect(header.contains(#"response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1""#))
        #expect(header.contains("algorithm=SHA-256"))
        #expect(header.contains(#"opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#))
    }

    @Test func parsingToleratesCaseSpacingAndUnquotedValues() throws {
        let c = try DigestChallenge.parse(#"digest  REALM = "sip.example.com" ,nonce=abc/def==,  algorithm = md5-SESS , qop = "AUTH" , stale = TRUE, foo="bar""#)
        #expect(c.realm == "sip.example.com")
        #expect(c.nonce == "abc/def==")
        #expect(c.algorithm == .md5Session)
        #expect(c.qopOptions == ["auth"])
        #expect(c.stale)
        #expect(c.opaque == nil)
    }

    @Test(arguments: [
        #"Basic realm="x""#, "Digest", "Digest realm", #"Digest nonce="x""#, #"Digest realm="a""#,
        #"Digest realm="a", nonce="b", algorithm=SHA-512-256"#, #"Digest realm="unterminated"#, "Digest realm=\"a\" nonce=\"b\"",
        "", "Digest ,,, =x",
    ])
    func garbageChallengesThrow(text: String) {
        #expect(throws: SIPParseError.self) { try DigestChallenge.parse(text) }
    }

    @Test func withoutQopTheRFC2069FormHasNoCnonceOrCount() throws {
        let c = DigestChallenge(realm: "r", nonce: "n")
        let header = c.authorization(username: "u", password: "p", method: .register, uri: "sip:example.com")
        #expect(!header.contains("cnonce"))
        #expect(!header.contains("nc="))
        #expect(header.hasPrefix(#"Digest username="u", realm="r", nonce="n", uri="sip:example.com", response=""#))
    }

    @Test func nonceCountIsEightHexDigitsAndChangesTheResponse() {
        let c = DigestChallenge(realm: "r", nonce: "n", qopOptions: ["auth"])
        let first = c.authorization(username: "u", password: "p", method: .invite, uri: "sip:b@x", cnonce: "c", nonceCount: 1)
        let later = c.authorization(username: "u", password: "p", method: .invite, uri: "sip:b@x", cnonce: "c", nonceCount: 0x1A2)
        #expect(later.contains("nc=000001a2"))
        #expect(first != later)
    }
}
