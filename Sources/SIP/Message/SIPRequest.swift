/// A SIP request (RFC 3261 §7.1).
public struct SIPRequest: SIPMessageFields, Hashable, Sendable, CustomStringConvertible {
    public var method: SIPMethod
    public var uri: SIPURI
    /// "SIP/2.0" unless a peer sent another version (answered with 505).
    public var version: String
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(method: SIPMethod, uri: SIPURI, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = [],
                version: String = "SIP/2.0") {
        self.method = method
        self.uri = uri
        self.version = version
        self.headers = headers
        self.body = body
    }

    public var startLine: String { "\(method.rawValue) \(uri.serialized) \(version)" }

    public var description: String { String(sipBytes: serialize()) }
}

/// A SIP response (RFC 3261 §7.2).
public struct SIPResponse: SIPMessageFields, Hashable, Sendable, CustomStringConvertible {
    public var statusCode: Int
    public var reasonPhrase: String
    public var version: String
    public var headers: SIPHeaders
    public var body: [UInt8]

    /// A response; the reason phrase defaults to the RFC 3261 §21 text for the code.
    public init(statusCode: Int, reasonPhrase: String? = nil, headers: SIPHeaders = SIPHeaders(),
                body: [UInt8] = [], version: String = "SIP/2.0") {
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase ?? SIPStatus.reasonPhrase(for: statusCode)
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// 1xx.
    public var isProvisional: Bool { statusCode < 200 }
    /// 2xx.
    public var isSuccess: Bool { (200..<300).contains(statusCode) }
    /// 200–699.
    public var isFinal: Bool { statusCode >= 200 }

    public var startLine: String { "\(version) \(statusCode) \(reasonPhrase)" }

    public var description: String { String(sipBytes: serialize()) }
}

/// A parsed SIP message of either kind.
public enum SIPMessage: Hashable, Sendable {
    case request(SIPRequest)
    case response(SIPResponse)

    public var headers: SIPHeaders {
        switch self {
        case .request(let r): return r.headers
        case .response(let r): return r.headers
        }
    }

    public var body: [UInt8] {
        switch self {
        case .request(let r): return r.body
        case .response(let r): return r.body
        }
    }

    public var request: SIPRequest? { if case .request(let r) = self { r } else { nil } }
    public var response: SIPResponse? { if case .response(let r) = self { r } else { nil } }

    public func serialize() -> [UInt8] {
        switch self {
        case .request(let r): return r.serialize()
        case .response(let r): return r.serialize()
        }
    }
}
