import Testing
@testable import SIP

@Suite("SIP URIs")
struct SIPURITests {
    @Test func parsesEveryPartOfASIPURI() throws {
        let uri = try SIPURI.parse("sips:alice:secret@Example.COM:5061;transport=tcp;lr?subject=hi&priority=urgent")
        #expect(uri.scheme == "sips")
        #expect(uri.isSecure)
        #expect(uri.user == "alice")
        #expect(uri.password == "secret")
        #expect(uri.host == "Example.COM")
        #expect(uri.port == 5061)
        #expect(uri.parameters["transport"] == "tcp")
        #expect(uri.isLooseRouter)
        #expect(uri.headers["subject"] == "hi")
        #expect(uri.headers["priority"] == "urgent")
    }

    @Test func ipv6LiteralIsStoredWithoutBracketsAndWrittenWithThem() throws {
        let uri = try SIPURI.parse("sip:bob@[2001:db8::1]:5070;maddr=[2001:db8::2]")
        #expect(uri.host == "2001:db8::1")
        #expect(uri.port == 5070)
        #expect(uri.hostPort == "[2001:db8::1]:5070")
        #expect(uri.description == "sip:bob@[2001:db8::1]:5070;maddr=[2001:db8::2]")
    }

    @Test func escapesAreDecodedAndReEncodedOnOutput() throws {
        let uri = try SIPURI.parse("sip:sips%3Auser%40example.com@example.net;n%61me=v%61lue%25%34%31")
        #expect(uri.user == "sips:user@example.com")
        #expect(uri.parameters["name"] == "value%41")
        #expect(uri.description == "sip:sips%3Auser%40example.com@example.net;name=value%2541")
        let same = try SIPURI.parse("sip:%75se%72@example.com")
        #expect(same.user == "user")
        #expect(same.description == "sip:user@example.com")
    }

    @Test func userPartMayHoldSemicolonsAndQuestionMarks() throws {
        let uri = try SIPURI.parse("sip:user;par=u%40example.net@example.com")
        #expect(uri.user == "user;par=u@example.net")
        #expect(uri.host == "example.com")
        #expect(uri.parameters.isEmpty)
    }

    @Test func telURIIsTypedWithItsNumberAndParameters() throws {
        let uri = try SIPURI.parse("tel:+1-201-555-0123;ext=42")
        #expect(uri.isTel)
        #expect(uri.user == "+1-201-555-0123")
        #expect(uri.parameters["ext"] == "42")
        #expect(uri.description == "tel:+1-201-555-0123;ext=42")
        #expect(SIPURI.tel("+15551234").description == "tel:+15551234")
    }

    @Test func otherSchemesAreKeptOpaque() throws {
        let uri = try SIPURI.parse("isbn:2983792873")
        #expect(uri.scheme == "isbn")
        #expect(uri.opaque == "2983792873")
        #expect(!uri.isSIP)
        #expect(uri.description == "isbn:2983792873")
    }

    @Test(arguments: [
        "", "sip:", "user@example.com", "sip:user@", "sip:@example.com", "sip:user@exa mple.com",
        "sip:user@example.com:99999", "sip:user@example.com:port", "sip:user@[::1", "sip:user@[1:2:3]",
        "sip:us%zzer@example.com", "sip:us%4@example.com", "sip:user@example.com;", "sip:user@example.com?x",
        "sip:a\"b@example.com", "<sip:user@example.com>", "tel:", "1sip:a@b",
    ])
    func malformedURIsThrow(text: String) {
        #expect(throws: SIPParseError.self) { try SIPURI.parse(text) }
    }

    @Test func endpointUsesMaddrAndDefaultPorts() throws {
        #expect(try SIPURI.parse("sip:a@host").endpoint == .init(host: "host", port: 5060))
        #expect(try SIPURI.parse("sips:a@host").endpoint == .init(host: "host", port: 5061))
        #expect(try SIPURI.parse("sip:a@host;transport=TLS").endpoint == .init(host: "host", port: 5061))
        #expect(try SIPURI.parse("sip:a@host;transport=tcp").endpoint == .init(host: "host", port: 5060))
        #expect(try SIPURI.parse("sip:a@host:7000;maddr=10.0.0.1").endpoint == .init(host: "10.0.0.1", port: 7000))
        #expect(SIPURI.tel("+1").endpoint == nil)
    }

    @Test func equivalenceIgnoresHostCaseAndUnrelatedParameters() throws {
        let a = try SIPURI.parse("sip:carol@CHICAGO.com;foo=bar")
        let b = try SIPURI.parse("sip:carol@chicago.com")
        #expect(a.isEquivalent(to: b))
        #expect(!a.isEquivalent(to: try SIPURI.parse("sip:carol@chicago.com;transport=tcp")))
        #expect(!a.isEquivalent(to: try SIPURI.parse("sip:Carol@chicago.com")))
    }

    @Test func builtURIEscapesReservedCharacters() {
        let uri = SIPURI(user: "a b@c", host: "example.com", port: 5060, parameters: ["lr": nil, "x": "y z"])
        #expect(uri.description == "sip:a%20b%40c@example.com:5060;lr;x=y%20z")
    }
}
