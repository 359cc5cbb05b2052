/// A `name-addr` or `addr-spec` with header parameters, as in From, To, Contact,
/// Route and Record-Route (RFC 3261 §20.10, §25.1).
public struct NameAddr: Hashable, Sendable, CustomStringConvertible {
    /// The display name, unquoted and unescaped; nil when absent.
    public var displayName: String?
    public var uri: SIPURI
    /// Header parameters after the URI (`;tag=…;expires=…`). Values are kept as
    /// written, so a quoted-string value keeps its quotes.
    public var parameters: SIPParameters

    public init(displayName: String? = nil, uri: SIPURI, parameters: SIPParameters = [:]) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    /// The `tag` parameter that identifies a dialog participant (RFC 3261 §19.3).
    public var tag: String? {
        get { parameters["tag"] }
        set { parameters["tag"] = newValue }
    }

    /// Always the `name-addr` form: the URI inside `<>` so that URI parameters
    /// never mix with header parameters.
    public var description: String {
        var s = ""
        if let displayName { s += Self.quote(displayName) + " " }
        s += "<" + uri.serialized + ">"
        s += parameters.headerParameterText
        return s
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for ch in text {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }
}
