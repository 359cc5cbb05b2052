import Config
import CoreTypes
import Dialplan
import Foundation
import Gateway
import Hashing
import WebAuth

/// Where a web user's call goes, decided before any media is opened.
enum WebRoute: Sendable {
    case echo
    /// The gateway answers and the dialplan runs the call (prompts, menus, digits).
    case script(DialplanRun, PromptLibrary)
    case trunks(TrunkRoute)
    /// The dialplan ended the call before it started, with this cause.
    case refused(HangupCause, why: String)
    /// Nothing can carry the call (no trunk configured, or a step web calls cannot run yet).
    case unavailable(String)

    /// The gateway answers the call itself: the echo test or a dialplan's prompts.
    var isAnsweredByGateway: Bool {
        switch self {
        case .echo, .script: return true
        default: return false
        }
    }

    var trunkRoute: TrunkRoute? {
        if case .trunks(let route) = self { return route }
        return nil
    }

    /// The `maxplaybackrate` the browser is answered with (`WebAnswer`): what the codecs its
    /// audio can end up in carry. The echo test hears itself through G.711; a trunk route is
    /// as wide as its trunks' codecs. A dialplan's call gets no limit: it may end with an
    /// agent's browser, which hears the caller's Opus as it was sent.
    var browserPlaybackRate: Int? {
        switch self {
        case .echo:
            return TrunkCodec.pcmu.audioRate
        case .trunks(let route):
            return WebAnswer.playbackRate(forTrunkCodecs: route.trunks.flatMap(\.codecs).compactMap(TrunkCodec.init(config:)))
        case .script, .refused, .unavailable:
            return nil
        }
    }

    /// The same route with another failover list (trunks over their limits left out).
    func withTrunks(_ trunks: [TrunkConfig]) -> WebRoute {
        guard case .trunks(var route) = self, !trunks.isEmpty else { return self }
        route.trunks = trunks
        return .trunks(route)
    }

    /// The number the call goes to, when routing chose it (a call link's, a rewritten one).
    var number: String? {
        switch self {
        case .trunks(let route): return route.number
        case .script(let run, _): return run.variables["dialed"]
        default: return nil
        }
    }
}

/// A call to trunks: the failover list and what the dialplan set for it (nil: the
/// configuration's value, or the web identity as caller).
struct TrunkRoute: Sendable {
    var trunks: [TrunkConfig]
    var number: String?
    var caller: CallerID?
    var answerTimeout: Duration?
    var maxDuration: Duration?
    /// A call link's own disconnect window, when it sets one.
    var disconnectInterval: Duration?

    /// What a dialplan's `dial` asks for; its caller ID only when it is not just the identity.
    init(_ request: DialRequest, trunks: [TrunkConfig], identity: String, disconnectInterval: Duration? = nil) {
        self.trunks = trunks
        number = request.number
        let presented = request.caller.number != identity || request.caller.name != nil || request.caller.privacy
        caller = presented ? request.caller : nil
        answerTimeout = request.answerTimeoutSeconds.map { .seconds($0) }
        maxDuration = request.maxDurationSeconds.map { .seconds($0) }
        self.disconnectInterval = disconnectInterval
    }

    init(trunks: [TrunkConfig]) {
        self.trunks = trunks
    }
}

extension CallEngine {
    /// Routes by the dialplan when it has web entry points, else by `calls.echo_test_number`
    /// and `calls.default_trunk` / `fallback_trunks`.
    /// A route to a trunk must also be within the identity's `numbers` grant (docs/tokens.md);
    /// outside it the call is refused as the dialplan refuses one (call_rejected).
    func webRoute(to number: String, grants: Grants, link: String? = nil) -> WebRoute {
        let route = webRoute(to: number, identity: grants.identity, classes: grants.classes, link: link)
        if let trunkRoute = route.trunkRoute, !grants.allowsNumber(trunkRoute.number ?? number) {
            return .refused(.callRejected, why: "\(trunkRoute.number ?? number) is outside the token's numbers grant")
        }
        return route
    }

