/// Checks that span sections: names that must be unique and names that must exist.
extension ConfigDecoder {
    mutating func checkReferences(_ config: GatewayConfig) {
        var firstIndex: [String: Int] = [:]
        for (index, trunk) in config.trunks.enumerated() where !trunk.name.isEmpty {
            let namePath = "trunks[\(index)].name"
            if let earlier = firstIndex[trunk.name] {
                report(positions[namePath], namePath, "trunk name '\(trunk.name)' is already used by trunks[\(earlier)]",
                       fix: "give every trunk its own name")
            } else {
                firstIndex[trunk.name] = index
            }
        }

        let path = "calls.default_trunk"
        guard !rejected.contains(path), !rejected.contains("trunks") else { return }
        let names = config.trunks.map(\.name).filter { !$0.isEmpty }
        if let wanted = config.calls.defaultTrunk {
            guard !names.contains(wanted) else { return }
            // A trunk whose name was rejected may be the one meant; say nothing then.
            let unnamed = config.trunks.indices.contains { rejected.contains("trunks[\($0)].name") }
            if unnamed { return }
            let fix = names.isEmpty ? "define it under 'trunks' or remove this key"
                                    : Suggestion.fix(for: wanted, among: names, listing: "configured trunks")
            report(positions[path], path, "no trunk is named '\(wanted)'", fix: fix)
        } else if !config.trunks.isEmpty {
            let example = names.first ?? "carrier"
            report(positions["calls"], path, "missing required key; dialed numbers need a trunk when trunks are configured",
                   fix: "add 'default_trunk: \(example)' under 'calls'")
        }
    }
}
