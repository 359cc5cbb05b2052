import Gateway

/// One text frame from a browser on the signaling WebSocket (docs/signaling.md):
/// decoded, and a call's SDP offer validated as the gateway does before dialling.
enum SignalingHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let message = try? ClientMessage.decode(String(decoding: bytes, as: UTF8.self)) else {
            return .rejected
        }
        if case .call(_, _, let sdp, _, _) = message { _ = WebOffer.validate(sdp) }
        return .accepted
    }
}
