@testable import SIP

/// Small hand-written messages for tests, with CRLF line ends.
enum TestMessages {
    static func bytes(_ lines: [String], body: String = "") -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static func request(_ method: String = "INVITE", branch: String = "z9hG4bK74bf9", cseq: UInt32 = 1,
                        callID: String = "3848276298220188511@atlanta.example.com",
                        extra: [String] = [], body: String = "") -> [UInt8] {
        bytes([
            "\(method) sip:bob@biloxi.example.com SIP/2.0",
            "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=\(branch)",
            "Max-Forwards: 70",
            "To: Bob <sip:bob@biloxi.example.com>",
            "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl",
            "Call-ID: \(callID)",
            "CSeq: \(cseq) \(method)",
            "Contact: <sip:alice@pc33.atlanta.example.com>",
        ] + extra + ["Content-Length: \(body.utf8.count)"], body: body)
    }

    static func parsedRequest(_ method: String = "INVITE", branch: String = "z9hG4bK74bf9", cseq: UInt32 = 1,
                              extra: [String] = [], body: String = "") throws -> SIPRequest {
        guard case .request(let r) = try SIPMessage.parse(request(method, branch: branch, cseq: cseq, extra: extra, body: body)) else {
            throw SIPParseError(kind: .startLine, message: "not a request")
        }
        return r
    }
}
