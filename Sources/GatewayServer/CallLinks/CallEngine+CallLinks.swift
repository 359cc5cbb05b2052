import CallLinks
import Dialplan
import Foundation
import Gateway
import Store
import WebAuth

/// Calls through the links operators make in the admin console (docs/call-links.md).
///
/// A link connection's grants name its link; every call on it goes to the link's
/// destination, whatever the browser sent, and only while the link is open.
extension CallEngine {
    /// What a link may point at now: the running dialplan's web contexts and menus, and
    /// the configured agent groups.
    nonisolated var callLinkTargets: CallLinkTargets {
        let groups = Set(config.agents.groups.map(\.name))
        guard let active = dialplans.current else { return CallLinkTargets(hasDialplan: false, agentGroups: groups) }
        let dialplan = active.dialplan
        return CallLinkTargets(
            hasDialplan: active.routesWebCalls,
            webContexts: Set(dialplan.contexts.values.filter { $0.kind == .web }.map(\.name)),
            webDefault: dialplan.entry.webDefault, menus: Set(dialplan.menus.keys), agentGroups: groups)
    }

    /// Calls through one link at once and started per minute: a one-time link takes one
    /// call at a time; any other is bounded too, since whoever has its URL may call.
    static func storedLinkLimit(_ link: CallLinkDefinition) -> CallLimit {
        link.oneTime ? CallLimit(maxConcurrent: 1) : CallLimit(maxConcurrent: 10, perMinute: 30)
    }

    /// Where a call through `link` goes at `now`, or why the link does not take it.
    func callLinkRoute(_ link: CallLinkDefinition, identity: String, now: Date) -> WebRoute {
        let state = link.state(at: now)
        guard state == .open else {
            return .refused(.callRejected, why: "call link \(link.id.prefix(8)) is \(state.rawValue)")
        }
        if let problem = callLinkTargets.problem(with: link.destination) {
            return .unavailable("This link's destination is gone: \(problem.message)")
        }
        let active = dialplans.current
        switch link.destination {
        case .number(let number, let context):
            guard let active, active.routesWebCalls, let context = context ?? active.dialplan.entry.webDefault else {
                // No dialplan for web calls: the number goes where the configuration sends them.
                let route = webRoute(to: number, identity: identity)
                guard case .trunks(var trunkRoute) = route else { return route }
                trunkRoute.number = number
                return .trunks(trunkRoute)
            }
            return dialplanRoute(active.dialplan, prompts: active.prompts, context: context, number: number, identity: identity)
        case .agents(let group):
            return linkScript(link, steps: [.agents(AgentsStep(target: .group(group))), .hangup(cause: HangupCause.noAnswer.rawValue)],
                              identity: identity)
        case .menu(let menu):
            return linkScript(link, steps: [.answer, .menu(name: menu)], identity: identity)
        }
    }

    /// A call that runs `steps`: the running dialplan (for its menus and prompts) with one
    /// more context of the link's own, entered with any number.
    private func linkScript(_ link: CallLinkDefinition, steps: [Step], identity: String) -> WebRoute {
        var dialplan = dialplans.current?.dialplan ?? Dialplan(contexts: [:])
        let name = "call-link-" + link.id.prefix(8)
        let location = SourceLocation(file: "call link \(link.id.prefix(8))", line: 1, column: 1)
        // A trunk-kind context: the number is a placeholder, never dialed, so the web
        // safety rules for dialed numbers have nothing to judge.
        dialplan.contexts[name] = Context(name: name, kind: .trunk, country: Country.named("US") ?? Country.all[0],
                                          rules: [Rule(match: .prefix(""), steps: steps, location: location)],
                                          location: location)
        return dialplanRoute(dialplan, prompts: dialplans.current?.prompts ?? PromptLibrary(), context: name,
                             number: "0", identity: identity)
    }

    /// The grants of a link page's connection, or why it is refused (recorded as a use).
    func admitCallLinkConnection(_ id: String, now: Date) -> Result<Grants, SignalingError> {
        let unavailable = { (message: String) in SignalingError(.linkUnavailable, message) }
        guard CallLinkID.isWellFormed(id), let link = callLinks?.link(id: id), link.state(at: now) != .revoked else {
            webAuthRefusals["link_unknown", default: 0] += 1
            return .failure(unavailable("This call link does not exist."))
        }
        // A page coming back for a call still in progress (a dropped connection, a reload)
        // is let in whatever the link's state: it may resume that call, while a new call on
        // it is refused at once (callLinkRoute judges the link again).
        if let message = link.callerMessage(at: now), limiter.activeCalls(in: .operatorLink(id)) == 0 {
            webAuthRefusals["link_closed", default: 0] += 1
            callLinkRefused(id, why: "connection refused: \(link.state(at: now).rawValue)")
            return .failure(unavailable(message))
        }
        return .success(.callLink(id: id))
    }

    /// Records a refused attempt through a link.
    func callLinkRefused(_ linkID: String, why: String) {
        callLinks?.recordUse(CallLinkUse(linkID: linkID, at: Date(), callID: nil, outcome: .refused, detail: why))
    }
}
