/// One Via header value (RFC 3261 §20.42): sent-protocol, sent-by and parameters,
/// including `received` (§18.2.1) and `rport` (RFC 3581).
public struct Via: Hashable, Sendable, CustomStringConvertible {
    /// The magic cookie that marks an RFC 3261 branch (§8.1.1.7).
    public static let magicCookie = "z9hG4bK"

    public var protocolName: String
    public var protocolVersion: String
    /// Upper-cased transport token: UDP, TCP, TLS, SCTP, WS, WSS or an extension.
    public var transport: String
    /// sent-by host; IPv6 without brackets.
    public var host: String
    public var port: Int?
    public var parameters: SIPParameters

    public init(transport: String = "UDP", host: String, port: Int? = nil, branch: String? = nil,
                parameters: SIPParameters = [:]) {
        self.protocolName = "SIP"
        self.protocolVersion = "2.0"
        self.transport = transport.uppercased()
        self.host = host
        self.port = port
        self.parameters = parameters
        if let branch { self.branch = branch }
    }

    public var branch: String? {
        get { parameters["branch"] }
        set { parameters["branch"] = newValue }
    }

    /// The `received` address, without the `[]` some implementations add (RFC 5118 §4.5).
    public var received: String? {
        get {
            guard let r = parameters["received"] else { return nil }
            return r.hasPrefix("[") && r.hasSuffix("]") ? String(r.dropFirst().dropLast()) : r
        }
        set { parameters["received"] = newValue }
    }

    /// Whether `rport` is present, with or without a value (RFC 3581 §3).
    public var hasRport: Bool { parameters.contains("rport") }

    /// The `rport` value filled in by the server, if any.
    public var rport: Int? { parameters["rport"].flatMap { Int($0) } }

    /// Sets `rport` to a value, or to the bare flag a client sends when `nil`.
    public mutating func setRport(_ value: Int?) { parameters.set("rport", value.map(String.init)) }

    public var maddr: String? { parameters["maddr"] }

    /// `host[:port]` as written in sent-by.
    public var sentBy: String {
        let h = IPAddressText.bracketed(host)
        return port.map { "\(h):\($0)" } ?? h
    }

    /// Whether the branch carries the RFC 3261 magic cookie and something after it.
    /// A bare cookie (RFC 4475 §3.2.1) falls back to RFC 2543 matching.
    public var hasRFC3261Branch: Bool {
        guard let branch else { return false }
        return branch.hasPrefix(Self.magicCookie) && branch.count > Self.magicCookie.count
    }

    /// Whether the transport is reliable (anything but UDP), per RFC 3261 §17.
    public var isReliableTransport: Bool { transport != "UDP" }

    public var description: String {
        "\(protocolName)/\(protocolVersion)/\(transport) \(sentBy)" + parameters.headerParameterText
    }
}
