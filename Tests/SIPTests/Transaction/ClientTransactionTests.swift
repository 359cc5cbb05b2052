import CoreTypes
import Testing
@testable import SIP

@Suite("Client transactions")
struct ClientTransactionTests {
    @Test func timerADoublesUntilTimerBTimesOut() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest()
        #expect(layer.sendRequest(invite, to: peer, now: .zero).transmitted == [.request(invite)])
        let (times, events) = layer.run(until: .seconds(40))
        #expect(times == [500, 1500, 3500, 7500, 15500, 31500])
        #expect(events.last == .timeout(invite))
        #expect(layer.clientTransactionCount == 0)
    }

    @Test func reliableTransportHasOnlyTimerB() throws {
        var layer = TransactionLayer()
        _ = layer.sendRequest(try TestMessages.parsedRequest(), to: peer, reliable: true, now: .zero)
        #expect(layer.nextDeadline == .seconds(32))
    }

    @Test func loweredT1ScalesEveryTimer() throws {
        var layer = TransactionLayer(timers: SIPTimers(t1: .milliseconds(50)))
        _ = layer.sendRequest(try TestMessages.parsedRequest(), to: peer, now: .zero)
        let (times, events) = layer.run(until: .seconds(5))
        #expect(times == [50, 150, 350, 750, 1550, 3150])
        #expect(events.count == 7)
    }

    @Test func provisionalResponseStopsRetransmissionAndTimerB() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest()
        _ = layer.sendRequest(invite, to: peer, now: .zero)
        let events = layer.receive(response(180, to: invite), from: peer, now: ms(100))
        #expect(events.deliveredResponses.map(\.statusCode) == [180])
        #expect(layer.nextDeadline == nil)
        #expect(layer.advance(to: .seconds(100)).isEmpty)
        #expect(layer.clientTransactionCount == 1)
    }

    @Test func non2xxIsAcknowledgedAndRetransmissionsReAckUntilTimerD() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest(cseq: 9)
        _ = layer.sendRequest(invite, to: peer, now: .zero)
        let busy = response(486, to: invite, toTag: "b7")
        let first = layer.receive(busy, from: peer, now: ms(200))
        let ack = try #require(first.transmitted.first?.request)
        #expect(ack.method == .ack)
        #expect(ack.cseq == CSeq(9, .ack))
        #expect(ack.to?.tag == "b7")
        #expect(ack.topVia?.branch == invite.topVia?.branch)
        #expect(first.destinations == [peer])
        #expect(first.deliveredResponses.map(\.statusCode) == [486])

        let again = layer.receive(busy, from: peer, now: ms(1000))
        #expect(again.transmitted == [.request(ack)])
        #expect(again.deliveredResponses.isEmpty)
        #expect(layer.nextDeadline == ms(32_200))
        _ = layer.advance(to: ms(32_200))
        #expect(layer.clientTransactionCount == 0)
        #expect(layer.receive(busy, from: peer, now: ms(33_000)) == [.strayResponse(try SIPMessage.parse(busy).response!, from: peer)])
    }

    @Test func cancelledInviteWithoutFinalResponseTimesOut() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest()
        _ = layer.sendRequest(invite, to: peer, now: .zero)
        _ = layer.receive(response(180, to: invite), from: peer, now: ms(100))
        #expect(layer.sendRequest(invite.makeCANCEL(), to: peer, now: .seconds(10)).transmitted.first?.request?.method == .cancel)
        _ = layer.receive(response(200, to: invite.makeCANCEL()), from: peer, now: ms(10_050))
        let (_, events) = layer.run(until: .seconds(60))
        #expect(events == [.timeout(invite)])
        #expect(layer.clientTransactionCount == 0)
    }

    @Test func twoHundredEndsTheTransactionAndItsRetransmissionIsStray() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest()
        _ = layer.sendRequest(invite, to: peer, now: .zero)
        let ok = response(200, to: invite)
        #expect(layer.receive(ok, from: peer, now: ms(10)).deliveredResponses.map(\.statusCode) == [200])
        #expect(layer.clientTransactionCount == 0)
        let parsed = try #require(try SIPMessage.parse(ok).response)
        #expect(layer.receive(ok, from: peer, now: ms(20)) == [.strayResponse(parsed, from: peer)])
    }

    @Test func timerEDoublesUpToT2ThenTimerFTimesOut() throws {
        var layer = TransactionLayer()
        let options = try TestMessages.parsedRequest("OPTIONS")
        _ = layer.sendRequest(options, to: peer, now: .zero)
        let (times, events) = layer.run(until: .seconds(40))
        #expect(times == [500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500])
        #expect(events.last == .timeout(options))
    }

    @Test func provisionalResponseSetsTimerEToT2() throws {
        var layer = TransactionLayer()
        let bye = try TestMessages.parsedRequest("BYE")
        _ = layer.sendRequest(bye, to: peer, now: .zero)
        _ = layer.receive(response(100, to: bye, toTag: nil), from: peer, now: ms(100))
        let (times, _) = layer.run(until: .seconds(13))
        #expect(times == [500, 4500, 8500, 12500])
    }

    @Test func finalResponseIsAbsorbedDuringTimerK() throws {
        var layer = TransactionLayer()
        let bye = try TestMessages.parsedRequest("BYE")
        _ = layer.sendRequest(bye, to: peer, now: .zero)
        let ok = response(200, to: bye)
        #expect(layer.receive(ok, from: peer, now: ms(100)).deliveredResponses.count == 1)
        #expect(layer.receive(ok, from: peer, now: ms(600)).isEmpty)
        #expect(layer.nextDeadline == ms(5100))
        _ = layer.advance(to: ms(5100))
        #expect(layer.clientTransactionCount == 0)
    }

    @Test func ackIsSentWithoutATransaction() throws {
        var layer = TransactionLayer()
        let ack = try TestMessages.parsedRequest("ACK")
        #expect(layer.sendRequest(ack, to: peer, now: .zero).transmitted == [.request(ack)])
        #expect(layer.clientTransactionCount == 0)
        #expect(layer.nextDeadline == nil)
    }

    @Test func responsesWithTwoViasAreDropped() throws {
        var layer = TransactionLayer()
        #expect(layer.receive(try Fixtures.bytes("rfc4475", "bcast.dat"), from: peer, now: .zero).isEmpty)
        #expect(layer.receive(try Fixtures.bytes("rfc4475", "bigcode.dat"), from: peer, now: .zero).isEmpty)
    }
}
