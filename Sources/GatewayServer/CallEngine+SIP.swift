import CoreTypes
import Gateway
import SIP

extension CallEngine {
    /// SIP option tags the gateway implements (RFC 3261 §19.2); anything else in
    /// a Require header is refused with 420 (§8.2.2.3).
    static let supportedExtensions: Set<String> = []

    func receiveSIP(_ bytes: [UInt8], from: Endpoint) {
        handle(transactions.receive(bytes, from: from, now: clock.now))
        rescheduleTimer()
    }

    /// Carries out what the transaction layer returns.
    func handle(_ events: [TransactionEvent]) {
        for event in events {
            switch event {
            case .transmit(let bytes, let to):
                sip?.send(bytes, to: to)
            case .request(let request, let from):
                route(request, from: from)
            case .response(let response, _), .strayResponse(let response, _):
                guard let key = callKey(for: response.headers) else { continue }
                drive(key, .sipResponse(response))
            case .timeout(let request):
                guard let key = callKey(for: request.headers) else { continue }
                drive(key, .sipTimeout(request))
            case .cancel(let cancel, _, let target):
                // The gateway places calls but does not take them yet, so no INVITE
                // of ours is ever pending here (RFC 3261 §9.2).
                let status = target == .notFound ? 481 : 200
                respond(to: cancel, cancel.makeResponse(status: status))
            case .ackTimeout:
                continue
            }
        }
    }

    func send(_ events: [TransactionEvent]) {
        handle(events)
    }

    private func callKey(for headers: SIPHeaders) -> String? {
        guard let callID = headers["Call-ID"] else { return nil }
        return callKeysBySIPCallID[callID]
    }

    /// A new request from the network: checked (RFC 3261 §8.2), then given to its
    /// call or answered here when it belongs to none.
    private func route(_ request: SIPRequest, from: Endpoint) {
        if request.method == .ack {
            if let key = callKey(for: request.headers) { drive(key, .sipRequest(request)) }
            return
        }
        if let failure = request.validationFailure(supportedExtensions: Self.supportedExtensions) {
            respond(to: request, request.makeResponse(for: failure, toTag: SIPIdentifiers.newTag()))
            return
        }
        if let key = callKey(for: request.headers) {
            drive(key, .sipRequest(request))
            return
        }
        switch request.method {
        case .options:
            var ok = request.makeResponse(status: 200, reason: "OK")
            ok.headers.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE")
            ok.headers.add("Accept", "application/sdp")
            respond(to: request, ok)
        case .invite:
            // Calls from trunks are not routed yet: refuse without saying why (no
            // hint about which check failed).
            respond(to: request, request.makeResponse(status: 403, reason: "Forbidden"))
        case .bye, .cancel, .info, .update, .prack:
            respond(to: request, request.makeResponse(status: 481, reason: "Call/Transaction Does Not Exist"))
        default:
            var refused = request.makeResponse(status: 405, reason: "Method Not Allowed")
            refused.headers.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE")
            respond(to: request, refused)
        }
    }

    private func respond(to request: SIPRequest, _ response: SIPResponse) {
        var response = response
        if response.headers["Server"] == nil { response.headers.add("Server", config.sip.userAgent) }
        handle(transactions.sendResponse(response, now: clock.now))
    }
}
