extension NameAddr {
    /// Parses one name-addr or addr-spec with parameters. `header` names the
    /// field in error messages.
    ///
    /// Rejected, as RFC 4475 asks: unterminated quotes (§3.1.2.6), spaces inside
    /// `<>` (§3.1.2.14), unquoted non-token display names (§3.1.2.15), and an
    /// addr-spec whose URI has `?` or `,` without brackets (§3.1.2.13, RFC 3261 §20).
    public static func parse(_ text: String, header: String = "name-addr") throws(SIPParseError) -> NameAddr {
        var s = ByteScanner(text)
        s.skipWhitespace()
        var displayName: String?
        let uriText: ArraySlice<UInt8>
        if s.peek() == UInt8(ascii: "\"") {
            guard let quoted = s.readQuotedString() else { throw .header(header, "unterminated quoted display name") }
            displayName = quoted.content
            s.skipWhitespace()
            guard s.peek() == UInt8(ascii: "<") else { throw .header(header, "expected '<' after display name") }
            uriText = try bracketedURI(&s, header: header)
        } else if let lt = s.remainder.firstIndex(of: UInt8(ascii: "<")) {
            let display = s.bytes[s.index..<lt].trimmingWhitespace()
            guard display.allSatisfy({ SIPChar.isToken($0) || SIPChar.isWhitespace($0) }) else {
                throw .header(header, "display name has characters that need quoting")
            }
            if !display.isEmpty { displayName = String(sipBytes: display) }
            while s.index < lt { s.advance() }
            uriText = try bracketedURI(&s, header: header)
        } else {
            let start = s.index
            while let b = s.peek(), b != UInt8(ascii: ";") { s.advance() }
            uriText = s.bytes[start..<s.index].trimmingWhitespace()
            if uriText.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ",") }) {
                throw .header(header, "a URI with '?' or ',' must be enclosed in <>")
            }
        }
        let uri: SIPURI
        do { uri = try SIPURI.parse(String(sipBytes: uriText)) } catch {
            throw .header(header, error.message)
        }
        let params = try parseHeaderParameters(&s, header: header)
        return NameAddr(displayName: displayName, uri: uri, parameters: params)
    }

    /// Reads `<uri>` at the cursor and returns the bytes between the brackets.
    private static func bracketedURI(_ s: inout ByteScanner, header: String) throws(SIPParseError) -> ArraySlice<UInt8> {
        guard s.consume(UInt8(ascii: "<")) else { throw .header(header, "expected '<'") }
        let start = s.index
        while let b = s.peek(), b != UInt8(ascii: ">") { s.advance() }
        guard s.peek() == UInt8(ascii: ">") else { throw .header(header, "missing '>'") }
        let inner = s.bytes[start..<s.index]
        s.advance()
        return inner
    }

    /// `*( SEMI generic-param )` with LWS allowed around `;` and `=`
    /// (RFC 3261 §25.1 SEMI and EQUAL). Empty parameters are errors (RFC 4475 §3.1.2.1).
    static func parseHeaderParameters(_ s: inout ByteScanner, header: String) throws(SIPParseError) -> SIPParameters {
        var params = SIPParameters()
        while true {
            s.skipWhitespace()
            if s.isAtEnd { return params }
            guard s.consume(UInt8(ascii: ";")) else { throw .header(header, "unexpected text after URI") }
            s.skipWhitespace()
            guard let name = s.readToken() else { throw .header(header, "empty or invalid parameter") }
            s.skipWhitespace()
            var value: String?
            if s.consume(UInt8(ascii: "=")) {
                s.skipWhitespace()
                if s.peek() == UInt8(ascii: "\"") {
                    guard let q = s.readQuotedString() else { throw .header(header, "unterminated quoted parameter") }
                    value = q.raw
                } else {
                    let run = s.read(while: SIPChar.isGenValueChar)
                    guard !run.isEmpty else { throw .header(header, "parameter \(name) has no value") }
                    value = String(sipBytes: run)
                }
            }
            params.append(.init(name: name, value: value))
        }
    }
}
