/// What a link may point at in the running configuration and dialplan, to check a draft
/// when it is made (and a link again when it is called: a dialplan edit may remove a menu).
public struct CallLinkTargets: Sendable, Equatable {
    /// Whether a dialplan routes web calls (has web entry points); without one, number
    /// links go straight to `calls.default_trunk`.
    public var hasDialplan: Bool
    /// The dialplan's web contexts, and the one web users enter by default.
    public var webContexts: Set<String>
    public var webDefault: String?
    public var menus: Set<String>
    /// `agents.groups` of gateway.yaml.
    public var agentGroups: Set<String>

    public init(hasDialplan: Bool, webContexts: Set<String> = [], webDefault: String? = nil,
                menus: Set<String> = [], agentGroups: Set<String> = []) {
        self.hasDialplan = hasDialplan
        self.webContexts = webContexts
        self.webDefault = webDefault
        self.menus = menus
        self.agentGroups = agentGroups
    }

    /// Why `destination` cannot be called now, naming the field to change; nil when it can.
    public func problem(with destination: CallLinkDestination) -> CallLinkDraftError? {
        switch destination {
        case .number(let number, let context):
            guard CallLinkNumber.isValid(number) else {
                return CallLinkDraftError(field: "destination.number",
                                          "Write the number with digits only, in international form (+18005550199) or as the dialplan expects it.")
            }
            guard let context else {
                if hasDialplan, webDefault == nil {
                    return CallLinkDraftError(field: "destination.context",
                                              "The dialplan has no web default context (entry.web.default): choose the context the number is dialed in.")
                }
                return nil
            }
            guard hasDialplan else {
                return CallLinkDraftError(field: "destination.context", "The dialplan routes no web calls, so context '\(context)' cannot be used.")
            }
            guard webContexts.contains(context) else {
                let known = webContexts.sorted().joined(separator: ", ")
                return CallLinkDraftError(field: "destination.context",
                                          "The dialplan has no web context '\(context)'" + (known.isEmpty ? "." : "; its web contexts are \(known)."))
            }
            return nil
        case .agents(let group):
            guard agentGroups.contains(group) else {
                let known = agentGroups.sorted().joined(separator: ", ")
                return CallLinkDraftError(field: "destination.group",
                                          "There is no agent group '\(group)' in gateway.yaml" + (known.isEmpty ? " (agents.groups is empty)." : "; the groups are \(known)."))
            }
            return nil
        case .menu(let menu):
            guard menus.contains(menu) else {
                let known = menus.sorted().joined(separator: ", ")
                return CallLinkDraftError(field: "destination.menu",
                                          "The dialplan has no menu '\(menu)'" + (known.isEmpty ? "." : "; its menus are \(known)."))
            }
            return nil
        }
    }
}

/// Numbers a link may be pinned to: what a person writes (`+1 (800) 555-0199`) with the
/// separators taken out, then an optional `+` and 1 to 20 digits, `*` or `#` (short codes
/// such as `*43` included). The dialplan normalizes and judges it like any dialed number.
public enum CallLinkNumber {
    public static func cleaned(_ text: String) -> String {
        text.filter { !" -().\u{00A0}".contains($0) }
    }

    public static func isValid(_ text: String) -> Bool {
        let body = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return (1...20).contains(body.count) && body.contains(where: \.isNumber)
            && body.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "*" || $0 == "#" }
    }
}
