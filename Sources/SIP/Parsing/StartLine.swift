/// Request-Line and Status-Line parsing (RFC 3261 §7.1, §7.2).
enum StartLine {
    enum Parsed {
        case request(SIPMethod, SIPURI, version: String)
        case response(code: Int, reason: String, version: String)
    }

    static func parse(_ line: [UInt8]) throws(SIPParseError) -> Parsed {
        if line.count >= 4, String(sipBytes: line.prefix(4)).uppercased() == "SIP/" {
            return try parseStatusLine(line)
        }
        return try parseRequestLine(line)
    }

    /// `Method SP Request-URI SP SIP-Version`: exactly single spaces, no trailing
    /// white space (RFC 4475 §3.1.2.9, §3.1.2.10), no `<>` (§3.1.2.7).
    private static func parseRequestLine(_ line: [UInt8]) throws(SIPParseError) -> Parsed {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .startLine("Request-Line must be 'Method SP Request-URI SP SIP-Version'")
        }
        guard parts[0].allSatisfy(SIPChar.isToken) else { throw .startLine("Invalid method") }
        guard let version = version(parts[2]) else { throw .startLine("Invalid SIP version") }
        let uri: SIPURI
        do { uri = try SIPURI.parse(String(sipBytes: parts[1])) } catch {
            throw .startLine("Invalid Request-URI: \(error.message)")
        }
        return .request(SIPMethod(String(sipBytes: parts[0])), uri, version: version)
    }

    /// `SIP-Version SP Status-Code SP Reason-Phrase`; the code has exactly three
    /// digits (RFC 4475 §3.1.2.19) and the reason may be empty (§3.1.1.13).
    private static func parseStatusLine(_ line: [UInt8]) throws(SIPParseError) -> Parsed {
        let firstSpace = line.firstIndex(of: 0x20) ?? line.endIndex
        guard let version = version(line[..<firstSpace]) else { throw .startLine("Invalid SIP version") }
        let rest = line[min(firstSpace + 1, line.endIndex)...]
        let codeEnd = rest.firstIndex(of: 0x20) ?? rest.endIndex
        let codeDigits = rest[..<codeEnd]
        guard codeDigits.count == 3, let code = parseDecimal(codeDigits, max: 699), code >= 100 else {
            throw .startLine("Status code must be three digits from 100 to 699")
        }
        let reason = rest[min(codeEnd + 1, rest.endIndex)...]
        return .response(code: Int(code), reason: String(sipBytes: reason), version: version)
    }

    /// `"SIP" "/" 1*DIGIT "." 1*DIGIT`, returned with "SIP" upper-cased.
    private static func version(_ text: ArraySlice<UInt8>) -> String? {
        guard text.count >= 7, String(sipBytes: text.prefix(4)).uppercased() == "SIP/" else { return nil }
        let numbers = text.dropFirst(4).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy(SIPChar.isDigit) }) else {
            return nil
        }
        return "SIP/" + String(sipBytes: text.dropFirst(4))
    }
}
