/// Syntax checks on the headers a SIP element must understand to route and
/// match a message. A message that fails them is malformed (400 for requests,
/// silently dropped for responses). Other headers are only checked when read.
enum HeaderChecks {
    /// Headers that may appear at most once (RFC 3261 §7.3.1; RFC 4475 §3.3.8).
    static let singletons = ["From", "To", "Call-ID", "CSeq", "Max-Forwards", "Content-Type"]

    static func check(_ headers: SIPHeaders) throws(SIPParseError) {
        for name in singletons where headers.fieldValues(name).count > 1 {
            throw .header(name, "appears more than once")
        }
        for name in ["From", "To"] {
            if let v = headers.fieldValues(name).first { _ = try NameAddr.parse(v, header: name) }
        }
        if let id = headers.fieldValues("Call-ID").first {
            guard !id.isEmpty, !id.utf8.contains(where: { $0 <= 0x20 }) else {
                throw .header("Call-ID", "must be a non-empty word without white space")
            }
        }
        if let cseq = headers.fieldValues("CSeq").first { _ = try CSeq.parse(cseq) }
        if let mf = headers.fieldValues("Max-Forwards").first, parseDecimal(Array(mf.utf8), max: 255) == nil {
            throw .header("Max-Forwards", "must be a number from 0 to 255")
        }
        for field in headers.fieldValues("Via") {
            for element in try listElements(field, header: "Via") { _ = try Via.parse(element) }
        }
        var contacts: [String] = []
        for field in headers.fieldValues("Contact") { contacts += try listElements(field, header: "Contact") }
        for c in contacts {
            if c == "*" {
                guard contacts.count == 1 else { throw .header("Contact", "'*' must stand alone") }
            } else {
                _ = try NameAddr.parse(c, header: "Contact")
            }
        }
        for name in ["Route", "Record-Route"] {
            for field in headers.fieldValues(name) {
                for element in try listElements(field, header: name) { _ = try NameAddr.parse(element, header: name) }
            }
        }
    }

    /// The comma-separated elements of a list header; empty elements are errors
    /// (RFC 4475 §3.1.2.1).
    private static func listElements(_ value: String, header: String) throws(SIPParseError) -> [String] {
        let parts = HeaderValueSplitter.split(value)
        guard !parts.contains(where: \.isEmpty) else { throw .header(header, "empty list element") }
        return parts
    }
}
