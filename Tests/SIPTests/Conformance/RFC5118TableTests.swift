import Testing
@testable import SIP

/// RFC 5118 §4: only §4.2 (undelimited IPv6 in the Request-URI) is invalid; the
/// three-colon reference of §4.10 and both `received` forms of §4.5 must be tolerated.
let rfc5118Expectations: [String: TortureOutcome] = [
    "ipv6-good": .accept,                      // 4.1
    "ipv6-bad": .reject(400),                  // 4.2
    "port-ambiguous": .accept,                 // 4.3 parses; the port is part of the address
    "port-unambiguous": .accept,               // 4.4
    "via-received-param-with-delim": .accept,  // 4.5
    "via-received-param-no-delim": .accept,    // 4.5
    "ipv6-in-sdp": .accept,                    // 4.6
    "mult-ip-in-header": .accept,              // 4.7
    "mult-ip-in-sdp": .accept,                 // 4.8
    "ipv4-mapped-ipv6": .accept,               // 4.9
    "ipv6-bug-abnf-3-colons": .accept,         // 4.10 tolerated
    "ipv6-correct-abnf-2-colons": .accept,     // 4.10
]

@Suite("RFC 5118 IPv6 torture messages")
struct RFC5118TableTests {
    @Test func tableCoversEveryFileInTheCorpus() throws {
        #expect(Set(try Fixtures.names("rfc5118")) == Set(rfc5118Expectations.keys))
    }

    @Test(arguments: rfc5118Expectations.keys.sorted())
    func messageHasTheOutcomeRFC5118Asks(name: String) throws {
        #expect(TortureOutcome.outcomeOf(try Fixtures.bytes("rfc5118", name)) == rfc5118Expectations[name], "\(name)")
    }

    private func request(_ name: String) throws -> SIPRequest {
        try #require(try SIPMessage.parse(Fixtures.bytes("rfc5118", name)).request)
    }

    @Test func ambiguousPortStaysInsideTheAddress() throws {
        let uri = try request("port-ambiguous").uri
        #expect(uri.host == "2001:db8::10:5070")
        #expect(uri.port == nil)
        #expect(try request("port-unambiguous").uri.port == 5070)
    }

    @Test func receivedIsReadWithAndWithoutBrackets() throws {
        #expect(try request("via-received-param-with-delim").topVia?.received == "2001:db8::9:255")
        #expect(try request("via-received-param-no-delim").topVia?.received == "2001:db8::9:255")
    }

    @Test func threeColonReferenceIsRewrittenWithTwo() throws {
        let r = try request("ipv6-bug-abnf-3-colons")
        #expect(r.uri.host == "2001:db8::192.0.2.1")
        #expect(r.uri.description == "sip:user@[2001:db8::192.0.2.1]")
    }

    @Test func ipv6ViaKeepsItsPort() throws {
        let vias = try request("mult-ip-in-header").via
        #expect(vias.count == 3)
        #expect(vias[0].host == "2001:db8::9:1")
        #expect(vias[0].port == 6050)
        #expect(vias[2].received == "192.0.2.200")
        #expect(vias[2].transport == "TCP")
    }
}
