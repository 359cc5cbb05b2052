extension Via {
    /// Parses a single Via value. LWS is allowed around `/`, `:`, `;` and `=`
    /// (RFC 3261 §25.1 SLASH, COLON, SEMI, EQUAL; see RFC 4475 §3.1.1.1).
    public static func parse(_ text: String) throws(SIPParseError) -> Via {
        var s = ByteScanner(text)
        s.skipWhitespace()
        guard let name = s.readToken() else { throw .header("Via", "missing protocol name") }
        try expectSlash(&s)
        guard let version = s.readToken() else { throw .header("Via", "missing protocol version") }
        try expectSlash(&s)
        guard let transport = s.readToken() else { throw .header("Via", "missing transport") }
        let gap = s.index
        s.skipWhitespace()
        guard s.index > gap else { throw .header("Via", "missing space before sent-by") }
        let (host, port) = try readSentBy(&s)
        var via = Via(transport: transport, host: host, port: port)
        via.protocolName = name
        via.protocolVersion = version
        via.parameters = try NameAddr.parseHeaderParameters(&s, header: "Via")
        try via.checkParameters()
        return via
    }

    /// All Via values in one field value (comma-separated list).
    public static func parseList(_ fieldValue: String) throws(SIPParseError) -> [Via] {
        var out: [Via] = []
        for part in HeaderValueSplitter.split(fieldValue) { out.append(try parse(part)) }
        return out
    }

    private static func expectSlash(_ s: inout ByteScanner) throws(SIPParseError) {
        s.skipWhitespace()
        guard s.consume(UInt8(ascii: "/")) else { throw .header("Via", "malformed sent-protocol") }
        s.skipWhitespace()
    }

    private static func readSentBy(_ s: inout ByteScanner) throws(SIPParseError) -> (String, Int?) {
        let hostBytes: ArraySlice<UInt8>
        if s.peek() == UInt8(ascii: "[") {
            let start = s.index
            while let b = s.peek(), b != UInt8(ascii: "]") { s.advance() }
            guard s.consume(UInt8(ascii: "]")) else { throw .header("Via", "unterminated IPv6 reference") }
            hostBytes = s.bytes[start..<s.index]
        } else {
            hostBytes = s.read { SIPChar.isAlphaNum($0) || "-._".utf8.contains($0) }
        }
        guard let host = IPAddressText.parseHost(hostBytes) else { throw .header("Via", "invalid sent-by host") }
        var port: Int?
        s.skipWhitespace()
        if s.consume(UInt8(ascii: ":")) {
            s.skipWhitespace()
            guard let p = parseDecimal(s.read(while: SIPChar.isDigit), max: 65535) else {
                throw .header("Via", "invalid sent-by port")
            }
            port = Int(p)
        }
        return (host, port)
    }

    /// Value checks for the parameters whose syntax RFC 3261/3581 pin down.
    private func checkParameters() throws(SIPParseError) {
        if let r = parameters.items.first(where: { $0.name.lowercased() == "rport" }), let v = r.value,
           parseDecimal(Array(v.utf8), max: 65535) == nil {
            throw .header("Via", "invalid rport")
        }
        if parameters.contains("received") {
            guard let r = received,
                  IPAddressText.isIPv4(Array(r.utf8)) || IPAddressText.normalizedIPv6(r) != nil
            else { throw .header("Via", "received is not an IP address") }
        }
        if parameters.contains("branch"), branch == nil { throw .header("Via", "branch without value") }
    }
}
