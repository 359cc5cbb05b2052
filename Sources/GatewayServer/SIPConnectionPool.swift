import CoreTypes
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The open SIP connections, found by transport and remote address, and what
/// happens when one opens or closes.
///
/// An outbound connection is found both under the address the engine asked for
/// (which may be a host name) and under the address it connected to, so responses
/// to requests that came over it find it too (RFC 3261 §18.2.2).
final class SIPConnectionPool: SIPStreamEvents {
    let inbox: EngineInbox
    let logger: Logger
    /// Accepted connections beyond this are refused (file descriptors are finite).
    let maxConnections: Int
    private let table = NIOLockedValueBox<[SIPPeer: SIPStreamConnection]>([:])

    init(inbox: EngineInbox, logger: Logger, maxConnections: Int) {
        self.inbox = inbox
        self.logger = logger
        self.maxConnections = maxConnections
    }

    func connection(for peer: SIPPeer) -> SIPStreamConnection? {
        table.withLockedValue { $0[peer] }.flatMap { $0.isClosed ? nil : $0 }
    }

    func add(_ connection: SIPStreamConnection, as peer: SIPPeer) {
        table.withLockedValue { $0[peer] = connection }
    }

    /// Each open connection once, with the names it is known by.
    func all() -> [(connection: SIPStreamConnection, peers: [SIPPeer])] {
        table.withLockedValue { table in
            var byConnection: [ObjectIdentifier: (SIPStreamConnection, [SIPPeer])] = [:]
            for (peer, connection) in table {
                byConnection[ObjectIdentifier(connection), default: (connection, [])].1.append(peer)
            }
            return byConnection.values.map { ($0.0, $0.1) }
        }
    }

    // MARK: SIPStreamEvents

    func opened(_ connection: SIPStreamConnection, remote: Endpoint) {
        if case .inbound = connection.origin, all().count >= maxConnections {
            logger.warning("refusing SIP connection: too many open", metadata: [
                "peer": "\(connection.transport.rawValue):\(remote)", "limit": "\(maxConnections)",
            ])
            connection.close()
            return
        }
        add(connection, as: SIPPeer(transport: connection.transport, endpoint: remote))
    }

    /// The connection is gone. One the gateway opened that never became usable
    /// (refused, timed out, TLS handshake failed) makes whatever waited on it
    /// undeliverable: the engine ends those transactions at once.
    func closed(_ connection: SIPStreamConnection) {
        let (wasOpen, established) = connection.markClosed()
        table.withLockedValue { table in
            for (peer, known) in table where known === connection { table[peer] = nil }
        }
        guard wasOpen, !established, let target = connection.target else { return }
        let reason = connection.failure ?? "connection closed before it was usable"
        logger.warning("SIP connection failed; requests sent on it fail", metadata: [
            "peer": "\(target)", "reason": "\(reason)",
        ])
        inbox.post(.sipUndeliverable(to: target.endpoint, transport: target.transport, reason: reason))
    }

    /// A connection that never opened.
    func fail(_ connection: SIPStreamConnection, reason: String) {
        connection.noteFailure(reason)
        closed(connection)
    }
}
