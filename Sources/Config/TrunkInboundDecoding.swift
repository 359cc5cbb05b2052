import Yams

/// How a trunk's calls toward the gateway are recognized: by source address, or by
/// digest credentials (docs/configuration.md, `inbound_*`).
extension ConfigDecoder {
    mutating func decodeInbound(into trunk: inout TrunkConfig, _ m: MappingReader) {
        let path = m.child("inbound_addresses")
        trunk.inboundAddresses = sequence(m.node("inbound_addresses"), path: path, example: "[192.0.2.10]")
            .enumerated().compactMap { index, item in
                guard case .found(let ip) = lookup(item, path: path + "[\(index)]", expecting: "an IP address",
                                                   ValueParsers.ipLiteral(allowUnspecified: false)) else { return nil }
                return ip
            }
        let credential = { (scalar: Node.Scalar) throws(ValueProblem) -> String? in
            let text = try Self.credentialText(scalar)
            return text.isEmpty ? nil : text
        }
        trunk.inboundUsername = optionalValue(m, "inbound_username", expecting: "text", credential) ?? nil
        trunk.inboundPassword = optionalValue(m, "inbound_password", expecting: "text", credential) ?? nil
        let userPath = m.child("inbound_username"), passwordPath = m.child("inbound_password")
        if (trunk.inboundUsername == nil) != (trunk.inboundPassword == nil),
           !rejected.contains(userPath), !rejected.contains(passwordPath) {
            let present = trunk.inboundUsername != nil ? userPath : passwordPath
            report(positions[present], present, "inbound_username and inbound_password go together",
                   fix: "set both under '\(m.path)', or neither")
        }
    }
}
