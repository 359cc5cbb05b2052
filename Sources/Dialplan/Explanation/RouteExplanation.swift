import Foundation

/// What a dialplan would do with one call, in plain words (`gatewayd dialplan route`).
///
/// `lines` read top to bottom: the entry point that chose the context, how the number was
/// normalized, the rules tried, the matched rule with its place in the file, the safety
/// verdict, then the steps, indented under the step they belong to (branches, menu keys,
/// a `goto` followed into the other context).
public struct RouteExplanation: Sendable {
    public var lines: [String]
    /// Routing in the first context; nil when no context was chosen.
    public var route: RouteResult?
    /// The entry point decision; nil when the context was named directly.
    public var entry: EntryDecision?

    public init(lines: [String], route: RouteResult?, entry: EntryDecision?) {
        self.lines = lines
        self.route = route
        self.entry = entry
    }
}

extension Dialplan {
    /// Explains how a call from `from` to `to` would be routed and run at `date`.
    ///
    /// `from` is a context name, or an entry point: `identity:NAME`, `class:NAME`,
    /// `link:NAME` (web users), `did:+12125550100` or `trunk:NAME` (a call from that trunk
    /// to the DID `to`). A context with that exact name wins over the prefixed forms.
    /// Nothing runs: the schedule verdicts are those at `date`, and values that only the
    /// call can give (the caller, digits collected) stay as `${name}`.
    public func explain(from: String, to: String, at date: Date) -> RouteExplanation {
        var writer = ExplanationWriter(dialplan: self, date: date)
        guard contexts[from] == nil, from.contains(":") else {
            writer.say("entry: context \(from), named directly")
            let route = writer.explainRouting(context: from, number: to)
            return RouteExplanation(lines: writer.finishedLines, route: route, entry: nil)
        }
        guard let origin = ExplanationOrigin.parse(from, to: to) else {
            writer.say("refused: '\(from)' is neither a context nor an entry point; write a context name, "
                       + "identity:NAME, class:NAME, link:NAME, did:NUMBER or trunk:NAME")
            return RouteExplanation(lines: writer.finishedLines, route: nil, entry: nil)
        }
        var decision = entry(for: origin.origin, dialed: to)
        if origin.isBareDID, decision.context == nil {
            decision.reason = "no entry point for DID \(origin.did ?? to)"
        }
        guard let context = decision.context else {
            writer.say("entry: \(decision.reason)")
            writer.say("refused: the call enters no context → hangup \(origin.unmatchedCause)")
            return RouteExplanation(lines: writer.finishedLines, route: nil, entry: decision)
        }
        var line = "entry: \(decision.reason) → context \(context)"
        if case .web(_, _, let link?) = origin.origin, entry.callLinks[link] != nil {
            line += ", number \(decision.number) (the link's own number)"
        }
        writer.say(line)
        if origin.isBareDID, !to.isEmpty, to != origin.did {
            writer.say("note: a call to a DID routes the DID itself; '\(to)' is not used")
        }
        let route = writer.explainRouting(context: context, number: decision.number)
        return RouteExplanation(lines: writer.finishedLines, route: route, entry: decision)
    }
}

/// The `from` forms of `explain` that name an entry point instead of a context.
struct ExplanationOrigin {
    var origin: CallOrigin
    /// Set for `did:NUMBER`, whose trunk is unknown.
    var did: String?

    var isBareDID: Bool { did != nil }

    /// How a call that enters no context ends: web users are refused, an unknown DID does not exist.
    var unmatchedCause: String {
        if case .trunk = origin { return "unallocated_number" }
        return "call_rejected"
    }

    static func parse(_ from: String, to: String) -> ExplanationOrigin? {
        guard let colon = from.firstIndex(of: ":") else { return nil }
        let kind = from[..<colon].lowercased()
        let name = String(from[from.index(after: colon)...])
        guard !name.isEmpty else { return nil }
        switch kind {
        case "identity": return ExplanationOrigin(origin: .web(identity: name, classes: [], callLink: nil))
        case "class": return ExplanationOrigin(origin: .web(identity: nil, classes: [name], callLink: nil))
        case "link": return ExplanationOrigin(origin: .web(identity: nil, classes: [], callLink: name))
        case "trunk": return ExplanationOrigin(origin: .trunk(name: name, did: to))
        case "did": return ExplanationOrigin(origin: .trunk(name: "", did: name), did: name)
        default: return nil
        }
    }
}
