import CoreTypes
import SIP

/// RFC 4028 session timers: a dialog must be refreshed (re-INVITE or UPDATE)
/// within its session interval, or it is considered gone and ended with BYE.
/// One side is the refresher; the other only watches the deadline.
public struct SessionTimer: Sendable, Equatable {
    public enum Refresher: Sendable, Equatable {
        /// The gateway refreshes, at half the interval (RFC 4028 §10).
        case gateway
        /// The far end refreshes; the gateway ends the call if it does not.
        case farEnd
    }

    public var interval: Duration
    public var refresher: Refresher
    public var lastRefresh: Instant

    /// The interval the gateway asks for, and the smallest it accepts (RFC 4028 §4: Min-SE ≥ 90 s).
    public static let requestedInterval: Duration = .seconds(1800)
    public static let minimumInterval: Duration = .seconds(90)

    public init(interval: Duration, refresher: Refresher, lastRefresh: Instant) {
        self.interval = interval
        self.refresher = refresher
        self.lastRefresh = lastRefresh
    }

    /// When the gateway must act: send a refresh, or give up on a silent far end
    /// (RFC 4028 §10: BYE before the interval ends, leaving a third or 32 s at most).
    public var deadline: Instant {
        switch refresher {
        case .gateway:
            return lastRefresh + interval / 2
        case .farEnd:
            let margin = min(Duration.seconds(32), interval / 3)
            return lastRefresh + interval - margin
        }
    }

    /// `Session-Expires: <seconds>[;refresher=uac|uas]` (RFC 4028 §4).
    public static func parse(_ value: String) -> (seconds: Int, refresher: String?)? {
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let seconds = Int(first), seconds > 0 else { return nil }
        let refresher = parts.dropFirst().first { $0.lowercased().hasPrefix("refresher=") }
            .map { String($0.dropFirst("refresher=".count)).lowercased() }
        return (seconds, refresher)
    }

    /// The timer a 2xx to our INVITE (or refresh) sets up, when it carries Session-Expires.
    /// We are the UAC of that request, so `refresher=uac` means the gateway.
    public static func fromResponse(_ response: SIPResponse, now: Instant) -> SessionTimer? {
        guard let value = response.headers["Session-Expires"], let parsed = parse(value) else { return nil }
        let interval = Duration.seconds(max(parsed.seconds, Int(minimumInterval.components.seconds)))
        return SessionTimer(interval: interval, refresher: parsed.refresher == "uas" ? .farEnd : .gateway,
                            lastRefresh: now)
    }

    /// The timer a request from the far end sets up (its INVITE, re-INVITE or UPDATE),
    /// and the Session-Expires value our 2xx must carry (RFC 4028 §9). Without a
    /// refresher parameter the far end (the request's UAC) is asked to refresh.
    public static func fromRequest(_ request: SIPRequest, now: Instant) -> (timer: SessionTimer, header: String)? {
        guard let value = request.headers["Session-Expires"], let parsed = parse(value) else { return nil }
        let seconds = max(parsed.seconds, Int(minimumInterval.components.seconds))
        let gatewayRefreshes = parsed.refresher == "uas"
        let timer = SessionTimer(interval: .seconds(seconds), refresher: gatewayRefreshes ? .gateway : .farEnd,
                                 lastRefresh: now)
        return (timer, "\(seconds);refresher=\(gatewayRefreshes ? "uas" : "uac")")
    }

    /// The gateway's refresh (RFC 4028 §7.4, §8): UPDATE without a body when the far
    /// end allows it, else a re-INVITE with our unchanged session description.
    public static func refreshRequest(in dialog: inout SIPDialog, local: LocalSIPAddress, interval: Duration,
                                      useUpdate: Bool, offer: String) -> SIPRequest {
        var refresh = dialog.makeRequest(method: useUpdate ? .update : .invite, viaHost: local.endpoint.host,
                                         viaPort: local.endpoint.port, transport: local.transport.viaToken)
        if !useUpdate {
            refresh.headers.set("Content-Type", "application/sdp")
            refresh.body = Array(offer.utf8)
            refresh.headers.set("Content-Length", String(refresh.body.count))
        }
        refresh.headers.add("Session-Expires", "\(interval.components.seconds);refresher=uac")
        refresh.headers.add("Supported", "timer")
        return refresh
    }
}
