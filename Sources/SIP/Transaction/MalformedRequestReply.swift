import CoreTypes

/// Stateless answers to requests that failed to parse (RFC 3261 §8.2, §18.3;
/// RFC 4475 §3.1.2): the status the error suggests, sent when Via, From, To,
/// Call-ID and CSeq fields exist to copy. Responses and ACKs are never answered.
enum MalformedRequestReply {
    static func events(for bytes: [UInt8], error: SIPParseError, source: Endpoint, reliable: Bool,
                       limits: SIPParseLimits) -> [TransactionEvent] {
        // Read the header section again without the field-count limit (the byte
        // limit still bounds the work) so that 513 answers can be addressed too.
        let relaxed = SIPParseLimits(maxMessageBytes: limits.maxMessageBytes, maxHeaderFields: .max)
        guard error.kind != .empty,
              let head = try? RawSIPMessage.splitHead(Array(bytes.prefix(limits.maxMessageBytes)), limits: relaxed)
        else { return [] }
        let startLine = String(sipBytes: head.startLine)
        if startLine.uppercased().hasPrefix("SIP/") || startLine.hasPrefix("ACK ") { return [] }
        let fields = SIPHeaders(head.fields)
        var h = SIPHeaders()
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] {
            let values = fields.fieldValues(name)
            guard !values.isEmpty else { return [] }
            for v in (name == "Via" ? values : [values[0]]) { h.add(name, v) }
        }
        h.add("Content-Length", "0")
        let response = SIPResponse(statusCode: error.suggestedStatus, reasonPhrase: reason(for: error), headers: h)
        let destination: Endpoint
        if let via = fields["Via"].flatMap({ try? Via.parse($0) }) {
            var stamped = via
            if stamped.hasRport { stamped.setRport(source.port) }
            stamped.received = source.host
            destination = ResponseRouting.destination(for: stamped, source: source, reliable: reliable)
        } else {
            destination = source
        }
        return [.transmit(response.serialize(), to: destination)]
    }

    /// The status text plus the parser's explanation, restricted to printable ASCII.
    static func reason(for error: SIPParseError) -> String {
        let detail = String(error.message.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(100))
        return SIPStatus.reasonPhrase(for: error.suggestedStatus) + " - " + detail
    }
}
