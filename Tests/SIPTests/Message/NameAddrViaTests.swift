import Testing
@testable import SIP

@Suite("name-addr, Via and CSeq")
struct NameAddrViaTests {
    @Test func quotedDisplayNameIsUnescaped() throws {
        let a = try NameAddr.parse(#""J Rosenberg \\\""  <sip:jdrosen@example.com> ; tag = 98asjd8"#)
        #expect(a.displayName == #"J Rosenberg \""#)
        #expect(a.uri.user == "jdrosen")
        #expect(a.tag == "98asjd8")
        #expect(a.description == #""J Rosenberg \\\"" <sip:jdrosen@example.com>;tag=98asjd8"#)
    }

    @Test func addrSpecParametersBelongToTheHeader() throws {
        let a = try NameAddr.parse("sip:+19725552222@gw1.example.net;unknownparam")
        #expect(a.uri.parameters.isEmpty)
        #expect(a.parameters.contains("unknownparam"))
        let b = try NameAddr.parse("<sip:+19725552222@gw1.example.net;unknownparam>")
        #expect(b.uri.parameters.contains("unknownparam"))
        #expect(b.parameters.isEmpty)
    }

    @Test func tokenDisplayNameWithoutSpaceBeforeBracket() throws {
        let a = try NameAddr.parse("caller<sip:caller@example.com>;tag=323")
        #expect(a.displayName == "caller")
        #expect(a.tag == "323")
    }

    @Test(arguments: [
        "\"Mr. J. User <sip:j.user@example.com>", "\"Watson\" < sip:t.watson@example.org >",
        "Bell, Alexander <sip:a.g.bell@example.com>", "sip:user@example.com?Route=%3Csip:x%3E",
        "<sip:joe@example.org>;;", "<sip:joe@example.org>;tag=", "<sip:joe@example.org", "<sip:a@b> junk",
    ])
    func malformedNameAddrsThrow(text: String) {
        #expect(throws: SIPParseError.self) { try NameAddr.parse(text) }
    }

    @Test func settingTagAddsOrReplacesIt() throws {
        var a = try NameAddr.parse("<sip:bob@biloxi.com>")
        a.tag = "abc"
        #expect(a.description == "<sip:bob@biloxi.com>;tag=abc")
        a.tag = nil
        #expect(a.description == "<sip:bob@biloxi.com>")
    }

    @Test func viaWithFoldedWhitespaceParses() throws {
        let v = try Via.parse("SIP  /   2.0 /UDP     192.0.2.2 ;branch = 390skdjuw")
        #expect(v.transport == "UDP")
        #expect(v.host == "192.0.2.2")
        #expect(v.port == nil)
        #expect(v.branch == "390skdjuw")
        #expect(!v.hasRFC3261Branch)
        #expect(v.description == "SIP/2.0/UDP 192.0.2.2;branch=390skdjuw")
    }

    @Test func viaRportWithAndWithoutValue() throws {
        var v = try Via.parse("SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK776;rport")
        #expect(v.hasRport)
        #expect(v.rport == nil)
        v.setRport(40000)
        v.received = "203.0.113.9"
        #expect(v.rport == 40000)
        #expect(v.description == "SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK776;rport=40000;received=203.0.113.9")
        #expect(v.hasRFC3261Branch)
    }

    @Test func viaListSplitsAtCommas() throws {
        let vias = try Via.parseList("SIP/2.0/TCP spindle.example.com ; branch=z9hG4bK9ikj8 , SIP/2.0/UDP 192.168.255.111;branch=z9hG4bK30239")
        #expect(vias.map(\.host) == ["spindle.example.com", "192.168.255.111"])
        #expect(vias.map(\.transport) == ["TCP", "UDP"])
    }

    @Test(arguments: [
        "SIP/2.0/UDP", "SIP/2.0 host", "SIP/2.0/UDP host;;", "SIP/2.0/UDP host:70000",
        "SIP/2.0/UDP host;rport=x", "SIP/2.0/UDP host;received=not-an-ip", "SIP/2.0/UDPhost",
        "SIP/2.0/UDP [::1;branch=z9hG4bKx",
    ])
    func malformedViasThrow(text: String) {
        #expect(throws: SIPParseError.self) { try Via.parse(text) }
    }

    @Test func cseqParsesLeadingZerosAndFoldedMethod() throws {
        #expect(try CSeq.parse("0009   INVITE") == CSeq(9, .invite))
        #expect(try CSeq.parse("4294967295 BYE").sequence == UInt32.max)
    }

    @Test(arguments: ["4294967296 INVITE", "36893488147419103232 REGISTER", "INVITE", "1", "-1 BYE", "1 BYE x"])
    func malformedCSeqThrows(text: String) {
        #expect(throws: SIPParseError.self) { try CSeq.parse(text) }
    }

    @Test func extensionMethodsKeepTheirCase() {
        #expect(SIPMethod(rawValue: "invite") != .invite)
        #expect(SIPMethod("NEWMETHOD").isValidToken)
        #expect(!SIPMethod("BAD METHOD").isValidToken)
    }
}
