/// A transport address (IP literal or host name, and port) as cores see it.
///
/// Cores never resolve names or open sockets; the runtime translates between
/// `Endpoint` and its socket addresses.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with IPv6 literals in brackets (RFC 3986 §3.2.2).
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
