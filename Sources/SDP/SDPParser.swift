// RFC 8866 §5: an SDP body is a sequence of `<type>=<value>` lines; session-level
// fields come first, then zero or more media sections, each opened by `m=`.

extension SessionDescription {
    /// Parses an SDP body. Accepts LF or CRLF line endings and blank lines;
    /// keeps unknown attributes and unknown line types; refuses bodies that are
    /// structurally broken, too large or with too many media sections.
    public static func parse(_ text: String) throws(SDPParseError) -> SessionDescription {
        guard text.utf8.count <= maximumSize else {
            throw SDPParseError(line: 0, kind: .tooLarge)
        }
        var builder = SDPBuilder()
        var lineNumber = 0
        var lastContentLine = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = rawLine[...]
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            if bytes.isEmpty { continue }
            guard bytes.count >= 2,
                  let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
                  bytes[bytes.index(after: bytes.startIndex)] == UInt8(ascii: "=") else {
                throw SDPParseError(line: lineNumber, kind: .malformedLine)
            }
            lastContentLine = lineNumber
            let value = String(decoding: bytes.dropFirst(2), as: UTF8.self)
            try builder.add(type: Character(Unicode.Scalar(first)), value: value, line: lineNumber)
        }
        return try builder.finish(lastLine: lastContentLine)
    }
}

/// Accumulates lines into a `SessionDescription`, enforcing the structure.
private struct SDPBuilder {
    var version: Int?
    var origin: SDPOrigin?
    var session = SessionDescription(origin: SDPOrigin(sessionID: "0", sessionVersion: 0, address: "0.0.0.0"),
                                     timings: [])
    var sawSessionName = false
    var current: MediaDescription?

    mutating func add(type: Character, value: String, line: Int) throws(SDPParseError) {
        // RFC 8866 §5: v= first, o= second.
        guard version != nil else {
            guard type == "v" else { throw SDPParseError(line: line, kind: .missingVersion) }
            guard value.trimmedSpaces == "0" else { throw SDPParseError(line: line, kind: .unsupportedVersion) }
            version = 0
            return
        }
        guard origin != nil else {
            guard type == "o" else { throw SDPParseError(line: line, kind: .missingOrigin) }
            origin = try parseOrigin(value, line: line)
            return
        }
        if type == "m" {
            try startMedia(value, line: line)
        } else if current != nil {
            try addMediaField(type: type, value: value, line: line)
        } else {
            try addSessionField(type: type, value: value, line: line)
        }
    }

    mutating func finish(lastLine: Int) throws(SDPParseError) -> SessionDescription {
        guard version != nil else { throw SDPParseError(line: 0, kind: .empty) }
        guard let origin else { throw SDPParseError(line: lastLine, kind: .missingOrigin) }
        flushMedia()
        session.origin = origin
        if session.timings.isEmpty { session.timings = [SDPTiming()] }
        return session
    }

    private mutating func flushMedia() {
        if let current { session.media.append(current) }
        current = nil
    }

    private mutating func startMedia(_ value: String, line: Int) throws(SDPParseError) {
        flushMedia()
        guard session.media.count < SessionDescription.maximumMediaSections else {
            throw SDPParseError(line: line, kind: .tooManyMediaSections)
        }
        current = try parseMedia(value, line: line)
    }

    private mutating func addSessionField(type: Character, value: String, line: Int) throws(SDPParseError) {
        switch type {
        case "v", "o":
            throw SDPParseError(line: line, kind: .duplicateField(type))
        case "s":
            guard !sawSessionName else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            sawSessionName = true
            session.sessionName = value
        case "i":
            guard session.information == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            session.information = value
        case "u":
            guard session.uri == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            session.uri = value
        case "e":
            session.emails.append(value)
        case "p":
            session.phones.append(value)
        case "c":
            guard session.connection == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            session.connection = try parseConnection(value, line: line)
        case "b":
            session.bandwidths.append(try parseBandwidth(value, line: line))
        case "t":
            session.timings.append(try parseTiming(value, line: line))
        case "r":
            // RFC 8866 §5.10: r= belongs to the t= before it.
            guard !session.timings.isEmpty else { throw SDPParseError(line: line, kind: .malformedTiming) }
            session.timings[session.timings.count - 1].repeats.append(value)
        case "z":
            guard session.timeZones == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            session.timeZones = value
        case "k":
            guard session.encryptionKey == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            session.encryptionKey = value
        case "a":
            session.attributes.append(try parseAttribute(value, line: line))
        default:
            session.unknownFields.append(SDPUnknownField(type: type, value: value))
        }
    }