    func webRoute(to number: String, identity: String, classes: [String] = [], link: String? = nil) -> WebRoute {
        guard let active = dialplans.current, active.routesWebCalls else {
            if link != nil { return .unavailable("Call links need a dialplan with entry.web.call_links.") }
            if let echo = config.calls.echoTestNumber, !echo.isEmpty, echo == number { return .echo }
            let route = outboundRoute()
            guard !route.isEmpty else { return .unavailable("No trunk is configured for phone numbers (calls.default_trunk).") }
            return .trunks(TrunkRoute(trunks: route))
        }
        let decision = active.dialplan.entry(for: .web(identity: identity, classes: classes, callLink: link), dialed: number)
        guard let context = decision.context else {
            return .refused(.callRejected, why: decision.reason)
        }
        let linkInterval = link.flatMap { active.dialplan.entry.callLinks[$0]?.disconnectIntervalSeconds }
        return dialplanRoute(active.dialplan, prompts: active.prompts, context: context, number: decision.number,
                             identity: identity, disconnectInterval: linkInterval.map { .seconds($0) })
    }

    /// The route of a call entering `context` of `dialplan` with `number`.
    func dialplanRoute(_ dialplan: Dialplan, prompts: PromptLibrary, context: String, number: String, identity: String,
                       disconnectInterval: Duration? = nil) -> WebRoute {
        let fresh = DialplanRun(dialplan: dialplan, context: context, number: number, caller: CallerID(number: identity))
        // A trial run up to the first wait tells which kind of call this is.
        var run = fresh
        let actions = run.start(at: dialplanTime)
        for action in actions {
            switch action {
            case .answer, .cancelTimer, .stopPlayback:
                continue
            case .play, .startTimer, .agents:
                return .script(fresh, prompts)
            case .echo:
                return .echo
            case .hangup(let cause):
                return .refused(HangupCause(rawValue: cause) ?? .callRejected, why: run.trace.joined(separator: "; "))
            case .dial(let request):
                let trunks = available(request.trunks.compactMap { config.trunk(named: $0) })
                guard !trunks.isEmpty else { return .unavailable("The dialplan names no configured trunk.") }
                return .trunks(TrunkRoute(request, trunks: trunks, identity: identity, disconnectInterval: disconnectInterval))
            }
        }
        return .refused(.normalClearing, why: "the dialplan ended without a destination")
    }

    /// The plan of a web user's call through `route`: its first trunk, the others as failover,
    /// and the configuration's values where the route sets none. `disconnectInterval` is the
    /// browser's own request, which wins over the route's (a call link's).
    func outboundPlan(_ route: TrunkRoute, trunk: TrunkConfig, identity: String, dialed: String, mediaPort: Int,
                      disconnectInterval: Duration? = nil) -> OutboundCallPlan {
        var plan = OutboundCallPlan(
            identity: identity, destination: route.number ?? dialed, trunk: trunk.target, local: localSIP(for: trunk.transport),
            mediaAddress: config.media.publicAddress, mediaPort: mediaPort,
            answerTimeout: route.answerTimeout ?? config.calls.answerTimeout,
            transactionTimeout: transactions.timers.t1 * 64, maxDuration: route.maxDuration ?? config.calls.maxDuration,
            sipCallID: randomToken(length: 24), fromTag: randomToken(length: 10),
            sdpSessionID: UInt64.random(in: 1...UInt64(Int64.max)))
        plan.fallbackTrunks = route.trunks.dropFirst().map(\.target)
        plan.presentedCaller = route.caller
        plan.disconnectInterval = disconnectInterval ?? route.disconnectInterval ?? config.calls.disconnectInterval
        return plan
    }

    /// The trunks whose keep-alive says they are up, in order; all of them if none is.
    func available(_ trunks: [TrunkConfig]) -> [TrunkConfig] {
        let up = trunks.filter { monitors[$0.name]?.isAvailable ?? true }
        return up.isEmpty ? trunks : up
    }
}
