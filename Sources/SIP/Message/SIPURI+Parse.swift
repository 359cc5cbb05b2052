extension SIPURI {
    /// Parses a URI as it appears in a Request-URI or inside `<>` (RFC 3261 §25.1).
    /// Whitespace anywhere is an error (RFC 4475 §3.1.2.8, §3.1.2.14).
    public static func parse(_ text: String) throws(SIPParseError) -> SIPURI {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { throw .uri("URI has no scheme: \(text.prefix(60))") }
        let schemeBytes = bytes[..<colon]
        guard let first = schemeBytes.first, SIPChar.isAlpha(first),
              schemeBytes.allSatisfy({ SIPChar.isAlphaNum($0) || "+-.".utf8.contains($0) })
        else { throw .uri("invalid URI scheme") }
        let rest = bytes[(colon + 1)...]
        guard !rest.isEmpty, !rest.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw .uri("URI is empty or contains white space or control characters")
        }
        let scheme = String(sipBytes: schemeBytes).lowercased()
        switch scheme {
        case "sip", "sips": return try parseSIP(scheme: scheme, rest)
        case "tel": return try parseTel(rest)
        default:
            var uri = SIPURI(scheme: scheme, host: "")
            uri.opaque = String(sipBytes: rest)
            return uri
        }
    }

    private static func parseSIP(scheme: String, _ rest: ArraySlice<UInt8>) throws(SIPParseError) -> SIPURI {
        var uri = SIPURI(scheme: scheme, host: "")
        var remaining = rest
        // '@' cannot appear unescaped after the userinfo, so the first one ends it.
        if let at = rest.firstIndex(of: UInt8(ascii: "@")) {
            let userinfo = rest[..<at]
            remaining = rest[(at + 1)...]
            let colon = userinfo.firstIndex(of: UInt8(ascii: ":"))
            let userPart = colon.map { userinfo[..<$0] } ?? userinfo
            guard !userPart.isEmpty else { throw .uri("empty user part") }
            uri.user = try decode(userPart, allowed: SIPChar.isUserChar, what: "user")
            if let colon {
                uri.password = try decode(userinfo[(colon + 1)...], allowed: SIPChar.isPasswordChar, what: "password")
            }
        }
        let hostEnd = remaining.firstIndex { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "?") } ?? remaining.endIndex
        (uri.host, uri.port) = try parseHostPort(remaining[..<hostEnd])
        var tail = remaining[hostEnd...]
        let query = tail.firstIndex(of: UInt8(ascii: "?"))
        if let query {
            uri.headers = try parseURIHeaders(tail[(query + 1)...])
            tail = tail[..<query]
        }
        uri.parameters = try parseURIParameters(tail)
        return uri
    }

    static func parseHostPort(_ text: ArraySlice<UInt8>) throws(SIPParseError) -> (String, Int?) {
        var hostText = text
        var port: Int?
        let closing = text.lastIndex(of: UInt8(ascii: "]"))
        let searchFrom = closing.map { $0 + 1 } ?? text.startIndex
        if let colon = text[searchFrom...].firstIndex(of: UInt8(ascii: ":")) {
            hostText = text[..<colon]
            guard let p = parseDecimal(text[(colon + 1)...], max: 65535) else {
                throw .uri("invalid port")
            }
            port = Int(p)
        }
        guard let host = IPAddressText.parseHost(hostText) else {
            throw .uri("invalid host '\(String(sipBytes: hostText.prefix(80)))'")
        }
        return (host, port)
    }

    /// `;name[=value]` URI parameters (RFC 3261 `uri-parameters`), decoded.
    private static func parseURIParameters(_ text: ArraySlice<UInt8>) throws(SIPParseError) -> SIPParameters {
        var params = SIPParameters()
        guard !text.isEmpty else { return params }
        for piece in text.dropFirst().split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let eq = piece.firstIndex(of: UInt8(ascii: "="))
            let name = try decode(eq.map { piece[..<$0] } ?? piece, allowed: SIPChar.isParamChar, what: "parameter")
            guard !name.isEmpty else { throw .uri("empty URI parameter") }
            var value: String?
            if let eq {
                value = try decode(piece[(eq + 1)...], allowed: SIPChar.isParamChar, what: "parameter value")
                if value?.isEmpty == true { throw .uri("empty URI parameter value") }
            }
            params.append(.init(name: name, value: value))
        }
        return params
    }

    /// `hname=hvalue` pairs joined by `&` (RFC 3261 `headers`), decoded.
    private static func parseURIHeaders(_ text: ArraySlice<UInt8>) throws(SIPParseError) -> SIPParameters {
        var headers = SIPParameters()
        for piece in text.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard let eq = piece.firstIndex(of: UInt8(ascii: "=")) else { throw .uri("URI header without '='") }
            let name = try decode(piece[..<eq], allowed: SIPChar.isHeaderChar, what: "header name")
            guard !name.isEmpty else { throw .uri("empty URI header name") }
            let value = try decode(piece[(eq + 1)...], allowed: SIPChar.isHeaderChar, what: "header value")
            headers.append(.init(name: name, value: value))
        }
        return headers
    }

    /// tel URI (RFC 3966): a number of digits, separators and `*#+`, then parameters.
    private static func parseTel(_ rest: ArraySlice<UInt8>) throws(SIPParseError) -> SIPURI {
        let semi = rest.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
        let number = rest[..<semi]
        guard !number.isEmpty,
              number.allSatisfy({ SIPChar.isHex($0) || "+-.()*#pPwW".utf8.contains($0) })
        else { throw .uri("invalid telephone number") }
        var uri = SIPURI.tel(String(sipBytes: number))
        uri.parameters = try parseURIParameters(rest[semi...])
        return uri
    }

    /// Percent-decodes `text` after checking every unescaped byte against `allowed`.
    static func decode(_ text: ArraySlice<UInt8>, allowed: (UInt8) -> Bool, what: String) throws(SIPParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let b = text[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < text.endIndex,
                      let hi = SIPChar.hexValue(text[i + 1]), let lo = SIPChar.hexValue(text[i + 2])
                else { throw .uri("bad escape in \(what)") }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                guard allowed(b) else { throw .uri("character '\(Character(Unicode.Scalar(b)))' not allowed in \(what)") }
                out.append(b)
                i += 1
            }
        }
        return String(sipBytes: out)
    }
}
