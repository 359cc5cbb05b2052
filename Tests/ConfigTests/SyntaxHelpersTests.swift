import Testing
@testable import Config

/// The address and suggestion helpers on their own.
@Suite struct SyntaxHelpersTests {
    @Test(arguments: ["0.0.0.0", "127.0.0.1", "255.255.255.255", "192.0.2.10"])
    func validIPv4(_ text: String) { #expect(AddressSyntax.isIPv4(Substring(text))) }

    @Test(arguments: ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "a.b.c.d", "", "1..2.3", "١.٢.٣.٤"])
    func invalidIPv4(_ text: String) { #expect(!AddressSyntax.isIPv4(Substring(text))) }

    @Test(arguments: ["::", "::1", "2001:db8::1", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "2001:DB8::"])
    func validIPv6(_ text: String) { #expect(AddressSyntax.isIPv6(Substring(text))) }

    @Test(arguments: ["1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "12345::", "g::1", "::ffff:999.0.0.1", ":::", "1:2:3:4:5:6:7"])
    func invalidIPv6(_ text: String) { #expect(!AddressSyntax.isIPv6(Substring(text))) }

    @Test func hostNames() {
        #expect(AddressSyntax.isHostName("sip.example.net"))
        #expect(AddressSyntax.isHostName("localhost"))
        #expect(AddressSyntax.isHostName("a-b.example."))
        #expect(!AddressSyntax.isHostName("-a.example"))
        #expect(!AddressSyntax.isHostName("a_b.example"))
        #expect(!AddressSyntax.isHostName("1.2.3.4"))
        #expect(!AddressSyntax.isHostName(Substring(String(repeating: "a", count: 64) + ".example")))
    }

    @Test func endpoints() throws {
        let v4 = try AddressSyntax.endpoint("192.0.2.1:5080", defaultPort: nil, hosts: .ipLiteral)
        #expect(v4.host == "192.0.2.1" && v4.port == 5080)
        let v6 = try AddressSyntax.endpoint("[::1]:5060", defaultPort: nil, hosts: .ipLiteral)
        #expect(v6.host == "::1" && v6.port == 5060)
        let named = try AddressSyntax.endpoint("sip.example.net", defaultPort: 5060, hosts: .anyHost)
        #expect(named.host == "sip.example.net" && named.port == 5060)
        #expect(throws: ValueProblem.self) { try AddressSyntax.endpoint("sip.example.net:99999999999999999999", defaultPort: 5060, hosts: .anyHost) }
        #expect(throws: ValueProblem.self) { try AddressSyntax.endpoint("[::1]x", defaultPort: 5060, hosts: .anyHost) }
    }

    @Test func editDistance() {
        #expect(Suggestion.editDistance("adress", "address") == 1)
        #expect(Suggestion.editDistance("listne", "listen") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.closest(to: "Trunk", among: ["trunks", "store"]) == "trunks")
        #expect(Suggestion.closest(to: "foo", among: ["http", "sip", "log"]) == nil)
        #expect(Suggestion.closest(to: "answer_timeout", among: ["answer_timeout_s", "max_duration_s"]) == "answer_timeout_s")
        #expect(Suggestion.closest(to: "war", among: ["warning"]) == nil)
    }
}
