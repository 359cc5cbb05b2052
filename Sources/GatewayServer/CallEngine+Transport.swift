import CoreTypes
import Gateway

extension CallEngine {
    /// A connection the gateway opened never became usable: the transactions
    /// sending there end now (RFC 3261 §17.1.1.2, §17.1.2.2) and their calls take
    /// their timeout path, instead of waiting 64·T1.
    func sipUndeliverable(to destination: Endpoint, transport: SIPTransport, reason: String) {
        let events = transactions.transportFailed(to: destination)
        if !events.isEmpty {
            logger.info("SIP requests not delivered; their calls fail", metadata: [
                "peer": "\(transport.rawValue):\(destination)", "reason": "\(reason)", "requests": "\(events.count)",
            ])
        }
        handle(events)
        rescheduleTimer()
    }

    /// The TCP and TLS destinations calls still use; their connections are kept
    /// open however long the call is silent on the SIP side.
    func streamPeersInUse() -> Set<SIPPeer> {
        var peers: Set<SIPPeer> = []
        for call in calls.values {
            guard case .outbound(let outbound) = call.logic else { continue }
            let trunk = outbound.plan.trunk
            if trunk.transport.isReliable { peers.insert(SIPPeer(transport: trunk.transport, endpoint: trunk.nextHop)) }
        }
        return peers
    }
}
