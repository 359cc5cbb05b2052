import CoreTypes
import Testing
@testable import SIP

@Suite("Server transactions")
struct ServerTransactionTests {
    let inviteBytes = TestMessages.request()

    func receiveInvite(_ layer: inout TransactionLayer, at time: Instant = .zero) throws -> SIPRequest {
        let events = layer.receive(inviteBytes, from: peer, now: time)
        return try #require(events.deliveredRequests.first)
    }

    @Test func trying100IsSentWhenTheTUIsSilentFor200ms() throws {
        var layer = TransactionLayer()
        _ = try receiveInvite(&layer)
        #expect(layer.nextDeadline == ms(200))
        let events = layer.advance(to: ms(200))
        #expect(events.transmitted.first?.response?.statusCode == 100)
        #expect(events.destinations == [Endpoint(host: "192.0.2.10", port: 5060)])
    }

    @Test func trying100IsSkippedWhenTheTUAnswersFirst() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        _ = layer.sendResponse(invite.makeResponse(status: 180, toTag: "gw"), now: ms(50))
        #expect(layer.advance(to: ms(300)).isEmpty)
    }

    @Test func zeroDelaySendsTryingImmediately() throws {
        var layer = TransactionLayer(timers: SIPTimers(tryingDelay: .zero))
        let events = layer.receive(inviteBytes, from: peer, now: .zero)
        #expect(events.deliveredRequests.count == 1)
        #expect(events.transmitted.first?.response?.statusCode == 100)
    }

    @Test func retransmittedInviteIsAbsorbedAndGetsTheLastProvisional() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        let ringing = invite.makeResponse(status: 180, toTag: "gw")
        _ = layer.sendResponse(ringing, now: ms(10))
        let again = layer.receive(inviteBytes, from: peer, now: ms(500))
        #expect(again.deliveredRequests.isEmpty)
        #expect(again.transmitted == [.response(ringing)])
        #expect(layer.serverTransactionCount == 1)
    }

    @Test func non2xxIsRetransmittedByTimerGUntilTheAckThenTimerIEnds() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        let busy = invite.makeResponse(status: 486, toTag: "gw")
        #expect(layer.sendResponse(busy, now: .zero).transmitted == [.response(busy)])
        let (times, _) = layer.run(until: ms(12_000))
        #expect(times == [500, 1500, 3500, 7500, 11500])
        let ack = invite.makeACK(forNon2xx: busy)
        #expect(layer.receive(ack.serialize(), from: peer, now: ms(12_100)).isEmpty)
        #expect(layer.nextDeadline == ms(17_100))
        #expect(layer.receive(ack.serialize(), from: peer, now: ms(13_000)).isEmpty)
        _ = layer.advance(to: ms(17_100))
        #expect(layer.serverTransactionCount == 0)
    }

    @Test func timerHReportsTheMissingAck() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        let busy = invite.makeResponse(status: 486, toTag: "gw")
        _ = layer.sendResponse(busy, now: .zero)
        let (times, events) = layer.run(until: .seconds(40))
        #expect(times == [500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500])
        #expect(events.last == .ackTimeout(busy))
        #expect(layer.serverTransactionCount == 0)
    }

    @Test func retransmittedInviteAfterFinalGetsTheFinalAgain() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        let busy = invite.makeResponse(status: 486, toTag: "gw")
        _ = layer.sendResponse(busy, now: .zero)
        #expect(layer.receive(inviteBytes, from: peer, now: ms(100)).transmitted == [.response(busy)])
    }

    @Test func twoHundredIsRetransmittedUntilTheAckArrives() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        let ok = invite.makeResponse(status: 200, toTag: "gw")
        _ = layer.sendResponse(ok, now: .zero)
        // Waiting for its ACK, the transaction is found by Call-ID, not by a scan of all.
        #expect(layer.acceptedByCallID.mapValues(\.count) == [try #require(invite.callID): 1])
        let (times, _) = layer.run(until: ms(4000))
        #expect(times == [500, 1500, 3500])

        #expect(layer.receive(inviteBytes, from: peer, now: ms(4100)).isEmpty)
        var dialog = try #require(SIPDialog(uacRequest: invite, response: ok))
        dialog.remoteTarget = invite.uri
        let ack = dialog.makeACK(forInviteCSeq: 1, viaHost: "pc33.atlanta.example.com")
        let delivered = layer.receive(ack.serialize(), from: peer, now: ms(4200))
        #expect(delivered.deliveredRequests.map(\.method) == [.ack])
        #expect(layer.run(until: ms(31_000)).transmitTimes.isEmpty)
        #expect(layer.serverTransactionCount == 1)
        _ = layer.advance(to: .seconds(32))
        #expect(layer.serverTransactionCount == 0)
        #expect(layer.acceptedByCallID.isEmpty)
    }

    @Test func twoHundredWithoutAckReportsAckTimeout() throws {
        var layer = TransactionLayer()
        let invite = try receiveInvite(&layer)
        let ok = invite.makeResponse(status: 200, toTag: "gw")
        _ = layer.sendResponse(ok, now: .zero)
        let (times, events) = layer.run(until: .seconds(40))
        #expect(times.count == 10)
        #expect(events.last == .ackTimeout(ok))
    }

    @Test func reliableInviteResponsesAreNotRetransmitted() throws {
        var layer = TransactionLayer()
        let events = layer.receive(inviteBytes, from: peer, reliable: true, now: .zero)
        let invite = try #require(events.deliveredRequests.first)
        _ = layer.sendResponse(invite.makeResponse(status: 486, toTag: "gw"), now: ms(10))
        #expect(layer.run(until: .seconds(31)).transmitTimes.isEmpty)
        _ = layer.receive(invite.makeACK(forNon2xx: invite.makeResponse(status: 486, toTag: "gw")).serialize(),
                          from: peer, reliable: true, now: .seconds(1))
        _ = layer.advance(to: .seconds(1))
        #expect(layer.serverTransactionCount == 0)
    }

    @Test func nonInviteRetransmissionsGetTheLastResponseUntilTimerJ() throws {
        var layer = TransactionLayer()
        let optionsBytes = TestMessages.request("OPTIONS")
        let options = try #require(layer.receive(optionsBytes, from: peer, now: .zero).deliveredRequests.first)
        #expect(layer.nextDeadline == nil)
        #expect(layer.receive(optionsBytes, from: peer, now: ms(400)).isEmpty)
        let ok = options.makeResponse(status: 200, toTag: "gw")
        _ = layer.sendResponse(ok, now: ms(500))
        #expect(layer.receive(optionsBytes, from: peer, now: ms(900)).transmitted == [.response(ok)])
        #expect(layer.nextDeadline == ms(32_500))
        _ = layer.advance(to: ms(32_500))
        #expect(layer.serverTransactionCount == 0)
        #expect(layer.receive(optionsBytes, from: peer, now: ms(33_000)).deliveredRequests.count == 1)
    }

    @Test func receivedAndRportAreStampedAndUsedForTheResponse() throws {
        var layer = TransactionLayer()
        let nat = Endpoint(host: "203.0.113.7", port: 40000)
        let bytes = TestMessages.bytes([
            "OPTIONS sip:gw@example.com SIP/2.0", "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport",
            "Max-Forwards: 70", "To: <sip:gw@example.com>", "From: <sip:a@example.com>;tag=1", "Call-ID: nat1",
            "CSeq: 1 OPTIONS", "Content-Length: 0",
        ])
        let request = try #require(layer.receive(bytes, from: nat, now: .zero).deliveredRequests.first)
        #expect(request.topVia?.received == "203.0.113.7")
        #expect(request.topVia?.rport == 40000)
        let sent = layer.sendResponse(request.makeResponse(status: 200, toTag: "gw"), now: ms(1))
        #expect(sent.destinations == [nat])
    }

    @Test func responseWithoutTransactionIsSentStatelesslyToItsVia() throws {
        var layer = TransactionLayer()
        let request = try TestMessages.parsedRequest("OPTIONS")
        let sent = layer.sendResponse(request.makeResponse(status: 200), now: .zero)
        #expect(sent.destinations == [Endpoint(host: "pc33.atlanta.example.com", port: 5060)])
    }
}
