import CoreTypes
import Testing
@testable import SIP

@Suite("Transport errors")
struct TransportFailureTests {
    let other = Endpoint(host: "192.0.2.99", port: 5061)

    @Test func pendingTransactionsToTheDestinationTimeOutAtOnce() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest()
        let options = try TestMessages.parsedRequest("OPTIONS", branch: "z9hG4bKopt")
        let elsewhere = try TestMessages.parsedRequest("OPTIONS", branch: "z9hG4bKother")
        _ = layer.sendRequest(invite, to: peer, reliable: true, now: .zero)
        _ = layer.sendRequest(options, to: peer, reliable: true, now: .zero)
        _ = layer.sendRequest(elsewhere, to: other, reliable: true, now: .zero)

        // RFC 3261 §17.1.1.2: a transport error ends the transaction and tells the TU.
        let events = layer.transportFailed(to: peer)
        #expect(Set(events) == [.timeout(invite), .timeout(options)])
        #expect(layer.clientTransactionCount == 1)
        // The transaction to the other destination is untouched and still times out by Timer F.
        #expect(layer.nextDeadline == .seconds(32))
        #expect(layer.transportFailed(to: peer).isEmpty)
    }

    @Test func aTransactionWithItsFinalResponseEndsQuietly() throws {
        var layer = TransactionLayer()
        let invite = try TestMessages.parsedRequest()
        _ = layer.sendRequest(invite, to: peer, now: .zero)
        // A 486 moves the INVITE transaction to Completed (Timer D running).
        _ = layer.receive(response(486, to: invite), from: peer, now: ms(100))
        #expect(layer.clientTransactionCount == 1)
        #expect(layer.transportFailed(to: peer).isEmpty)
        #expect(layer.clientTransactionCount == 0)
    }
}
