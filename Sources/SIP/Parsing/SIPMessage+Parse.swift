extension SIPMessage {
    /// Parses one SIP message received as a datagram (UDP) or framed out of a
    /// stream by `SIPStreamFramer`. Never traps; every defect is a `SIPParseError`.
    public static func parse(_ bytes: [UInt8]) throws(SIPParseError) -> SIPMessage {
        try parse(bytes, limits: .default)
    }

    public static func parse(_ bytes: [UInt8], limits: SIPParseLimits) throws(SIPParseError) -> SIPMessage {
        let raw = try RawSIPMessage.split(bytes, limits: limits)
        let message = try raw.assemble()
        try HeaderChecks.check(message.headers)
        return message
    }
}

extension RawSIPMessage {
    /// Builds the typed message from the split pieces (start line parsed, headers
    /// not yet checked).
    func assemble() throws(SIPParseError) -> SIPMessage {
        let headers = SIPHeaders(fields)
        switch try StartLine.parse(startLine) {
        case let .request(method, uri, version):
            return .request(SIPRequest(method: method, uri: uri, headers: headers, body: body, version: version))
        case let .response(code, reason, version):
            return .response(SIPResponse(statusCode: code, reasonPhrase: reason, headers: headers, body: body,
                                         version: version))
        }
    }
}
