/// Why a well-formed request cannot be processed, as the response a UAS sends:
/// status, reason and any header the RFC requires with it (Unsupported for 420,
/// Accept for 415, Allow for 405).
public struct SIPValidationFailure: Sendable, Hashable, CustomStringConvertible {
    public var statusCode: Int
    public var reasonPhrase: String
    public var headers: [SIPHeaderField]

    public init(statusCode: Int, reasonPhrase: String? = nil, headers: [SIPHeaderField] = []) {
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase ?? SIPStatus.reasonPhrase(for: statusCode)
        self.headers = headers
    }

    public var description: String { "\(statusCode) \(reasonPhrase)" }
}

extension SIPRequest {
    /// The response that reports `failure` (RFC 3261 §8.2.6), including its extra headers.
    public func makeResponse(for failure: SIPValidationFailure, toTag: String? = nil) -> SIPResponse {
        var response = makeResponse(status: failure.statusCode, reason: failure.reasonPhrase, toTag: toTag)
        for field in failure.headers { response.headers.add(field.name, field.value) }
        return response
    }

    /// RFC 3261 §16.3 step 2 / §16.6 step 3: a request that arrives with
    /// `Max-Forwards: 0` must not be forwarded; 483 for anything but OPTIONS
    /// (which the element may answer itself, RFC 4475 §3.3.11) and ACK (never answered).
    public var hopLimitFailure: SIPValidationFailure? {
        guard maxForwards == 0, method != .options, method != .ack else { return nil }
        return SIPValidationFailure(statusCode: 483)
    }
}
