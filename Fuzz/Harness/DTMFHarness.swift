import Gateway
import RTP

/// Keys from a trunk, as received: the first byte picks the form, the rest is the input.
/// 0: a SIP INFO `application/dtmf-relay` body, 1: an `application/dtmf` body (each parsed
/// and, when accepted, written back and parsed again to the same key), 2: an RFC 4733
/// telephone-event payload.
enum DTMFHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let form = bytes.first else { return .rejected }
        let input = Array(bytes.dropFirst())
        switch form % 3 {
        case 0, 1:
            let format: DTMFInfoBody.Format = form % 3 == 0 ? .dtmfRelay : .dtmf
            guard let body = try? DTMFInfoBody.parse(input, format: format) else { return .rejected }
            // A body the gateway accepts always names a real key, and survives its own writing.
            guard "0123456789*#ABCD".contains(body.digit),
                  let again = try? DTMFInfoBody.parse(body.serialized(as: format), format: format),
                  again.digit == body.digit else {
                fatalError("DTMF INFO body accepted as '\(body.digit)' but not written back the same")
            }
            return .accepted
        default:
            guard let event = TelephoneEvent.parse(input) else { return .rejected }
            _ = event.digit
            return .accepted
        }
    }
}
