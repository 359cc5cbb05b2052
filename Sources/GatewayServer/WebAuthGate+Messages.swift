import Gateway
import WebAuth

extension ServerMessage {
    /// The `error` sent before a refused signaling connection is closed. The detail stays in
    /// the log: a forger learns only which of the four codes applies.
    static func authRefusal(_ refusal: WebAuthGate.Refusal) -> ServerMessage {
        switch refusal {
        case .badIdentity:
            return .error(SignalingError(.badMessage, "identity must be 1-64 letters, digits or . _ - @ +"))
        case .token(let token):
            // `TokenRefusal.code` is the wire value of one of the four token codes.
            return .error(SignalingError(SignalingError.Code(rawValue: token.code) ?? .tokenInvalid, token.publicMessage))
        }
    }
}

extension WebAuthGate.Refusal {
    /// Label of `gateway_web_connections_refused_total`.
    var metricReason: String {
        switch self {
        case .badIdentity: "bad_identity"
        case .token(let token): token.code
        }
    }
}
