import CoreTypes
import Gateway
import SIP

extension CallEngine {
    /// SIP option tags the gateway implements (RFC 3261 §19.2); anything else in
    /// a Require header is refused with 420 (§8.2.2.3).
    static let supportedExtensions: Set<String> = []
    /// The only body an INVITE may carry here is the SDP offer (RFC 3261 §13.2.1).
    static let inviteBodyTypes: Set<String> = ["application/sdp"]

    /// One message from the network; over TCP and TLS it is `reliable` (RFC 3261 §17).
    func receiveSIP(_ bytes: [UInt8], from: Endpoint, transport: SIPTransport = .udp) {
        guard admitSource(from, isACK: bytes.starts(with: Self.ackPrefix)) else { return }
        handle(transactions.receive(bytes, from: from, reliable: transport.isReliable, now: clock.now))
        rescheduleTimer()
    }

    /// Carries out what the transaction layer returns.
    func handle(_ events: [TransactionEvent]) {
        for event in events {
            if routeToRegistration(event) || routeToTrunkMonitor(event) { continue }
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
                // RFC 3261 §9.2: 200 for a CANCEL that matches an INVITE, 481 otherwise;
                // a pending INVITE is then answered 487 by its call.
                respond(to: cancel, cancel.makeResponse(status: target == .notFound ? 481 : 200))
                guard case .pending = target, let callID = cancel.callID else { continue }
                if !cancelPendingInbound(callID: callID), let key = callKeysBySIPCallID[callID] {
                    drive(key, .cancelled)
                }
            case .ackTimeout(let response):
                guard let key = callKey(for: response.headers) else { continue }
                drive(key, .ackTimeout)
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
        // RFC 3261 §8.2.1: an unknown method gets 501 (RFC 4475 §3.1.1.5); known
        // ones the gateway does not take get 405 below. §8.2.3: an INVITE body other than
        // SDP gets 415, an Accept without SDP 406 (RFC 4475 §3.3.6, §3.3.15).
        if let failure = request.validationFailure(
            supportedExtensions: Self.supportedExtensions, supportedMethods: SIPMethod.standard,
            acceptedBodyTypes: request.method == .invite ? Self.inviteBodyTypes : nil) {
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
            receiveInboundInvite(request, from: from)
        case .bye, .cancel, .info, .update, .prack:
            respond(to: request, request.makeResponse(status: 481, reason: "Call/Transaction Does Not Exist"))
        default:
            var refused = request.makeResponse(status: 405, reason: "Method Not Allowed")
            refused.headers.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE")
            respond(to: request, refused)
        }
    }

    func respond(to request: SIPRequest, _ response: SIPResponse) {
        var response = response
        if response.headers["Server"] == nil { response.headers.add("Server", config.sip.userAgent) }
        handle(transactions.sendResponse(response, now: clock.now))
    }
}
