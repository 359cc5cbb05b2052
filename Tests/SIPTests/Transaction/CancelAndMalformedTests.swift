import CoreTypes
import Testing
@testable import SIP

@Suite("CANCEL matching and malformed input")
struct CancelAndMalformedTests {
    @Test func cancelTargetsThePendingInvite() throws {
        var layer = TransactionLayer()
        let invite = try #require(layer.receive(TestMessages.request(), from: peer, now: .zero).deliveredRequests.first)
        let cancel = invite.makeCANCEL()
        let events = layer.receive(cancel.serialize(), from: peer, now: ms(50))
        guard case .cancel(let received, let from, .pending(let target)) = try #require(events.first) else {
            Issue.record("expected a CANCEL with a pending target, got \(events)")
            return
        }
        #expect(received.method == .cancel)
        #expect(from == peer)
        #expect(target.callID == invite.callID)

        let cancelOK = layer.sendResponse(received.makeResponse(status: 200, toTag: "gw"), now: ms(60))
        #expect(cancelOK.transmitted.first?.response?.cseq?.method == .cancel)
        let terminated = target.makeResponse(status: 487, toTag: "gw")
        #expect(layer.sendResponse(terminated, now: ms(61)).transmitted == [.response(terminated)])
        #expect(layer.receive(target.makeACK(forNon2xx: terminated).serialize(), from: peer, now: ms(70)).isEmpty)
    }

    @Test func cancelAfterTheFinalResponseIsAlreadyAnswered() throws {
        var layer = TransactionLayer()
        let invite = try #require(layer.receive(TestMessages.request(), from: peer, now: .zero).deliveredRequests.first)
        _ = layer.sendResponse(invite.makeResponse(status: 200, toTag: "gw"), now: ms(10))
        let events = layer.receive(invite.makeCANCEL().serialize(), from: peer, now: ms(20))
        #expect(events == [.cancel(try #require(try SIPMessage.parse(invite.makeCANCEL().serialize()).request).stamped(from: peer),
                                   from: peer, target: .alreadyAnswered(invite))])
    }

    @Test func cancelForAnUnknownInviteIsNotFound() throws {
        var layer = TransactionLayer()
        let events = layer.receive(TestMessages.request("CANCEL"), from: peer, now: .zero)
        guard case .cancel(_, _, .notFound) = try #require(events.first) else {
            Issue.record("expected notFound, got \(events)")
            return
        }
    }

    @Test func malformedRequestGetsA400Statelessly() throws {
        var layer = TransactionLayer()
        let events = layer.receive(try Fixtures.bytes("rfc4475", "badinv01.dat"), from: peer, now: .zero)
        // The reply copies the malformed Via verbatim, so it is checked as text.
        guard case .transmit(let bytes, _) = try #require(events.first) else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("SIP/2.0 400 Bad Request - Invalid Via: empty list element\r\n"))
        #expect(text.contains("\r\nVia: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n"))
        #expect(text.contains("\r\nCall-ID: badinv01.0ha0isndaksdjasdf3234nas\r\n"))
        #expect(text.contains("\r\nCSeq: 8 INVITE\r\n"))
        #expect(text.hasSuffix("\r\nContent-Length: 0\r\n\r\n"))
        #expect(events.destinations == [peer])
        #expect(layer.serverTransactionCount == 0)
    }

    @Test func malformedRequestWithARoutableViaIsAnsweredThere() throws {
        var layer = TransactionLayer()
        let events = layer.receive(try Fixtures.bytes("rfc4475", "clerr.dat"), from: peer, now: .zero)
        #expect(events.transmitted.first?.response?.statusCode == 400)
        #expect(events.destinations == [Endpoint(host: "192.0.2.10", port: 5060)])
    }

    @Test func malformedRequestWithoutCallIDIsDropped() {
        var layer = TransactionLayer()
        let bytes = TestMessages.bytes(["INVITE sip:a@b SIP/2.0 ", "Via: SIP/2.0/UDP h;branch=z9hG4bKa", "CSeq: 1 INVITE"])
        #expect(layer.receive(bytes, from: peer, now: .zero).isEmpty)
    }

    @Test func malformedAckAndKeepAlivesAreIgnored() {
        var layer = TransactionLayer()
        let ack = TestMessages.bytes(["ACK sip:a@b SIP/2.0", "Via: SIP/2.0/UDP h;;", "From: <sip:a@b>;tag=1",
                                      "To: <sip:a@b>", "Call-ID: c", "CSeq: 1 ACK"])
        #expect(layer.receive(ack, from: peer, now: .zero).isEmpty)
        #expect(layer.receive(Array("\r\n\r\n".utf8), from: peer, now: .zero).isEmpty)
    }

    @Test func oversizedRequestWithReadableHeadersGets513() throws {
        var layer = TransactionLayer(limits: SIPParseLimits(maxMessageBytes: 4096, maxHeaderFields: 20))
        let events = layer.receive(TestMessages.request(extra: (0..<30).map { "X-H\($0): v" }), from: peer, now: .zero)
        #expect(events.transmitted.first?.response?.statusCode == 513)
    }
}

extension SIPRequest {
    /// The request as the transaction layer hands it to the TU (received/rport stamped).
    func stamped(from source: Endpoint) -> SIPRequest {
        var copy = self
        ResponseRouting.stampTopVia(of: &copy, source: source)
        return copy
    }
}
