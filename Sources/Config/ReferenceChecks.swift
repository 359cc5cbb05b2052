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

        checkTrunkListeners(config)
        checkFallbackTrunks(config)

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

    /// Every fallback trunk must exist, and none may repeat the default trunk.
    private mutating func checkFallbackTrunks(_ config: GatewayConfig) {
        let names = config.trunks.map(\.name).filter { !$0.isEmpty }
        var seen: Set<String> = Set(config.calls.defaultTrunk.map { [$0] } ?? [])
        for (index, wanted) in config.calls.fallbackTrunks.enumerated() {
            let path = "calls.fallback_trunks[\(index)]"
            if !names.contains(wanted) {
                report(positions[path], path, "no trunk is named '\(wanted)'",
                       fix: Suggestion.fix(for: wanted, among: names, listing: "configured trunks"))
            } else if !seen.insert(wanted).inserted {
                report(positions[path], path, "'\(wanted)' is already in the route",
                       fix: "list each trunk once, after calls.default_trunk")
            }
        }
    }

    /// A TCP or TLS trunk sends its in-dialog requests to the Contact the gateway
    /// writes (RFC 3261 §12.2.1.1), which names the gateway's listener for that
    /// transport; without one, a BYE from the far end could not reach the gateway.
    private mutating func checkTrunkListeners(_ config: GatewayConfig) {
        for (index, trunk) in config.trunks.enumerated() where trunk.transport != .udp {
            let path = "trunks[\(index)].transport"
            guard !rejected.contains(path), config.sip.listenAddress(for: trunk.transport) == nil,
                  !rejected.contains("sip.listen_\(trunk.transport.rawValue)") else { continue }
            let example = trunk.transport == .tcp ? "listen_tcp: \"0.0.0.0:5060\""
                : "listen_tls: \"0.0.0.0:5061\" with tls_certificate and tls_private_key"
            report(positions[path], path,
                   "\(trunk.transport.rawValue) needs sip.listen_\(trunk.transport.rawValue): the Contact sent to the trunk names that listener",
                   fix: "add '\(example)' under 'sip'")
        }
    }
}
