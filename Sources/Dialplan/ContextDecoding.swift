import Yams

/// A name used in a file that must exist somewhere: checked once all files are read.
struct NameReference {
    enum Kind: String {
        case context, trunk, prompt, menu, schedule, variable
        case agentGroup = "agent group"
    }
    var kind: Kind
    var name: String
    var location: SourceLocation
    var path: String
    /// For contexts named by an entry point: the kind of caller that enters them.
    var contextKind: Context.Kind? = nil
}

/// What one file contributed.
struct DecodedFile {
    var contexts: [Context] = []
    var menus: [Menu] = []
    var schedules: [Schedule] = []
    var tests: [DialplanTestCase] = []
    /// Every context, menu and schedule named, including rejected ones, so a step naming
    /// them is not reported as unknown on top of their own findings.
    var declaredContexts: Set<String> = []
    var declaredMenus: Set<String> = []
    var declaredSchedules: Set<String> = []
}

extension NodeReader {
    static let topKeys = ["entry", "contexts", "menus", "schedules", "tests"]
    static let contextKeys = ["country", "kind", "rules"]

    mutating func decodeFile(_ root: Node, limits: DialplanLimits, entry: inout EntryPoints) -> DecodedFile {
        var decoded = DecodedFile()
        guard let entries = mapping(root, path: "", keys: Self.topKeys) else { return decoded }
        var entryPoints = entry
        defer { entry = entryPoints }
        for entry in entries {
            switch entry.key {
            case "contexts":
                guard let contexts = mapping(entry.value, path: "contexts", keys: []) else { continue }
                for context in contexts {
                    decoded.declaredContexts.insert(context.key)
                    if let decodedContext = decodeContext(name: context.key, nameNode: context.keyNode, context.value,
                                                          limits: limits, into: &decoded) {
                        decoded.contexts.append(decodedContext)
                    }
                }
            case "menus":
                guard let menus = mapping(entry.value, path: "menus", keys: []) else { continue }
                for menu in menus {
                    decoded.declaredMenus.insert(menu.key)
                    if let decodedMenu = decodeMenu(name: menu.key, nameNode: menu.keyNode, menu.value) {
                        decoded.menus.append(decodedMenu)
                    }
                }
            case "schedules":
                guard let schedules = mapping(entry.value, path: "schedules", keys: []) else { continue }
                for schedule in schedules {
                    decoded.declaredSchedules.insert(schedule.key)
                    if let decodedSchedule = decodeSchedule(name: schedule.key, nameNode: schedule.keyNode, schedule.value) {
                        decoded.schedules.append(decodedSchedule)
                    }
                }
            case "entry":
                decodeEntry(entry.value, into: &entryPoints)
            default:
                decoded.tests = decodeTests(entry.value, into: &decoded)
            }
        }
        return decoded
    }

    private mutating func decodeContext(name: String, nameNode: Node, _ node: Node, limits: DialplanLimits,
                                        into decoded: inout DecodedFile) -> Context? {
        let path = "contexts." + name
        guard let entries = mapping(node, path: path, keys: Self.contextKeys) else { return nil }
        var country: Country?
        var kind = Context.Kind.web
        var rulesNode: Node?
        for entry in entries {
            let keyPath = join(path, entry.key)
            switch entry.key {
            case "country":
                guard let code = string(entry.value, path: keyPath, what: "an ISO country code like US") else { continue }
                country = Country.named(code)
                if country == nil {
                    // "UK" is the most common slip: it is one letter from "US" but means GB.
                    let fix = code.uppercased() == "UK" ? "the ISO code of the United Kingdom is 'GB'"
                        : Suggestion.fix(for: code, among: Country.all.map(\.isoCode), listing: "known countries")
                    report(entry.value, keyPath, "unknown country '\(code)'", fix: fix)
                }
            case "kind":
                guard let text = string(entry.value, path: keyPath) else { continue }
                if let value = Context.Kind(rawValue: text) { kind = value } else {
                    report(entry.value, keyPath, "unknown kind '\(text)'", fix: "write 'web' or 'trunk'")
                }
            default:
                rulesNode = entry.value
            }
        }
        if !entries.contains(where: { $0.key == "country" }) {
            report(nameNode, path, "missing 'country'", fix: "add 'country: US' (numbers are normalized for it)")
        }
        guard let rulesNode else {
            report(nameNode, path, "missing 'rules'", fix: "add a 'rules:' list")
            return nil
        }
        guard let items = sequence(rulesNode, path: join(path, "rules"), example: "- match: {prefix: \"+1\"}") else { return nil }
        if items.isEmpty {
            report(rulesNode, join(path, "rules"), "context has no rules, so every call to it fails",
                   fix: "add a rule or remove the context")
        }
        if items.count > limits.maxRulesPerContext {
            report(rulesNode, join(path, "rules"), "\(items.count) rules, more than the limit of \(limits.maxRulesPerContext)",
                   fix: "use patterns or split the context")
            return nil
        }
        let effectiveCountry = country ?? Country.fallback
        currentCountry = effectiveCountry
        defer { currentCountry = nil }
        var rules: [Rule] = []
        for (index, item) in items.enumerated() {
            if let rule = decodeRule(item, path: join(path, "rules") + "[\(index)]", country: effectiveCountry) {
                rules.append(rule)
            }
        }
        guard let country else { return nil }
        return Context(name: name, kind: kind, country: country, rules: rules, location: location(nameNode))
    }
}
