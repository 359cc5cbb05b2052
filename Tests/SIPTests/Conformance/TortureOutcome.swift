@testable import SIP

/// What a user agent server does with one torture message.
enum TortureOutcome: Equatable, CustomStringConvertible {
    /// A request that parses and passes every UAS check.
    case accept
    /// A request answered with this status (parse error or failed check).
    case reject(Int)
    /// A response a UAC processes.
    case acceptResponse
    /// A response a UAC silently drops (malformed, or not meant for a UA).
    case dropResponse

    var description: String {
        switch self {
        case .accept: "accept"
        case .reject(let s): "reject \(s)"
        case .acceptResponse: "accept response"
        case .dropResponse: "drop response"
        }
    }
}

/// The gateway's UAS profile used to judge the corpora.
enum TortureProfile {
    static let extensions: Set<String> = ["100rel", "timer", "replaces"]
    static let methods = SIPMethod.standard
    static let bodyTypes: Set<String> = ["application/sdp", "multipart/mixed", "text/plain"]

    static func outcome(_ bytes: [UInt8]) -> TortureOutcome {
        let message: SIPMessage
        do {
            message = try SIPMessage.parse(bytes)
        } catch {
            return bytes.starts(with: Array("SIP/".utf8)) ? .dropResponse : .reject(error.suggestedStatus)
        }
        switch message {
        case .response(let response):
            return response.uacDiscardReason == nil ? .acceptResponse : .dropResponse
        case .request(let request):
            if let failure = request.validationFailure(supportedExtensions: extensions, supportedMethods: methods,
                                                       acceptedBodyTypes: bodyTypes) {
                return .reject(failure.statusCode)
            }
            return .accept
        }
    }
}
