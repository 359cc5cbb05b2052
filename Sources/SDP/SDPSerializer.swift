// RFC 8866 §5: fields in the canonical order v o s i u e p c b t r z k a, then
// each media section as m i c b k a; every line ends with CRLF.

extension SessionDescription {
    /// The body as text with CRLF line endings.
    public func serialize() -> String {
        var out = ""
        out.reserveCapacity(1024 + media.count * 1024)
        func line(_ type: String, _ value: String) {
            out += type
            out += "="
            out += value
            out += "\r\n"
        }
        line("v", "\(version)")
        line("o", "\(origin.username) \(origin.sessionID) \(origin.sessionVersion) "
                + "\(origin.netType) \(origin.addressType) \(origin.address)")
        line("s", sessionName)
        if let information { line("i", information) }
        if let uri { line("u", uri) }
        for email in emails { line("e", email) }
        for phone in phones { line("p", phone) }
        if let connection { line("c", connection.lineValue) }
        for bandwidth in bandwidths { line("b", bandwidth.lineValue) }
        for timing in timings.isEmpty ? [SDPTiming()] : timings {
            line("t", "\(timing.start) \(timing.stop)")
            for repeatValue in timing.repeats { line("r", repeatValue) }
        }
        if let timeZones { line("z", timeZones) }
        if let encryptionKey { line("k", encryptionKey) }
        for field in unknownFields { line(String(field.type), field.value) }
        for attribute in attributes { line("a", attribute.description) }
        for section in media {
            line("m", section.lineValue)
            if let information = section.information { line("i", information) }
            if let connection = section.connection { line("c", connection.lineValue) }
            for bandwidth in section.bandwidths { line("b", bandwidth.lineValue) }
            if let encryptionKey = section.encryptionKey { line("k", encryptionKey) }
            for field in section.unknownFields { line(String(field.type), field.value) }
            for attribute in section.attributes { line("a", attribute.description) }
        }
        return out
    }
}

extension SDPConnection {
    var lineValue: String { "\(netType) \(addressType) \(address)" }
}

extension SDPBandwidth {
    var lineValue: String { "\(type):\(value)" }
}

extension MediaDescription {
    var lineValue: String {
        var text = mediaType + " \(port)"
        if let portCount { text += "/\(portCount)" }
        text += " " + proto
        for format in formats { text += " " + format }
        return text
    }
}
