import CoreTypes
@testable import SIP

let peer = Endpoint(host: "192.0.2.10", port: 5060)

func ms(_ value: Int64) -> Instant { .milliseconds(value) }

extension Array where Element == TransactionEvent {
    /// The bytes of every `.transmit`, parsed back into messages.
    var transmitted: [SIPMessage] {
        compactMap { if case .transmit(let bytes, _) = $0 { try? SIPMessage.parse(bytes) } else { nil } }
    }

    var destinations: [Endpoint] {
        compactMap { if case .transmit(_, let to) = $0 { to } else { nil } }
    }

    var deliveredRequests: [SIPRequest] {
        compactMap { if case .request(let r, _) = $0 { r } else { nil } }
    }

    var deliveredResponses: [SIPResponse] {
        compactMap { if case .response(let r, _) = $0 { r } else { nil } }
    }
}

extension TransactionLayer {
    /// Steps through deadlines up to `end`, recording when something was transmitted
    /// and every event in order.
    mutating func run(until end: Instant) -> (transmitTimes: [Int64], events: [TransactionEvent]) {
        var times: [Int64] = []
        var all: [TransactionEvent] = []
        while let deadline = nextDeadline, deadline <= end {
            let events = advance(to: deadline)
            if !events.transmitted.isEmpty { times.append(deadline.nanoseconds / 1_000_000) }
            all += events
        }
        return (times, all)
    }
}

/// A response to `request` as the far end would send it.
func response(_ status: Int, to request: SIPRequest, toTag: String? = "far") -> [UInt8] {
    request.makeResponse(status: status, toTag: toTag).serialize()
}
