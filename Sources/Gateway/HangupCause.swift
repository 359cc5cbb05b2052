/// Why a call ended: one table that maps SIP status codes, Q.850 cause values
/// (carried in the Reason header, RFC 3326) and the browser's hangup reason.
///
/// The mapping follows RFC 3398 §7.2.4.1 (Q.850 → SIP) and §8.2.6.1 (SIP → Q.850).
/// `docs/hangup-causes.md` publishes the same table; keep both in step.
public enum HangupCause: String, CaseIterable, Codable, Sendable {
    case normalClearing = "normal_clearing"
    case originatorCancel = "originator_cancel"
    case userBusy = "user_busy"
    case noUserResponse = "no_user_response"
    case noAnswer = "no_answer"
    case unallocatedNumber = "unallocated_number"
    case numberChanged = "number_changed"
    case callRejected = "call_rejected"
    case destinationOutOfOrder = "destination_out_of_order"
    case invalidNumberFormat = "invalid_number_format"
    case normalUnspecified = "normal_unspecified"
    case noCircuitAvailable = "no_circuit_available"
    case networkOutOfOrder = "network_out_of_order"
    case temporaryFailure = "temporary_failure"
    case congestion = "switching_equipment_congestion"
    case serviceUnavailable = "service_unavailable"
    case incompatibleDestination = "incompatible_destination"
    case recoveryOnTimerExpiry = "recovery_on_timer_expiry"
    case mediaFailure = "media_failure"
    case mediaTimeout = "media_timeout"
    case interworking = "interworking"

    /// The Q.850 cause value (ITU-T Q.850 Table 1).
    public var q850: Int {
        switch self {
        case .normalClearing, .originatorCancel: return 16
        case .userBusy: return 17
        case .noUserResponse: return 18
        case .noAnswer: return 19
        case .unallocatedNumber: return 1
        case .numberChanged: return 22
        case .callRejected: return 21
        case .destinationOutOfOrder: return 27
        case .invalidNumberFormat: return 28
        case .normalUnspecified: return 31
        case .noCircuitAvailable: return 34
        case .networkOutOfOrder: return 38
        case .temporaryFailure: return 41
        case .congestion: return 42
        case .serviceUnavailable: return 63
        case .incompatibleDestination: return 88
        case .recoveryOnTimerExpiry: return 102
        case .mediaFailure: return 47   // resource unavailable, unspecified
        case .mediaTimeout: return 102  // recovery on timer expiry: the far end's media stopped
        case .interworking: return 127
        }
    }

    /// The SIP final response the gateway sends when it refuses a call for this
    /// cause (RFC 3398 §7.2.4.1). `nil` for causes that end a call with BYE.
    public var sipStatus: Int? {
        switch self {
        case .normalClearing: return nil
        case .originatorCancel: return 487
        case .userBusy: return 486
        case .noUserResponse: return 408
        case .noAnswer: return 480
        case .unallocatedNumber: return 404
        case .numberChanged: return 410
        case .callRejected: return 403
        case .destinationOutOfOrder: return 502
        case .invalidNumberFormat: return 484
        case .normalUnspecified: return 480
        case .noCircuitAvailable, .networkOutOfOrder, .temporaryFailure, .congestion,
             .serviceUnavailable, .mediaFailure:
            return 503
        case .mediaTimeout: return 408
        case .incompatibleDestination: return 488
        case .recoveryOnTimerExpiry: return 504
        case .interworking: return 500
        }
    }

    /// The cause for a SIP final response received from a trunk
    /// (RFC 3398 §8.2.6.1, with 487 kept apart as the answer to our own CANCEL).
    public init(sipStatus: Int) {
        switch sipStatus {
        case 404, 485, 604: self = .unallocatedNumber
        case 486, 600: self = .userBusy
        case 408: self = .recoveryOnTimerExpiry
        case 480: self = .noUserResponse
        case 410: self = .numberChanged
        case 401, 402, 403, 407, 603: self = .callRejected
        case 484, 414: self = .invalidNumberFormat
        case 487: self = .originatorCancel
        case 488, 606, 415: self = .incompatibleDestination
        case 500: self = .temporaryFailure
        case 502: self = .destinationOutOfOrder
        case 503: self = .serviceUnavailable
        case 504: self = .recoveryOnTimerExpiry
        case 400...499: self = .normalUnspecified
        case 500...599: self = .temporaryFailure
        case 600...699: self = .callRejected
        default: self = .interworking
        }
    }

    /// The cause for a Q.850 value read from a Reason header (RFC 3326).
    public init(q850: Int) {
        self = HangupCause.allCases.first { $0.q850 == q850 && !Self.aliases.contains($0) }
            ?? .normalUnspecified
    }

    /// Causes that share their Q.850 value with another, more general one: a Q.850
    /// value read from the wire maps to the general one.
    public static let aliases: Set<HangupCause> = [.originatorCancel, .mediaTimeout]

    /// How the call ends in the browser's terms (docs/signaling.md).
    public var webEndState: WebCallState {
        switch self {
        case .userBusy, .unallocatedNumber, .numberChanged, .callRejected,
             .invalidNumberFormat, .incompatibleDestination:
            return .rejected
        case .noAnswer, .noUserResponse:
            return .notAnswered
        default:
            return .hungUp
        }
    }

    /// A sentence for a person, shown by the dialer.
    public func reason(side: HangupSide) -> String {
        switch self {
        case .normalClearing:
            switch side {
            case .local: return "You hung up."
            case .remote: return "The other party hung up."
            case .gateway: return "The call was ended by the gateway."
            }
        case .originatorCancel: return side == .local ? "You cancelled the call." : "The call was cancelled."
        case .userBusy: return "The number is busy."
        case .noUserResponse: return "The other party is not responding."
        case .noAnswer: return "Nobody answered."
        case .unallocatedNumber: return "The number does not exist."
        case .numberChanged: return "The number has changed."
        case .callRejected: return "The call was declined."
        case .destinationOutOfOrder: return "The number cannot be reached right now."
        case .invalidNumberFormat: return "The number is incomplete or invalid."
        case .normalUnspecified: return "The call could not be completed."
        case .noCircuitAvailable: return "No line is free right now; try again later."
        case .networkOutOfOrder: return "The telephone network could not be reached."
        case .temporaryFailure:
            // From the gateway's side it is only ever a shutdown whose drain time ran out.
            return side == .gateway ? "The gateway was restarted; please call again."
                : "The telephone network had a temporary failure; try again."
        case .congestion: return "The telephone network is congested; try again later."
        case .serviceUnavailable: return "The telephone service is unavailable right now."
        case .incompatibleDestination: return "The other side cannot handle this call's audio."
        case .recoveryOnTimerExpiry: return "The telephone network did not respond in time."
        case .mediaFailure: return "The audio connection could not be established."
        case .mediaTimeout: return "The other side's audio stopped; the call was ended."
        case .interworking: return "The call failed in the telephone network."
        }
    }
}

/// Who ended a call, from the web user's point of view.
public enum HangupSide: String, Codable, Sendable {
    /// The web user (this browser).
    case local
    /// The far end (the phone or trunk).
    case remote
    /// The gateway itself (a timer, an unreachable trunk, a media failure).
    case gateway
}
