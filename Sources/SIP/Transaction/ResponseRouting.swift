import CoreTypes

/// Where responses go and how a server marks the Via of a request it receives.
enum ResponseRouting {
    /// RFC 3261 §18.2.2 with RFC 3581 §4: over a reliable transport, back on the
    /// connection the request used; otherwise to `maddr`, else to `received`
    /// (port from `rport`, sent-by or 5060), else to sent-by.
    static func destination(for via: Via, source: Endpoint?, reliable: Bool) -> Endpoint {
        if reliable, let source { return source }
        let defaultPort = via.transport == "TLS" ? 5061 : 5060
        if let maddr = via.maddr { return Endpoint(host: maddr, port: via.port ?? defaultPort) }
        if let received = via.received {
            return Endpoint(host: received, port: via.rport ?? via.port ?? defaultPort)
        }
        return Endpoint(host: via.host, port: via.rport ?? via.port ?? defaultPort)
    }

    /// RFC 3261 §18.2.1 and RFC 3581 §4: add `received` when the sent-by host is
    /// not the packet's source address (always when `rport` was requested) and
    /// fill in `rport` with the source port.
    static func stampTopVia(of request: inout SIPRequest, source: Endpoint) {
        guard var top = request.topVia else { return }
        if top.hasRport {
            top.setRport(source.port)
            top.received = source.host
        } else if top.host.lowercased() != source.host.lowercased() {
            top.received = source.host
        } else {
            return
        }
        replaceTopVia(of: &request.headers, with: top)
    }

    /// Replaces only the first Via value, keeping every other field and value as written.
    static func replaceTopVia(of headers: inout SIPHeaders, with via: Via) {
        var fields = headers.fields
        guard let i = fields.firstIndex(where: { $0.name == "Via" }) else { return }
        var values = HeaderValueSplitter.split(fields[i].value)
        guard !values.isEmpty else { return }
        values[0] = via.description
        fields[i].value = values.joined(separator: ", ")
        headers = SIPHeaders(fields)
    }
}
