import CoreTypes
import Testing
@testable import Gateway
import SIP

/// The pieces of SIP messages toward trunks that stand on their own.
@Suite struct TrunkRequestsTests {
    @Test(arguments: [
        ("12#", "12%23"),
        ("*43", "*43"),
        ("+15551234567", "+15551234567"),
        ("a b", "a%20b"),
        ("ü", "%C3%BC"),
    ])
    func escapesTheUserPart(raw: String, escaped: String) {
        // RFC 3261 §25.1: `#` and space are not allowed unescaped in the user part.
        #expect(TrunkRequests.escapeUser(raw) == escaped)
    }

    func plan(host: String, port: Int, domain: String, destination: String = "+15551234567") -> OutboundCallPlan {
        var trunk = Fixture.trunk()
        trunk.endpoint = Endpoint(host: host, port: port)
        trunk.domain = domain
        return Fixture.plan(trunk: trunk, destination: destination)
    }

    @Test func destinationURIWithoutPort() {
        #expect(TrunkRequests.destinationURI(plan(host: "192.0.2.10", port: 5060, domain: "trunk.example.com"))
            .description == "sip:+15551234567@trunk.example.com")
        #expect(TrunkRequests.destinationURI(plan(host: "192.0.2.10", port: 5060, domain: "192.0.2.10"))
            .description == "sip:+15551234567@192.0.2.10")
        // A domain of its own is resolved by the far end; its port is not ours to add.
        #expect(TrunkRequests.destinationURI(plan(host: "192.0.2.10", port: 5080, domain: "trunk.example.com"))
            .description == "sip:+15551234567@trunk.example.com")
    }

    @Test func destinationURIWithPort() {
        #expect(TrunkRequests.destinationURI(plan(host: "192.0.2.10", port: 5080, domain: "192.0.2.10"))
            .description == "sip:+15551234567@192.0.2.10:5080")
        #expect(TrunkRequests.destinationURI(plan(host: "2001:db8::1", port: 5080, domain: "2001:db8::1"))
            .description == "sip:+15551234567@[2001:db8::1]:5080")
        #expect(TrunkRequests.destinationURI(plan(host: "192.0.2.10", port: 5080, domain: "192.0.2.10",
                                                  destination: "12#")).description == "sip:12%23@192.0.2.10:5080")
    }

    @Test func reasonCauseReadsOnlyQ850() {
        let q850: SIPHeaders = ["Reason": #"Q.850;cause=17;text="User busy""#]
        #expect(TrunkRequests.reasonCause(q850) == .userBusy)
        let sipOnly: SIPHeaders = ["Reason": #"SIP;cause=600;text="Busy Everywhere""#]
        #expect(TrunkRequests.reasonCause(sipOnly) == nil)
        var both = SIPHeaders()
        both.add("Reason", "SIP;cause=200")
        both.add("Reason", "q.850 ; cause=19")
        #expect(TrunkRequests.reasonCause(both) == .noAnswer)
        #expect(TrunkRequests.reasonCause(["Reason": "Q.850;cause=abc"]) == nil)
        #expect(TrunkRequests.reasonCause(SIPHeaders()) == nil)
    }

    @Test func reasonHeaderCarriesQ850AndName() {
        #expect(TrunkRequests.reasonHeader(.noAnswer) == #"Q.850;cause=19;text="no_answer""#)
    }

    @Test(arguments: [
        ("192.0.2.1", true), ("2001:db8::1", true), ("pbx.example.com", false), ("1.2.3", false), ("10.0.0.x", false),
    ])
    func recognisesIPLiterals(host: String, isLiteral: Bool) {
        #expect(TrunkRequests.isIPLiteral(host) == isLiteral)
    }
}
