import CoreTypes
import Testing
@testable import Gateway
import SIP

/// The trunk's transport in Via and Contact (RFC 3261 §18.1.1, §19.1.1), the
/// outbound proxy with its Route (§8.1.2), and IPv6 literals in headers (RFC 5118).
@Suite struct TrunkTransportTests {
    @Test func udpIsWrittenAsBefore() throws {
        let (_, invite) = try startedCall(Fixture.plan(trunk: Fixture.trunk(transport: .udp)))
        #expect(invite.topVia?.transport == "UDP")
        #expect(invite.headers["Contact"] == "<sip:gateway@198.51.100.1:5060>")
        #expect(invite.headers["Route"] == nil)
    }

    @Test func tcpIsNamedInViaAndContactOfEveryRequest() throws {
        let plan = Fixture.plan(trunk: Fixture.trunk(transport: .tcp))
        var (call, invite) = try startedCall(plan)
        let via = try #require(invite.topVia)
        #expect(via.description.hasPrefix("SIP/2.0/TCP 198.51.100.1:5060;branch=z9hG4bK"))
        #expect(via.hasRport)
        #expect(via.isReliableTransport)
        #expect(invite.headers["Contact"] == "<sip:gateway@198.51.100.1:5060;transport=tcp>")

        // The ACK and the BYE of the dialog leave on the same transport.
        let answered = call.handle(.sipResponse(reply(200, to: invite, sdp: Fixture.answerSDP())),
                                   now: Fixture.start + .seconds(1))
        let ack = try sent(.ack, in: answered)
        #expect(ack.topVia?.transport == "TCP")
        let hangup = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(5))
        let bye = try sent(.bye, in: hangup)
        #expect(bye.topVia?.transport == "TCP")
        #expect(bye.topVia?.hasRport == true)
    }

    @Test func tlsUsesItsListenerAndDefaultPort() throws {
        var trunk = Fixture.trunk(transport: .tls)
        trunk.endpoint = Endpoint(host: "192.0.2.10", port: 5061)
        trunk.domain = "192.0.2.10"
        let (_, invite) = try startedCall(Fixture.plan(trunk: trunk))
        // 5061 is TLS's default port (RFC 3261 §19.1.2), so the Request-URI leaves it out.
        #expect(invite.uri.description == "sip:+15551234567@192.0.2.10")
        #expect(invite.topVia?.transport == "TLS")
        #expect(invite.topVia?.port == 5061)
        #expect(invite.headers["Contact"] == "<sip:gateway@198.51.100.1:5061;transport=tls>")

        trunk.endpoint.port = 5060
        let (_, other) = try startedCall(Fixture.plan(trunk: trunk))
        #expect(other.uri.description == "sip:+15551234567@192.0.2.10:5060")
    }

    @Test func outboundProxyGetsEveryRequestOutsideTheDialogWithARoute() throws {
        let proxy = Endpoint(host: "192.0.2.20", port: 5080)
        var call = OutboundCall(plan: Fixture.plan(trunk: Fixture.trunk(outboundProxy: proxy)), now: Fixture.start)
        let started = call.start(now: Fixture.start)
        #expect(steps(started) == [.web(.calling), .send(.invite, to: proxy)])
        let invite = try sent(.invite, in: started)
        // Loose routing: the Request-URI still names the trunk, the proxy is in Route.
        #expect(invite.uri.description == "sip:+15551234567@trunk.example.com")
        #expect(invite.headers.fieldValues("Route") == ["<sip:192.0.2.20:5080;lr>"])

        _ = call.handle(.sipResponse(reply(180, to: invite)), now: Fixture.start + .seconds(1))
        let hangup = call.handle(.webHangup(.normalClearing), now: Fixture.start + .seconds(2))
        let cancel = try sent(.cancel, in: hangup)
        #expect(sentDestinations(hangup) == [proxy])
        // RFC 3261 §9.1: the CANCEL carries the INVITE's Route.
        #expect(cancel.headers.fieldValues("Route") == ["<sip:192.0.2.20:5080;lr>"])
    }

    @Test func outboundProxyRouteNamesAStreamTransport() {
        let trunk = Fixture.trunk(transport: .tcp, outboundProxy: Endpoint(host: "2001:db8::20", port: 5060))
        #expect(trunk.outboundProxyRoute == "<sip:[2001:db8::20]:5060;transport=tcp;lr>")
        #expect(trunk.nextHop == Endpoint(host: "2001:db8::20", port: 5060))
        #expect(Fixture.trunk().nextHop == Fixture.trunkEndpoint)
    }

    @Test func ipv6LiteralsAreBracketedInHeaders() throws {
        var trunk = Fixture.trunk()
        trunk.endpoint = Endpoint(host: "2001:db8::1", port: 5070)
        trunk.domain = "2001:db8::1"
        var plan = Fixture.plan(trunk: trunk)
        plan.local = LocalSIPAddress(endpoint: Endpoint(host: "2001:db8::5", port: 5060), userAgent: "gatewayd")
        plan.mediaAddress = "2001:db8::5"
        let (_, invite) = try startedCall(plan)
        #expect(invite.uri.description == "sip:+15551234567@[2001:db8::1]:5070")
        #expect(invite.headers["From"] == "<sip:alice@[2001:db8::1]>;tag=gw-tag")
        #expect(invite.topVia?.sentBy == "[2001:db8::5]:5060")
        #expect(invite.headers["Contact"] == "<sip:gateway@[2001:db8::5]:5060>")
        // RFC 8866 §5.7: an IPv6 connection address is `IN IP6`.
        #expect(String(decoding: invite.body, as: UTF8.self).contains("c=IN IP6 2001:db8::5\r\n"))
    }

    @Test func contactOfEachTransport() {
        let endpoint = Endpoint(host: "203.0.113.1", port: 5070)
        #expect(LocalSIPAddress(endpoint: endpoint, userAgent: "g").contact == "<sip:gateway@203.0.113.1:5070>")
        #expect(LocalSIPAddress(endpoint: endpoint, transport: .tcp, userAgent: "g").contact
            == "<sip:gateway@203.0.113.1:5070;transport=tcp>")
        #expect(LocalSIPAddress(endpoint: endpoint, transport: .tls, userAgent: "g").contact
            == "<sip:gateway@203.0.113.1:5070;transport=tls>")
    }
}

/// Where each request among the actions goes, in order.
private func sentDestinations(_ actions: [CallAction]) -> [Endpoint] {
    actions.compactMap { if case .sendRequest(_, let to) = $0 { to } else { nil } }
}