    private mutating func addMediaField(type: Character, value: String, line: Int) throws(SDPParseError) {
        guard var media = current else { return }
        switch type {
        case "v", "o", "s", "u", "e", "p", "t", "r", "z":
            throw SDPParseError(line: line, kind: .misplacedField(type))
        case "i":
            guard media.information == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            media.information = value
        case "c":
            guard media.connection == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            media.connection = try parseConnection(value, line: line)
        case "b":
            media.bandwidths.append(try parseBandwidth(value, line: line))
        case "k":
            guard media.encryptionKey == nil else { throw SDPParseError(line: line, kind: .duplicateField(type)) }
            media.encryptionKey = value
        case "a":
            media.attributes.append(try parseAttribute(value, line: line))
        default:
            media.unknownFields.append(SDPUnknownField(type: type, value: value))
        }
        current = media
    }
}

// MARK: - Field grammars

/// Splits on runs of spaces, tolerating the doubled spaces some stacks emit.
private func tokens(_ value: String) -> [String] {
    value.split(separator: " ").map(String.init)
}

/// RFC 8866 §5.2
private func parseOrigin(_ value: String, line: Int) throws(SDPParseError) -> SDPOrigin {
    let parts = tokens(value)
    guard parts.count == 6, let sessionVersion = UInt64(parts[2]) else {
        throw SDPParseError(line: line, kind: .malformedOrigin)
    }
    return SDPOrigin(username: parts[0], sessionID: parts[1], sessionVersion: sessionVersion,
                     netType: parts[3], addressType: parts[4], address: parts[5])
}

/// RFC 8866 §5.7
private func parseConnection(_ value: String, line: Int) throws(SDPParseError) -> SDPConnection {
    let parts = tokens(value)
    guard parts.count == 3 else { throw SDPParseError(line: line, kind: .malformedConnection) }
    return SDPConnection(netType: parts[0], addressType: parts[1], address: parts[2])
}

/// RFC 8866 §5.8
private func parseBandwidth(_ value: String, line: Int) throws(SDPParseError) -> SDPBandwidth {
    let text = value.trimmedSpaces
    guard let colon = text.firstIndex(of: ":"),
          case let type = String(text[..<colon]), !type.isEmpty,
          let amount = UInt64(text[text.index(after: colon)...]) else {
        throw SDPParseError(line: line, kind: .malformedBandwidth)
    }
    return SDPBandwidth(type: type, value: amount)
}

/// RFC 8866 §5.9
private func parseTiming(_ value: String, line: Int) throws(SDPParseError) -> SDPTiming {
    let parts = tokens(value)
    guard parts.count == 2, let start = UInt64(parts[0]), let stop = UInt64(parts[1]) else {
        throw SDPParseError(line: line, kind: .malformedTiming)
    }
    return SDPTiming(start: start, stop: stop)
}

/// RFC 8866 §5.14: `<media> <port>[/<number of ports>] <proto> <fmt> ...`
private func parseMedia(_ value: String, line: Int) throws(SDPParseError) -> MediaDescription {
    let parts = tokens(value)
    guard parts.count >= 3 else { throw SDPParseError(line: line, kind: .malformedMedia) }
    let portParts = parts[1].split(separator: "/", omittingEmptySubsequences: false)
    guard portParts.count <= 2, let port = UInt16(portParts[0]) else {
        throw SDPParseError(line: line, kind: .malformedMedia)
    }
    var portCount: UInt16?
    if portParts.count == 2 {
        guard let count = UInt16(portParts[1]) else { throw SDPParseError(line: line, kind: .malformedMedia) }
        portCount = count
    }
    return MediaDescription(mediaType: parts[0], port: port, portCount: portCount,
                            proto: parts[2], formats: Array(parts.dropFirst(3)))
}

/// RFC 8866 §5.13: `<attribute>` or `<attribute>:<value>`.
private func parseAttribute(_ value: String, line: Int) throws(SDPParseError) -> SDPAttribute {
    guard let colon = value.firstIndex(of: ":") else {
        let name = value.trimmedSpaces
        guard !name.isEmpty else { throw SDPParseError(line: line, kind: .malformedAttribute) }
        return SDPAttribute(name)
    }
    let name = String(value[..<colon])
    guard !name.isEmpty, !name.contains(" ") else { throw SDPParseError(line: line, kind: .malformedAttribute) }
    return SDPAttribute(name, String(value[value.index(after: colon)...]))
}
