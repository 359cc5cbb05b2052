import Yams

extension NodeReader {
    static let entryKeys = ["web", "trunks", "dids"]
    static let webEntryKeys = ["default", "identities", "classes", "call_links"]
    static let callLinkKeys = ["context", "number", "disconnect_interval", "max_calls", "calls_per_minute"]

    /// The `entry:` section; several files may each add names, but not the same one twice.
    mutating func decodeEntry(_ node: Node, into entry: inout EntryPoints) {
        guard let entries = mapping(node, path: "entry", keys: Self.entryKeys) else { return }
        for section in entries {
            let path = join("entry", section.key)
            switch section.key {
            case "web":
                guard let web = mapping(section.value, path: path, keys: Self.webEntryKeys) else { continue }
                for item in web {
                    let itemPath = join(path, item.key)
                    switch item.key {
                    case "default":
                        guard let context = contextName(item.value, path: itemPath, kind: .web) else { continue }
                        if entry.webDefault != nil {
                            report(item.keyNode, itemPath, "the web default is already set", fix: "keep only one")
                        } else {
                            entry.webDefault = context
                        }
                    case "identities": decodeNames(item.value, path: itemPath, kind: .web, into: &entry.identities)
                    case "classes": decodeNames(item.value, path: itemPath, kind: .web, into: &entry.classes)
                    default: decodeCallLinks(item.value, path: itemPath, into: &entry.callLinks)
                    }
                }
            case "trunks":
                guard let trunks = mapping(section.value, path: path, keys: []) else { continue }
                for trunk in trunks {
                    refer(.trunk, trunk.key, trunk.keyNode, join(path, trunk.key))
                }
                decodeNames(section.value, path: path, kind: .trunk, into: &entry.trunks)
            default:
                guard let dids = mapping(section.value, path: path, keys: []) else { continue }
                for did in dids where !(did.key.hasPrefix("+") && did.key.count >= 8 && did.key.dropFirst().allSatisfy(\.isNumber)) {
                    report(did.keyNode, join(path, did.key), "DID '\(did.key)' is not in E.164 form",
                           fix: "write it with '+' and the country code, e.g. \"+12125550100\"")
                }
                decodeNames(section.value, path: path, kind: .trunk, into: &entry.dids)
            }
        }
    }

    /// A mapping of names to context names.
    private mutating func decodeNames(_ node: Node, path: String, kind: Context.Kind, into table: inout [String: String]) {
        guard let entries = mapping(node, path: path, keys: []) else { return }
        for entry in entries {
            let keyPath = join(path, entry.key)
            guard let context = contextName(entry.value, path: keyPath, kind: kind) else { continue }
            if table[entry.key] != nil {
                report(entry.keyNode, keyPath, "'\(entry.key)' already has an entry point", fix: "keep only one")
            } else {
                table[entry.key] = context
            }
        }
    }

    private mutating func decodeCallLinks(_ node: Node, path: String, into links: inout [String: EntryPoints.CallLink]) {
        guard let entries = mapping(node, path: path, keys: []) else { return }
        for entry in entries {
            let keyPath = join(path, entry.key)
            guard let fields = mapping(entry.value, path: keyPath, keys: Self.callLinkKeys) else { continue }
            var context: String?, number: String?, interval: Int?, maxCalls: Int?, perMinute: Int?
            for field in fields {
                switch field.key {
                case "context":
                    context = contextName(field.value, path: join(keyPath, "context"), kind: .web)
                case "number":
                    number = string(field.value, path: join(keyPath, "number"), what: "the number the link calls")
                case "disconnect_interval":
                    interval = integer(field.value, path: join(keyPath, "disconnect_interval"), range: 10...600)
                case "max_calls":
                    maxCalls = integer(field.value, path: join(keyPath, "max_calls"), range: 1...10_000)
                default:
                    perMinute = integer(field.value, path: join(keyPath, "calls_per_minute"), range: 1...100_000)
                }
            }
            guard let context, let number else {
                report(entry.keyNode, keyPath, "a call link needs 'context' and 'number'",
                       fix: "write e.g. '{context: links, number: \"+12125550100\"}'")
                continue
            }
            if links[entry.key] != nil {
                report(entry.keyNode, keyPath, "call link '\(entry.key)' is defined twice", fix: "keep only one")
            } else {
                links[entry.key] = EntryPoints.CallLink(context: context, number: number, disconnectIntervalSeconds: interval,
                                                        maxCalls: maxCalls, callsPerMinute: perMinute)
            }
        }
    }

    private mutating func contextName(_ node: Node, path: String, kind: Context.Kind) -> String? {
        guard let name = string(node, path: path, what: "a context name") else { return nil }
        references.append(NameReference(kind: .context, name: name, location: location(node), path: path, contextKind: kind))
        return name
    }
}
