import CoreTypes
import Logging
import Testing
@testable import GatewayServer

/// The connection table and what a connection that never opened tells the engine.
@Suite struct SIPConnectionPoolTests {
    let trunk = SIPPeer(transport: .tls, endpoint: Endpoint(host: "carrier.example", port: 5061))

    func pool(_ inbox: EngineInbox) -> SIPConnectionPool {
        SIPConnectionPool(inbox: inbox, logger: Logger(label: "test"), maxConnections: 4)
    }

    @Test func aConnectionIsFoundUnderEveryNameUntilItCloses() {
        let pool = pool(EngineInbox())
        let connection = SIPStreamConnection(transport: .tls, origin: .outbound(target: trunk))
        pool.add(connection, as: trunk)
        pool.opened(connection, remote: Endpoint(host: "192.0.2.5", port: 5061))
        #expect(pool.connection(for: trunk) === connection)
        #expect(pool.connection(for: SIPPeer(transport: .tls, endpoint: Endpoint(host: "192.0.2.5", port: 5061)))
            === connection)
        // Same address, other transport: another connection.
        #expect(pool.connection(for: SIPPeer(transport: .tcp, endpoint: trunk.endpoint)) == nil)
        #expect(pool.all().count == 1 && pool.all().first?.peers.count == 2)

        connection.markEstablished()
        pool.closed(connection)
        #expect(pool.connection(for: trunk) == nil)
        #expect(pool.all().isEmpty)
        // Sending on a closed connection is refused, so the caller opens another.
        #expect(connection.send([0x41]) == false)
    }

    @Test func anOutboundConnectionThatNeverOpenedMakesItsRequestsUndeliverable() async {
        let inbox = EngineInbox()
        let pool = pool(inbox)
        let connection = SIPStreamConnection(transport: .tls, origin: .outbound(target: trunk))
        pool.add(connection, as: trunk)
        #expect(connection.send(Array("INVITE".utf8)))      // waits for the connection
        pool.fail(connection, reason: "TLS handshake failed: CERTIFICATE_VERIFY_FAILED")
        pool.fail(connection, reason: "reported once")       // a second close changes nothing

        // An accepted connection, or one that was usable, reports nothing when it closes.
        let accepted = SIPStreamConnection(transport: .tcp, origin: .inbound)
        pool.closed(accepted)
        let used = SIPStreamConnection(transport: .tcp, origin: .outbound(target: trunk))
        used.markEstablished()
        pool.closed(used)
        inbox.finish()

        var reports: [String] = []
        for await posted in inbox.stream {
            let item = posted.item
            if case .sipUndeliverable(let to, let transport, let reason) = item {
                reports.append("\(transport.rawValue) \(to) \(reason)")
            }
        }
        #expect(reports == ["tls carrier.example:5061 TLS handshake failed: CERTIFICATE_VERIFY_FAILED"])
    }

    @Test func acceptedConnectionsBeyondTheLimitAreRefused() {
        let pool = pool(EngineInbox())
        for port in 1...4 {
            let connection = SIPStreamConnection(transport: .tcp, origin: .inbound)
            pool.opened(connection, remote: Endpoint(host: "192.0.2.9", port: port))
        }
        let fifth = SIPStreamConnection(transport: .tcp, origin: .inbound)
        pool.opened(fifth, remote: Endpoint(host: "192.0.2.9", port: 5))
        #expect(pool.all().count == 4)
        #expect(pool.connection(for: SIPPeer(transport: .tcp, endpoint: Endpoint(host: "192.0.2.9", port: 5))) == nil)
    }
}
