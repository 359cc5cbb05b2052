extension SIPRequest {
    /// The request on the wire, with canonical header names and a Content-Length
    /// that matches the body.
    public func serialize() -> [UInt8] { SIPWire.serialize(startLine: startLine, headers: headers, body: body) }
}

extension SIPResponse {
    /// The response on the wire, with canonical header names and a Content-Length
    /// that matches the body.
    public func serialize() -> [UInt8] { SIPWire.serialize(startLine: startLine, headers: headers, body: body) }
}

enum SIPWire {
    static func serialize(startLine: String, headers: SIPHeaders, body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + body.count)
        func line(_ s: String) {
            out.append(contentsOf: s.utf8)
            out.append(0x0D)
            out.append(0x0A)
        }
        line(startLine)
        var wroteLength = false
        for field in headers.fields {
            if field.name == "Content-Length" {
                // The existing position is kept; the value always reflects the body.
                if !wroteLength { line("Content-Length: \(body.count)") }
                wroteLength = true
            } else {
                line("\(field.name): \(field.value)")
            }
        }
        if !wroteLength { line("Content-Length: \(body.count)") }
        line("")
        out.append(contentsOf: body)
        return out
    }
}
