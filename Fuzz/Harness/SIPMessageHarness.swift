import CoreTypes
import SIP

/// One datagram or stream chunk from the network, through everything the gateway
/// does with it before any call logic: stream framing, parsing, typed header
/// access, UAS/UAC validation, serialisation and the transaction layer
/// (which answers malformed requests statelessly, RFC 3261 §18.3).
enum SIPMessageHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        frame(bytes)
        var layer = TransactionLayer()
        _ = layer.receive(bytes, from: Endpoint(host: "192.0.2.1", port: 5060), now: .zero)

        guard let message = try? SIPMessage.parse(bytes) else { return .rejected }
        switch message {
        case .request(let request):
            inspect(request)
            _ = request.uri.description
            _ = request.validationFailure(supportedExtensions: ["replaces"], supportedMethods: [.invite, .ack, .bye],
                                          acceptedBodyTypes: ["application/sdp"])
            _ = request.hopLimitFailure
        case .response(let response):
            inspect(response)
            _ = response.uacDiscardReason
        }
        // What the gateway writes from a parsed message must parse again.
        precondition((try? SIPMessage.parse(message.serialize())) != nil, "serialized message does not parse")
        return .accepted
    }

    /// RFC 3261 §18.3: the same bytes arriving on a TCP connection.
    private static func frame(_ bytes: [UInt8]) {
        var framer = SIPStreamFramer()
        framer.append(bytes)
        for _ in 0..<16 {
            guard case .message(let framed)? = try? framer.nextItem() else { return }
            _ = try? SIPMessage.parse(framed)
        }
    }

    private static func inspect(_ message: some SIPMessageFields) {
        for via in message.via { _ = (via.description, via.branch, via.received, via.rport, via.sentBy) }
        _ = message.topVia
        for address in [message.from, message.to].compactMap({ $0 }) + message.contacts + message.routes
            + message.recordRoutes {
            _ = (address.description, address.tag, address.uri.hostPort, address.uri.endpoint)
        }
        _ = (message.callID, message.cseq?.description, message.maxForwards, message.contentType)
        _ = message.optionTags("Require")
    }
}
