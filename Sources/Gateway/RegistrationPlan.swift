import CoreTypes
import SIP

/// Everything fixed when the gateway starts registering with a trunk's registrar
/// (RFC 3261 §10).
public struct RegistrationPlan: Sendable {
    /// The trunk's configured name, for logs and the status API.
    public var trunkName: String
    /// Where REGISTER requests are sent.
    public var registrar: Endpoint
    /// A `Route` header for an outbound proxy (RFC 3261 §8.1.2), when REGISTER goes
    /// through one.
    public var route: String?
    /// Host of the address-of-record and of the Request-URI (the trunk's SIP domain).
    public var domain: String
    /// User part of the address-of-record and of the Contact.
    public var username: String
    /// Digest user name; often the same as `username`.
    public var authUsername: String
    public var password: String
    /// The gateway's SIP address, written in Via and Contact.
    public var local: LocalSIPAddress
    /// Binding lifetime asked for, in seconds (raised when the registrar answers 423).
    public var expires: Int
    /// One Call-ID for every REGISTER of this registration (RFC 3261 §10.2.4).
    public var callID: String
    public var fromTag: String
    public var backoff: RegistrationBackoff

    public init(trunkName: String, registrar: Endpoint, route: String? = nil, domain: String, username: String,
                authUsername: String? = nil, password: String, local: LocalSIPAddress, expires: Int,
                callID: String, fromTag: String, backoff: RegistrationBackoff = RegistrationBackoff()) {
        self.trunkName = trunkName
        self.registrar = registrar
        self.route = route
        self.domain = domain
        self.username = username
        self.authUsername = authUsername ?? username
        self.password = password
        self.local = local
        self.expires = expires
        self.callID = callID
        self.fromTag = fromTag
        self.backoff = backoff
    }
}

/// How long to wait before trying again after a failed registration: exponential,
/// capped, and shortened by a random share so that many gateways restarted together
/// do not hit the registrar in lockstep.
public struct RegistrationBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    /// Up to this share of each delay is taken off at random (0.2: up to 20 % sooner).
    public var jitter: Double

    public init(initial: Duration = .seconds(5), maximum: Duration = .seconds(300), jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay after the `failures`-th failure in a row (1 = the first):
    /// initial · 2^(failures−1), at most `maximum`, minus `jitter` · `random` of it.
    /// `random` is in 0..<1.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        var base = initial
        var doublings = 1
        while doublings < failures, base < maximum {
            base = base * 2
            doublings += 1
        }
        base = min(base, maximum)
        let share = 1 - jitter * min(max(random, 0), 1)
        return .milliseconds(Int64((Double(base.milliseconds) * share).rounded()))
    }
}

/// Where a registration stands, as logged and shown at `GET /api/trunks`.
public enum RegistrationState: Sendable, Equatable {
    /// Not started, or ended by an un-REGISTER.
    case unregistered
    /// A REGISTER is on its way and no binding is known to exist.
    case registering
    /// The registrar holds a binding until this time (refreshed before then).
    case registered(until: Instant)
    /// The last attempt failed; the next one starts at `retryAt`.
    case failed(reason: String, retryAt: Instant)

    /// One word for logs and JSON.
    public var name: String {
        switch self {
        case .unregistered: return "unregistered"
        case .registering: return "registering"
        case .registered: return "registered"
        case .failed: return "failed"
        }
    }
}

/// What a registration asks the runtime to do.
public enum RegistrationAction: Sendable, Equatable {
    /// Send a REGISTER through the transaction layer.
    case sendRequest(SIPRequest, to: Endpoint)
    /// The state changed (to be logged); also when a refresh moved the expiry.
    case stateChanged(RegistrationState)
}

/// What happens to a registration, as the runtime reports it.
public enum RegistrationEvent: Sendable {
    /// A response to one of its REGISTER requests (matched by Call-ID).
    case sipResponse(SIPResponse)
    /// The transaction of one of its REGISTER requests timed out (RFC 3261 Timer F).
    case sipTimeout(SIPRequest)
    /// A deadline from `nextDeadline` has passed.
    case timer
}
