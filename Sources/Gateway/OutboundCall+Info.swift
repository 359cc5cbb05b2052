import CoreTypes
import SIP

/// DTMF over SIP INFO on a web → trunk call (`DTMFInfoCall`).
extension OutboundCall: DTMFInfoCall {
    /// Sends `digits` (0-9 * # A-D; other characters are skipped) to the trunk, one INFO per
    /// digit, each after the previous one's final response and at least 160 ms after it.
    /// Only an answered call sends: digits before the answer or after the end are dropped.
    public mutating func sendDTMF(info digits: String, now: Instant) -> [CallAction] {
        queueInfoDigits(digits, now: now)
    }

    /// How many digits wait to leave as INFO (the one in flight not counted).
    public var pendingInfoDigits: Int { dtmfInfo.pending.count }

    var acceptsInfo: Bool { phase == .answered }
    var infoFormat: DTMFInfoBody.Format { plan.dtmfInfoFormat }
    var infoLocal: LocalSIPAddress { plan.local }
    var infoGiveUpAfter: Duration { plan.transactionTimeout }
    func infoTarget(of dialog: SIPDialog) -> Endpoint? { destination(of: dialog) }
}
