import Testing
@testable import SIP

@Suite("Dialogs")
struct SIPDialogTests {
    func inviteAnd200(recordRoute: [String] = ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]) throws
        -> (SIPRequest, SIPResponse) {
        let invite = try TestMessages.parsedRequest(cseq: 101)
        var ok = invite.makeResponse(status: 200, toTag: "bobtag")
        ok.contact = NameAddr(uri: try SIPURI.parse("sip:bob@192.0.2.4:5070"))
        ok.headers.setAll("Record-Route", recordRoute)
        return (invite, ok)
    }

    @Test func uacDialogReversesTheRouteSetAndTargetsTheContact() throws {
        let (invite, ok) = try inviteAnd200()
        var dialog = try #require(SIPDialog(uacRequest: invite, response: ok))
        #expect(dialog.role == .uac)
        #expect(dialog.state == .confirmed)
        #expect(dialog.id == .init(callID: "3848276298220188511@atlanta.example.com", localTag: "9fxced76sl", remoteTag: "bobtag"))
        #expect(dialog.routeSet.map(\.uri.host) == ["p2.example.com", "p1.example.com"])
        #expect(dialog.remoteTarget.description == "sip:bob@192.0.2.4:5070")
        #expect(dialog.nextHop.host == "p2.example.com")

        let bye = dialog.makeRequest(method: .bye, viaHost: "203.0.113.1", viaPort: 5060)
        #expect(bye.startLine == "BYE sip:bob@192.0.2.4:5070 SIP/2.0")
        #expect(bye.cseq == CSeq(102, .bye))
        #expect(bye.routes.map(\.uri.host) == ["p2.example.com", "p1.example.com"])
        #expect(bye.from?.tag == "9fxced76sl")
        #expect(bye.to?.tag == "bobtag")
        #expect(bye.from?.uri == invite.from?.uri)
        #expect(bye.maxForwards == 70)
        #expect(bye.topVia?.hasRFC3261Branch == true)
        #expect(bye.topVia?.sentBy == "203.0.113.1:5060")
        #expect(bye.topVia?.hasRport == true)
        #expect(bye.contact == nil)

        let reinvite = dialog.makeRequest(method: .invite, viaHost: "203.0.113.1")
        #expect(reinvite.cseq == CSeq(103, .invite))
        #expect(reinvite.contact?.uri == invite.contact?.uri)
        #expect(reinvite.topVia?.branch != bye.topVia?.branch)
        #expect(dialog.localSequence == 103)
    }

    @Test func ackFor2xxReusesTheInviteCSeqWithANewBranch() throws {
        let (invite, ok) = try inviteAnd200()
        let dialog = try #require(SIPDialog(uacRequest: invite, response: ok))
        let ack = dialog.makeACK(forInviteCSeq: 101, viaHost: "203.0.113.1", transport: "TCP")
        #expect(ack.method == .ack)
        #expect(ack.cseq == CSeq(101, .ack))
        #expect(ack.topVia?.branch != invite.topVia?.branch)
        #expect(ack.topVia?.transport == "TCP")
        #expect(ack.routes.count == 2)
        #expect(ack.to?.tag == "bobtag")
    }

    @Test func strictRouterBecomesTheRequestURI() throws {
        let (invite, ok) = try inviteAnd200(recordRoute: ["<sip:strict.example.com;method=INVITE>"])
        var dialog = try #require(SIPDialog(uacRequest: invite, response: ok))
        let bye = dialog.makeRequest(method: .bye, viaHost: "h")
        #expect(bye.uri.description == "sip:strict.example.com")
        #expect(bye.routes.map(\.uri.description) == ["sip:bob@192.0.2.4:5070"])
    }

    @Test func uasDialogKeepsRouteOrderAndMatchesPeerRequests() throws {
        let invite = try TestMessages.parsedRequest(cseq: 5, extra: ["Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>"])
        var dialog = try #require(SIPDialog(uasRequest: invite, localTag: "gw1",
                                            localContact: try SIPURI.parse("sip:gw@203.0.113.1")))
        #expect(dialog.routeSet.map(\.uri.host) == ["p1.example.com", "p2.example.com"])
        #expect(dialog.remoteSequence == 5)
        #expect(dialog.remoteTarget.description == "sip:alice@pc33.atlanta.example.com")

        var bye = try TestMessages.parsedRequest("BYE", cseq: 6)
        bye.headers["To"] = "Bob <sip:bob@biloxi.example.com>;tag=gw1"
        #expect(dialog.matches(bye))
        let accepted = dialog.receive(bye)
        #expect(accepted)
        #expect(dialog.remoteSequence == 6)
        var stale = bye
        stale.cseq = CSeq(4, .bye)
        let acceptedStale = dialog.receive(stale)
        #expect(!acceptedStale)
        var other = bye
        other.headers["To"] = "<sip:bob@biloxi.example.com>;tag=zzz"
        #expect(!dialog.matches(other))

        let ours = dialog.makeRequest(method: .bye, viaHost: "203.0.113.1")
        #expect(ours.cseq == CSeq(1, .bye))
        #expect(ours.from?.tag == "gw1")
        #expect(ours.to?.tag == "9fxced76sl")
        #expect(ours.uri.description == "sip:alice@pc33.atlanta.example.com")
        #expect(ours.routes.map(\.uri.host) == ["p1.example.com", "p2.example.com"])
    }

    @Test func targetRefreshUpdatesTheRemoteTarget() throws {
        let invite = try TestMessages.parsedRequest(cseq: 5)
        var dialog = try #require(SIPDialog(uasRequest: invite, localTag: "gw1"))
        var reinvite = try TestMessages.parsedRequest(cseq: 6)
        reinvite.contact = NameAddr(uri: try SIPURI.parse("sip:alice@198.51.100.7"))
        let accepted = dialog.receive(reinvite)
        #expect(accepted)
        #expect(dialog.remoteTarget.host == "198.51.100.7")
    }

    @Test func earlyDialogIsConfirmedBy2xxWithRecomputedRoutes() throws {
        let invite = try TestMessages.parsedRequest()
        var ringing = invite.makeResponse(status: 180, toTag: "bobtag")
        ringing.contact = NameAddr(uri: try SIPURI.parse("sip:bob@192.0.2.4"))
        var dialog = try #require(SIPDialog(uacRequest: invite, response: ringing))
        #expect(dialog.state == .early)
        #expect(dialog.routeSet.isEmpty)
        var ok = invite.makeResponse(status: 200, toTag: "bobtag")
        ok.headers.add("Record-Route", "<sip:p1.example.com;lr>")
        ok.contact = NameAddr(uri: try SIPURI.parse("sip:bob@192.0.2.99"))
        #expect(dialog.matches(ok))
        dialog.update(with: ok)
        #expect(dialog.state == .confirmed)
        #expect(dialog.routeSet.map(\.uri.host) == ["p1.example.com"])
        #expect(dialog.remoteTarget.host == "192.0.2.99")
    }

    @Test func responsesWithoutToTagOrWithFailureDoNotCreateDialogs() throws {
        let invite = try TestMessages.parsedRequest()
        #expect(SIPDialog(uacRequest: invite, response: invite.makeResponse(status: 180)) == nil)
        #expect(SIPDialog(uacRequest: invite, response: invite.makeResponse(status: 486, toTag: "x")) == nil)
        var noContact = invite
        noContact.headers["Contact"] = nil
        #expect(SIPDialog(uasRequest: noContact, localTag: "t") == nil)
    }
}
