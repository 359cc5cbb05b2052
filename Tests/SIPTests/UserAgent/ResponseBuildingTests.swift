import Testing
@testable import SIP

@Suite("Responses, CANCEL and identifiers")
struct ResponseBuildingTests {
    @Test func responseCopiesTransactionHeadersAndAddsToTag() throws {
        let request = try TestMessages.parsedRequest(extra: [
            "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1", "Record-Route: <sip:proxy.example.com;lr>",
            "Timestamp: 54",
        ])
        let ok = request.makeResponse(status: 200, toTag: "xyz")
        #expect(ok.statusCode == 200)
        #expect(ok.reasonPhrase == "OK")
        #expect(ok.headers.fieldValues("Via") == request.headers.fieldValues("Via"))
        #expect(ok.to?.tag == "xyz")
        #expect(ok.headers["To"] == "Bob <sip:bob@biloxi.example.com>;tag=xyz")
        #expect(ok.from == request.from)
        #expect(ok.callID == request.callID)
        #expect(ok.cseq == request.cseq)
        #expect(ok.headers["Record-Route"] == "<sip:proxy.example.com;lr>")
        #expect(ok.headers["Content-Length"] == "0")
        #expect(ok.headers["Timestamp"] == nil)

        let trying = request.makeResponse(status: 100, toTag: "xyz")
        #expect(trying.to?.tag == nil)
        #expect(trying.headers["Timestamp"] == "54")
        #expect(trying.headers["Record-Route"] == nil)
        #expect(request.makeResponse(status: 486, reason: "Busy", toTag: "a").headers["Record-Route"] == nil)
    }

    @Test func existingToTagIsKept() throws {
        var request = try TestMessages.parsedRequest("BYE")
        request.headers["To"] = "<sip:bob@biloxi.example.com>;tag=old"
        #expect(request.makeResponse(status: 200, toTag: "new").to?.tag == "old")
    }

    @Test func cancelMatchesTheInviteTransaction() throws {
        let invite = try TestMessages.parsedRequest(cseq: 314159, extra: [
            "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1", "Route: <sip:p1.example.com;lr>", "Route: <sip:p2.example.com;lr>",
        ], body: "v=0")
        let cancel = invite.makeCANCEL()
        #expect(cancel.method == .cancel)
        #expect(cancel.uri == invite.uri)
        #expect(cancel.via.count == 1)
        #expect(cancel.topVia == invite.topVia)
        #expect(cancel.cseq == CSeq(314159, .cancel))
        #expect(cancel.from == invite.from)
        #expect(cancel.to == invite.to)
        #expect(cancel.callID == invite.callID)
        #expect(cancel.routes.map(\.uri.host) == ["p1.example.com", "p2.example.com"])
        #expect(cancel.body.isEmpty)
        #expect(ClientTransactionKey(cancel)?.branch == ClientTransactionKey(invite)?.branch)
        #expect(ClientTransactionKey(cancel) != ClientTransactionKey(invite))
    }

    @Test func ackForNon2xxTakesToFromTheResponse() throws {
        let invite = try TestMessages.parsedRequest(cseq: 7)
        let busy = invite.makeResponse(status: 486, toTag: "b1")
        let ack = invite.makeACK(forNon2xx: busy)
        #expect(ack.method == .ack)
        #expect(ack.cseq == CSeq(7, .ack))
        #expect(ack.to?.tag == "b1")
        #expect(ack.topVia?.branch == invite.topVia?.branch)
        #expect(ack.uri == invite.uri)
    }

    @Test func identifiersAreFreshAndWellFormed() {
        let b1 = SIPIdentifiers.newBranch(), b2 = SIPIdentifiers.newBranch()
        #expect(b1.hasPrefix("z9hG4bK"))
        #expect(b1.count == 23)
        #expect(b1 != b2)
        #expect(SIPIdentifiers.newTag() != SIPIdentifiers.newTag())
        #expect(SIPIdentifiers.newCallID(domain: "gw.example.com").hasSuffix("@gw.example.com"))
        #expect(SIPIdentifiers.newTag().utf8.allSatisfy(SIPChar.isToken))
    }

    @Test func validationFailuresAppearInOrder() throws {
        var request = try TestMessages.parsedRequest(extra: ["Require: 100rel, foo"])
        #expect(request.validationFailure(supportedExtensions: ["100rel", "foo"]) == nil)
        #expect(request.validationFailure(supportedExtensions: ["100rel"])?.headers == [.init(name: "Unsupported", value: "foo")])
        request.version = "SIP/3.0"
        #expect(request.validationFailure(supportedExtensions: [])?.statusCode == 505)
        request.version = "SIP/2.0"
        request.method = "PUBLISH"
        request.cseq = CSeq(1, "PUBLISH")
        let allow = request.validationFailure(supportedExtensions: ["100rel", "foo"], supportedMethods: [.invite, .bye])
        #expect(allow == SIPValidationFailure(statusCode: 405, headers: [.init(name: "Allow", value: "BYE, INVITE")]))
        request.headers["Max-Forwards"] = nil
        #expect(request.validationFailure(supportedExtensions: [])?.reasonPhrase == "Bad Request - Missing Max-Forwards")
    }
}

@Suite("Initial requests")
struct InitialRequestTests {
    @Test func initialInviteHasEveryMandatoryHeader() throws {
        let from = NameAddr(displayName: "Gateway", uri: try SIPURI.parse("sip:gw@203.0.113.1"))
        let to = NameAddr(uri: try SIPURI.parse("sip:+15551234@trunk.example.com"))
        var invite = SIPRequest.makeInitial(method: .invite, uri: to.uri, from: from, to: to, callID: "c1", cseq: 10,
                                            viaHost: "203.0.113.1", viaPort: 5060,
                                            contact: try SIPURI.parse("sip:gw@203.0.113.1:5060"),
                                            body: Array("v=0\r\n".utf8), contentType: "application/sdp")
        #expect(invite.validationFailure(supportedExtensions: [], supportedMethods: SIPMethod.standard,
                                         acceptedBodyTypes: ["application/sdp"]) == nil)
        #expect(invite.from?.tag?.isEmpty == false)
        #expect(invite.cseq == CSeq(10, .invite))
        #expect(invite.topVia?.hasRport == true)
        #expect(invite.contentType == "application/sdp")
        let reparsed = try #require(try SIPMessage.parse(invite.serialize()).request)
        #expect(reparsed.headers["Content-Length"] == "5")
        let branch = invite.topVia?.branch
        invite.refreshBranch()
        #expect(invite.topVia?.branch != branch)
        #expect(invite.topVia?.hasRFC3261Branch == true)
    }
}
