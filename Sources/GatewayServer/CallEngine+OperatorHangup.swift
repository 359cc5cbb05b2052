import Foundation
import Gateway
import Store

extension CallEngine {
    /// An operator ends a call from the admin console (`POST /api/active-calls/:id/hangup`):
    /// both sides are told `normal_clearing`, side `gateway`, and the record says who.
    /// Returns false for a call that is unknown or already ending.
    func hangUpByOperator(_ key: String, operatorName: String) -> Bool {
        guard let call = calls[key], !call.logic.hasEnded else { return false }
        logger.notice("call hung up by an operator", metadata: ["call": "\(key)", "operator": "\(operatorName)"])
        recorder.event(id: key, CallRecordEvent(at: Date(), kind: "operator_hangup", detail: operatorName))
        drive(key, .gatewayHangup(.normalClearing))
        return true
    }
}
