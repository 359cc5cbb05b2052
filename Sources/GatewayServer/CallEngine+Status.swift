import Foundation
import Gateway

/// `GET /api/active-calls`: the calls in progress as the engine sees them right now.
struct ActiveCallStatus: Codable, Sendable {
    var id: String
    /// `outbound` (web → phone), `inbound` (phone → gateway), `echo` (web answered by the gateway).
    var kind: String
    /// For calls with a browser: the state it was last told, or `reconnecting` while it is away.
    var state: String?
    var reconnecting: Bool
    var sipCallId: String?
    /// The dialplan's decisions so far, for calls the gateway answered itself.
    var trace: [String]?
}

extension CallEngine {
    func activeCallStatuses() -> [ActiveCallStatus] {
        calls.values.map { call in
            var status = ActiveCallStatus(id: call.key, kind: "echo", state: nil, reconnecting: call.isReconnecting,
                                          sipCallId: call.sipCallID, trace: call.script?.run.trace)
            switch call.logic {
            case .outbound(let outbound):
                status.kind = "outbound"
                status.state = outbound.webState.rawValue
            case .inbound:
                status.kind = "inbound"
            case .echo:
                status.kind = "echo"
            }
            return status
        }.sorted { $0.id < $1.id }
    }
}
