/// Which context a call enters, by who or what it comes from (the `entry:` section).
///
/// Web users: a call link wins, then the user's identity, then their permission class, then
/// `webDefault`; with none of these the call is refused, so a web user reaches only what the
/// dialplan grants. Trunk calls: the dialed DID wins, then the trunk's context.
public struct EntryPoints: Sendable, Hashable {
    public var webDefault: String?
    public var identities: [String: String]
    public var classes: [String: String]
    public var callLinks: [String: CallLink]
    /// Trunk name → context for calls from it whose DID is not listed.
    public var trunks: [String: String]
    /// E.164 DID → context.
    public var dids: [String: String]

    public init(webDefault: String? = nil, identities: [String: String] = [:], classes: [String: String] = [:],
                callLinks: [String: CallLink] = [:], trunks: [String: String] = [:], dids: [String: String] = [:]) {
        self.webDefault = webDefault
        self.identities = identities
        self.classes = classes
        self.callLinks = callLinks
        self.trunks = trunks
        self.dids = dids
    }

    /// A link a web user opens to call one fixed number: the user never chooses it.
    public struct CallLink: Sendable, Hashable {
        public var context: String
        public var number: String
        /// The link's own disconnect window in seconds (10-600), instead of the gateway's.
        public var disconnectIntervalSeconds: Int?
        /// Calls through this link in progress at once (1-10000); nil: no limit of its own.
        public var maxCalls: Int?
        /// Calls through this link started within any 60 s (1-100000); nil: no limit of its own.
        public var callsPerMinute: Int?

        public init(context: String, number: String, disconnectIntervalSeconds: Int? = nil,
                    maxCalls: Int? = nil, callsPerMinute: Int? = nil) {
            self.context = context
            self.number = number
            self.disconnectIntervalSeconds = disconnectIntervalSeconds
            self.maxCalls = maxCalls
            self.callsPerMinute = callsPerMinute
        }
    }
}

/// Who is calling, as far as entry points care.
public enum CallOrigin: Sendable, Hashable {
    /// A browser user: identity, permission classes, and the call link used, if any.
    case web(identity: String?, classes: [String], callLink: String?)
    /// A call from a trunk to a DID (the Request-URI user part).
    case trunk(name: String, did: String)
}

/// The context and number a call starts with, or why it has none.
public struct EntryDecision: Sendable, Hashable {
    public var context: String?
    /// The number to route: the call link's number, or what was dialed.
    public var number: String
    /// Which entry matched, e.g. "call link 'sales'", "identity 'alice'", "DID +12125550100".
    public var reason: String
}

extension Dialplan {
    /// Picks the context for a call (see `EntryPoints`). `dialed` is ignored for call links.
    public func entry(for origin: CallOrigin, dialed: String) -> EntryDecision {
        switch origin {
        case .web(let identity, let classes, let callLink):
            if let callLink {
                guard let link = entry.callLinks[callLink] else {
                    return EntryDecision(context: nil, number: dialed, reason: "no call link named '\(callLink)'")
                }
                return EntryDecision(context: link.context, number: link.number, reason: "call link '\(callLink)'")
            }
            if let identity, let context = entry.identities[identity] {
                return EntryDecision(context: context, number: dialed, reason: "identity '\(identity)'")
            }
            for name in classes {
                if let context = entry.classes[name] {
                    return EntryDecision(context: context, number: dialed, reason: "class '\(name)'")
                }
            }
            if let context = entry.webDefault {
                return EntryDecision(context: context, number: dialed, reason: "web default")
            }
            return EntryDecision(context: nil, number: dialed, reason: "no web entry point grants this user a context")
        case .trunk(let trunk, let did):
            if let (listed, context) = DIDLookup.find(did, in: entry.dids) {
                return EntryDecision(context: context, number: listed, reason: "DID \(listed)")
            }
            if let context = entry.trunks[trunk] {
                return EntryDecision(context: context, number: did, reason: "trunk '\(trunk)'")
            }
            return EntryDecision(context: nil, number: did, reason: "no entry point for DID \(did) on trunk '\(trunk)'")
        }
    }
}

/// DIDs as carriers send them: `+12125550100`, `12125550100`, `2125550100`, with or
/// without separators. Listed DIDs are E.164; a received one is tried as written, with a
/// '+' in front, and then as the national tail (7 digits or more) of exactly one listed DID.
enum DIDLookup {
    static func find(_ did: String, in dids: [String: String]) -> (String, String)? {
        let kept = did.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
        guard !kept.isEmpty else { return nil }
        for candidate in [kept, "+" + kept] {
            if let context = dids[candidate] { return (candidate, context) }
        }
        guard kept.count >= 7, !kept.hasPrefix("+") else { return nil }
        let tails = dids.filter { $0.key.hasSuffix(kept) }
        guard tails.count == 1, let only = tails.first else { return nil }
        return (only.key, only.value)
    }
}
